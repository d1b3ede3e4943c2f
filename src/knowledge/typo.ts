/** Corrects misspelt question words against the knowledge base's own vocabulary. */

/**
 * Edits allowed for a word of a given length. Short words get one edit (and only some kinds:
 * see isShortWordTypo). Words of eight letters or more get two, since long names
 * ("populaton", "nieghbours") are where typing slips pile up.
 */
export const TYPO_MIN_LENGTH = 3;
const TWO_EDITS_FROM_LENGTH = 8;
/** Letters a typo may add to the word meant; more than this and it is another word. */
const MAX_EXTRA_LETTERS = 1;
/** Words shorter than this (three or four letters) get the strict rule of isShortWordTypo. */
const SHORT_WORD_BELOW = 5;

/**
 * Words at least this long may be two letters swapped across a third ("ecomony" for "economy"):
 * two edits by distance, but one slip of the fingers. Shorter words have too many anagrams.
 */
const SWAP_MIN_LENGTH = 5;
/** Endings that make an inflection of a word: "light" is "lighter" before it is "sight". */
const INFLECTIONS = ["er", "r", "est", "s", "es", "ly", "ing", "ed", "d"] as const;
/** Words shorter than this are not read as inflections ("coa" is not "coal" minus an ending). */
const INFLECTION_MIN_LENGTH = 4;

/** Words at least this long may be corrected by a shared prefix when edits fail. */
const PREFIX_MIN_WORD_LENGTH = 9;
/** Characters the misspelling and the correction must share at the start. */
const PREFIX_MIN_SHARED = 6;

export function maxEditsFor(length: number): number {
  if (length < TYPO_MIN_LENGTH) return 0;
  return length >= TWO_EDITS_FROM_LENGTH ? 2 : 1;
}

/** Rows reused by editDistance: it runs thousands of times per unknown word, so no allocation. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), stopping past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  if (rows[0].length < width) rows = [new Int32Array(width), new Int32Array(width), new Int32Array(width)];
  let [before, previous, current] = rows;
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const charB = b.charCodeAt(j - 1);
      const cost = charA === charB ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && charA === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === charB) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] ?? limit + 1;
}

/**
 * For four-letter words only a swapped pair ("raod"), a missing ("trup") or extra ("whay") letter counts:
 * replacing a letter turns everyday words into briefing words ("last" -> "east", "take" -> "make").
 */
function isShortWordTypo(typed: string, candidate: string): boolean {
  if (candidate.length === typed.length + 1 || candidate.length === typed.length - 1) return true;
  return isAdjacentSwap(typed, candidate);
}

/** Same letters, two neighbours swapped ("raod", "fomr"): one slip of the fingers. */
export function isAdjacentSwap(typed: string, candidate: string): boolean {
  if (candidate.length !== typed.length) return false;
  let at = 0;
  while (at < typed.length && typed[at] === candidate[at]) at++;
  return (
    at < typed.length - 1 &&
    typed[at] === candidate[at + 1] &&
    typed[at + 1] === candidate[at] &&
    typed.slice(at + 2) === candidate.slice(at + 2)
  );
}

/**
 * Typists rarely miss a word's first letter; a different first letter usually makes a different
 * everyday word ("worth" is not "north", "hold" is not "cold"). Swapping the first two letters
 * ("ocal") is still a slip. Long words keep their two edits anywhere.
 */
function keepsFirstLetter(typed: string, candidate: string): boolean {
  return typed[0] === candidate[0] || (typed[0] === candidate[1] && typed[1] === candidate[0]);
}

/** A vocabulary with corrections cached per word; deterministic (ties go to the more frequent, then alphabetical). */
export class Speller {
  private readonly byLength = new Map<number, string[]>();
  private readonly cache = new Map<string, string | undefined>();
  /** Cache entries kept before starting over, so hostile input cannot grow memory without bound. */
  private static readonly CACHE_LIMIT = 10_000;

  constructor(private readonly frequency: ReadonlyMap<string, number>) {
    const sorted = [...frequency.keys()].sort(
      (a, b) => (frequency.get(b) ?? 0) - (frequency.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
    );
    for (const word of sorted) {
      const bucket = this.byLength.get(word.length) ?? [];
      bucket.push(word);
      this.byLength.set(word.length, bucket);
    }
  }

  private countOf(word: string): number {
    return this.frequency.get(word) ?? 0;
  }

  has(word: string): boolean {
    return this.frequency.has(word);
  }

  /** Every word, most frequent first. */
  words(): string[] {
    return [...this.byLength.values()]
      .flat()
      .sort((a, b) => this.countOf(b) - this.countOf(a) || (a < b ? -1 : 1));
  }

  /** The closest vocabulary word within the allowed edits, or undefined. */
  correct(word: string): string | undefined {
    if (this.cache.has(word)) return this.cache.get(word);
    const corrected = this.search(word);
    if (this.cache.size >= Speller.CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, corrected);
    return corrected;
  }

  private search(word: string): string | undefined {
    if (/\d/.test(word)) return undefined;
    const limit = maxEditsFor(word.length);
    if (limit === 0) return undefined;
    const inflected = this.inflectionOf(word);
    if (inflected !== undefined) return inflected;
    let best: string | undefined;
    let bestDistance = limit + 1;
    // Typing drops letters far more often than it adds two: a word two letters longer than a
    // candidate is another word ("religion" is not "region"), so shorter candidates are one edit away.
    for (
      let length = word.length - Math.min(limit, MAX_EXTRA_LETTERS);
      length <= word.length + limit;
      length++
    ) {
      for (const candidate of this.byLength.get(length) ?? []) {
        if (candidate.length < TYPO_MIN_LENGTH) continue;
        const distance = editDistance(word, candidate, Math.min(limit, bestDistance));
        if (distance > limit || distance > bestDistance) continue;
        // Equally close: the word the knowledge base uses more often is the likelier intent.
        if (distance === bestDistance && best !== undefined && this.countOf(candidate) <= this.countOf(best))
          continue;
        if (word.length < SHORT_WORD_BELOW && !isShortWordTypo(word, candidate)) continue;
        if (word.length < TWO_EDITS_FROM_LENGTH && !keepsFirstLetter(word, candidate)) continue;
        best = candidate;
        bestDistance = distance;
      }
    }
    return best ?? this.bySwap(word) ?? this.byPrefix(word);
  }

  /**
   * A vocabulary word that is this word plus an ending ("light" -> "lighter"): the same word
   * inflected, closer in meaning than any one-letter neighbour. The most frequent one wins.
   */
  private inflectionOf(word: string): string | undefined {
    if (word.length < INFLECTION_MIN_LENGTH) return undefined;
    let best: string | undefined;
    for (const ending of INFLECTIONS) {
      const candidate = word + ending;
      if (this.has(candidate) && (best === undefined || this.countOf(candidate) > this.countOf(best)))
        best = candidate;
    }
    return best;
  }

  /**
   * Two letters swapped across a third ("ecomony" -> "economy"): same length, same letters,
   * exactly two positions differ. Only when exactly one vocabulary word fits, so an anagram
   * pair never decides.
   */
  private bySwap(word: string): string | undefined {
    if (word.length < SWAP_MIN_LENGTH) return undefined;
    let found: string | undefined;
    for (const candidate of this.byLength.get(word.length) ?? []) {
      let first = -1;
      let second = -1;
      let diffs = 0;
      for (let index = 0; index < word.length && diffs <= 2; index++) {
        if (word.charCodeAt(index) === candidate.charCodeAt(index)) continue;
        diffs++;
        if (first < 0) first = index;
        else second = index;
      }
      if (diffs !== 2 || word[first] !== candidate[second] || word[second] !== candidate[first]) continue;
      if (found !== undefined) return undefined;
      found = candidate;
    }
    return found;
  }

  /**
   * Phonetic misspellings of long words ("populashun") are beyond two edits but keep the start:
   * accept a same-length-or-one-off word sharing a long prefix. Short prefixes would turn
   * "governor" into "government", so only long words and long shared starts qualify.
   */
  private byPrefix(word: string): string | undefined {
    if (word.length < PREFIX_MIN_WORD_LENGTH) return undefined;
    const prefix = word.slice(0, PREFIX_MIN_SHARED);
    for (let length = word.length - 1; length <= word.length + 1; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        if (candidate.startsWith(prefix)) return candidate;
      }
    }
    return undefined;
  }
}

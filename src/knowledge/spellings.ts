/**
 * Ways a typed word differs from the word meant that edit distance alone misjudges: British
 * endings, a letter typed twice or once too few, and names spelled by ear. Each takes the test of
 * what counts as a known word, so it stays independent of the engine.
 */
import { editDistance, isAdjacentSwap, TYPO_MIN_LENGTH } from "./typo.js";

/** British endings and their American spellings: "neighbours", "industrialisation", "centre". */
const BRITISH_ENDINGS: readonly (readonly [RegExp, string])[] = [
  [/our(s|ed|ing)?$/, "or$1"],
  [/is(e|es|ed|ing|ation|ations)$/, "iz$1"],
  [/ys(e|es|ed|ing)$/, "yz$1"],
  [/tre(s)?$/, "ter$1"],
  [/ogue(s)?$/, "og$1"],
  [/orientated$/, "oriented"],
  [/amme(s)?$/, "am$1"],
];

/** The American spelling of a British one, if the word has a British ending. */
export function americanSpelling(word: string): string | undefined {
  for (const [ending, replacement] of BRITISH_ENDINGS) {
    if (ending.test(word)) return word.replace(ending, replacement);
  }
  return undefined;
}

/**
 * A letter typed twice or once too few ("helpfull", "economicaly"): the commonest typo, and safe
 * to correct to any word of the knowledge base or lexicon, which other typos are not ("elected"
 * must not become the lexicon's "erected").
 */
export function doublingTypo(word: string, isKnown: (candidate: string) => boolean): string | undefined {
  for (let at = 1; at < word.length; at++) {
    const letter = word[at] ?? "";
    if (letter === word[at - 1]) {
      const undoubled = word.slice(0, at) + word.slice(at + 1);
      if (isKnown(undoubled)) return undoubled;
    }
    const doubled = word.slice(0, at) + letter + word.slice(at);
    if (/[a-z]/.test(letter) && isKnown(doubled)) return doubled;
  }
  return undefined;
}

/** A name spelled by ear differs from the real one by at most this many letters ("dongbay" / "dongbei": 0). */
const NAME_SOUND_MAX_LENGTH_GAP = 2;

/** Consonants in order, doubled ones once, vowels and "y" dropped: "dongbei" and "dongbay" -> "dngb". */
function consonantSkeleton(word: string): string {
  return word.replace(/[aeiouy]/g, "").replace(/(.)\1+/g, "$1");
}

/**
 * A name spelled by ear ("dongbay", "jinpeeng", "mongolya"): the same first letter and the same
 * consonants in order, within NAME_SOUND_MAX_LENGTH_GAP letters. Names only: everyday words
 * sharing consonants are different words ("tramp" is not "trump").
 */
export function nameSoundingLike(word: string, names: Iterable<string>): string | undefined {
  if (word.length < TYPO_MIN_LENGTH) return undefined;
  const skeleton = consonantSkeleton(word);
  let found: string | undefined;
  for (const name of names) {
    if (name[0] !== word[0] || Math.abs(name.length - word.length) > NAME_SOUND_MAX_LENGTH_GAP) continue;
    if (consonantSkeleton(name) !== skeleton) continue;
    // Two names sound alike: the word is ambiguous, so it stays as typed.
    if (found !== undefined && found !== name) return undefined;
    found = name;
  }
  return found;
}

/**
 * Whether a typed word is a slip of an everyday word: a dropped letter ("locatd"), a doubled one
 * ("durring") or two swapped. Changing or adding a letter makes other real words ("decide" is not
 * "decade", "table" not "able"), and an ending makes the same word ("stand", "standing").
 */
export function isSlipOf(typed: string, candidate: string): boolean {
  const dropped =
    candidate.length === typed.length + 1 &&
    !candidate.startsWith(typed) &&
    editDistance(typed, candidate, 1) <= 1;
  // A doubled letter is doublingTypo's undoubling ("durring"); its doubling is a dropped letter.
  const doubled =
    candidate.length === typed.length - 1 && doublingTypo(typed, (word) => word === candidate) !== undefined;
  return dropped || isAdjacentSwap(typed, candidate) || doubled;
}

/** Shorter words ending in "ly" are rarely adverbs: "italy", "july", "rely". */
const ADVERB_MIN_LENGTH = 6;

/** An adverb says how ("chiefly", "geopolitically"), not what about. */
export function looksLikeAdverb(word: string): boolean {
  return word.length >= ADVERB_MIN_LENGTH && word.endsWith("ly");
}

/**
 * Decides whether a typed answer is the right one. Numbers are compared by value ("7", "7%",
 * "seven percent" and "about 7 percent" are the same answer; "70" is not "7"); words are compared
 * whole, after folding, with one typo allowed in long words.
 */
import { foldText, stem, words } from "../knowledge/fold.js";
import { MULTIPLIERS, parseNumeral } from "./numbers.js";

/** Words of this length or more may carry one typo: shorter ones would match other words. */
export const TYPO_MIN_WORD_LENGTH = 5;
/** Edits (insert, delete, substitute, swap two neighbours) tolerated in such a word. */
export const TYPO_MAX_EDITS = 1;

/** Words that hedge or pad an answer without changing it. */
const FILLER = new Set([
  "a",
  "an",
  "the",
  "about",
  "around",
  "approximately",
  "roughly",
  "some",
  "nearly",
  "almost",
  "just",
  "of",
  "and",
  "percent",
  "per",
  "cent",
  "it",
  "is",
  "its",
  "was",
]);

interface Parsed {
  readonly numbers: readonly number[];
  readonly words: readonly string[];
}

function parse(text: string): Parsed {
  const folded = foldText(text)
    .replace(/%/g, " percent ")
    .replace(/(\d),(?=\d{3}\b)/g, "$1");
  const tokens = words(folded);
  const numbers: number[] = [];
  const content: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] ?? "";
    // "1980s" is read as its first year, so "1980" answers "the 1980s".
    const value = parseNumeral(token) ?? (/^\d{4}s$/.test(token) ? Number(token.slice(0, 4)) : undefined);
    if (value !== undefined) {
      const multiplier = MULTIPLIERS[tokens[index + 1] ?? ""];
      numbers.push(multiplier === undefined ? value : value * multiplier);
      if (multiplier !== undefined) index++;
      continue;
    }
    if (!FILLER.has(token)) content.push(token);
  }
  return { numbers, words: content };
}

/** Optimal string alignment distance, stopping early once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const previous = rows[i - 1] ?? [];
      let best = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? limit + 1;
}

function sameWord(expected: string, given: string): boolean {
  if (expected === given || stem(expected) === stem(given)) return true;
  if (Math.min(expected.length, given.length) < TYPO_MIN_WORD_LENGTH) return false;
  return editDistance(expected, given, TYPO_MAX_EDITS) <= TYPO_MAX_EDITS;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const sortedA = [...a].sort((x, y) => x - y);
  const sortedB = [...b].sort((x, y) => x - y);
  return sortedA.every((value, index) => value === sortedB[index]);
}

function matchesOne(expectedText: string, givenText: string): boolean {
  const expected = parse(expectedText);
  const given = parse(givenText);
  if (expected.numbers.length > 0) {
    // A number answer is judged on its numbers; words around it ("more than", "people") may be left out.
    if (!sameNumbers(expected.numbers, given.numbers)) return false;
    return given.words.every((word) => expected.words.some((candidate) => sameWord(candidate, word)));
  }
  if (given.numbers.length > 0 || given.words.length === 0) return false;
  // Every word of the answer must be given, whole, and nothing else: "two three four" is no answer.
  const unused = [...given.words];
  for (const word of expected.words) {
    const at = unused.findIndex((candidate) => sameWord(word, candidate));
    if (at < 0) return false;
    unused.splice(at, 1);
  }
  return unused.length === 0;
}

/** True when `given` is the answer `expected`, or one of `alsoAccepted`. */
export function answerMatches(
  expected: string,
  given: string,
  alsoAccepted: readonly string[] = [],
): boolean {
  return [expected, ...alsoAccepted].some((candidate) => matchesOne(candidate, given));
}

/**
 * A key under which two answers count as the same (numbers by value, words folded and stemmed),
 * used to keep one game from asking the same thing twice.
 */
export function answerKey(answer: string): string {
  const parsed = parse(answer);
  return parsed.numbers.length > 0 ? parsed.numbers.join(",") : parsed.words.map(stem).join(" ");
}

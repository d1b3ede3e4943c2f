/**
 * Number words and their values, shared by question matching (src/knowledge/normalize.ts) and
 * quiz answers (src/quiz/numbers.ts), so both read "seven" and "thirty" the same way.
 */

export const SMALL_NUMBER_WORDS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
] as const;

export const TENS_WORDS: Readonly<Record<string, number>> = {
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** Both lists in one Map: looked up for every word of every sentence at index time, and a Map has no prototype keys. */
const VALUES: ReadonlyMap<string, number> = new Map<string, number>([
  ...SMALL_NUMBER_WORDS.map((word, value): [string, number] => [word, value]),
  ...Object.entries(TENS_WORDS),
]);

/** The value of one number word from "zero" to "ninety" ("seven" -> 7), or undefined. */
export function numberWordValue(word: string): number | undefined {
  return VALUES.get(word.toLowerCase());
}

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

/** The value of one number word from "zero" to "ninety" ("seven" -> 7), or undefined. */
export function numberWordValue(word: string): number | undefined {
  const lower = word.toLowerCase();
  const small = (SMALL_NUMBER_WORDS as readonly string[]).indexOf(lower);
  if (small >= 0) return small;
  // Own keys only: "constructor" must not find Object.prototype.constructor.
  return Object.hasOwn(TENS_WORDS, lower) ? TENS_WORDS[lower] : undefined;
}

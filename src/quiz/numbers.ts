/** Reading and writing numbers the way the briefing and players write them ("three", "100 million", "7%"). */

const SMALL_NUMBER_WORDS = [
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

const TENS_WORDS: Readonly<Record<string, number>> = {
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
};

export const MULTIPLIERS: Readonly<Record<string, number>> = {
  thousand: 1_000,
  million: 1_000_000,
  billion: 1_000_000_000,
};

/** The value of one number word ("seven" -> 7), or undefined. */
export function numberWordValue(word: string): number | undefined {
  const lower = word.toLowerCase();
  const small = (SMALL_NUMBER_WORDS as readonly string[]).indexOf(lower);
  if (small >= 0) return small;
  return TENS_WORDS[lower];
}

/** Pattern source for a number written in digits or as a word. */
export const NUMBER_PATTERN = `(?:\\d+(?:[.,]\\d+)*|${[...SMALL_NUMBER_WORDS, ...Object.keys(TENS_WORDS)].join("|")})`;

/** The value of a numeral ("1,000", "7.5", "seven"), or undefined. */
export function parseNumeral(text: string): number | undefined {
  if (/^\d+(?:,\d{3})+$/.test(text)) return Number(text.replace(/,/g, ""));
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  return numberWordValue(text);
}

/** Writes `value` in the same style as `like` (a word if `like` was a word, digits otherwise). */
export function formatLike(value: number, like: string): string {
  if (/^\d/.test(like)) return String(value);
  const word = SMALL_NUMBER_WORDS[value];
  if (word !== undefined) return word;
  const tens = Object.entries(TENS_WORDS).find(([, tensValue]) => tensValue === value)?.[0];
  return tens ?? String(value);
}

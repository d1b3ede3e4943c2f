/** Reading and writing numbers the way the briefing and players write them ("three", "100 million", "7%"). */
import {
  numberWordValue,
  SMALL_NUMBER_WORDS,
  TENS_WORDS as SHARED_TENS_WORDS,
} from "../knowledge/numberWords.js";

/** The shared tens, plus "hundred", which players also write as a whole answer. */
const HUNDRED = 100;
const TENS_WORDS: Readonly<Record<string, number>> = { ...SHARED_TENS_WORDS, hundred: HUNDRED };

export const MULTIPLIERS: Readonly<Record<string, number>> = {
  thousand: 1_000,
  million: 1_000_000,
  billion: 1_000_000_000,
};

/** Pattern source for a number written in digits or as a word. */
export const NUMBER_PATTERN = `(?:\\d+(?:[.,]\\d+)*|${[...SMALL_NUMBER_WORDS, ...Object.keys(TENS_WORDS)].join("|")})`;

/** The value of a numeral ("1,000", "7.5", "seven"), or undefined. */
export function parseNumeral(text: string): number | undefined {
  if (/^\d+(?:,\d{3})+$/.test(text)) return Number(text.replace(/,/g, ""));
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  return text.toLowerCase() === "hundred" ? HUNDRED : numberWordValue(text);
}

/** Writes `value` in the same style as `like` (a word if `like` was a word, digits otherwise). */
export function formatLike(value: number, like: string): string {
  if (/^\d/.test(like)) return String(value);
  const word = SMALL_NUMBER_WORDS[value];
  if (word !== undefined) return word;
  const tens = Object.entries(TENS_WORDS).find(([, tensValue]) => tensValue === value)?.[0];
  return tens ?? String(value);
}

/** Names in text: capitalized words and possessives ("Xi's plan"). */
import type { Term } from "./analyze.js";
import { foldText } from "./fold.js";

/**
 * Folded words written with a capital initial after the sentence's first word: parts of names.
 * A plain scan, not a Unicode regex: it runs on every sentence of every briefing.
 */
export function capitalizedWords(text: string): Set<string> {
  const found = new Set<string>();
  let start = -1;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 32;
    const isLetter =
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code > 127 && text.charAt(index).toLowerCase() !== text.charAt(index).toUpperCase());
    if (isLetter && start < 0) start = index;
    if (isLetter || start < 0) continue;
    const first = text.charCodeAt(start);
    const upper =
      (first >= 65 && first <= 90) ||
      (first > 127 && text.charAt(start) !== text.charAt(start).toLowerCase());
    if (start > 0 && upper) found.add(foldText(text.slice(start, index)));
    start = -1;
  }
  return found;
}
/** The words of folded text as words() splits them, to find which ones carried a possessive "'s". */
export const WORD_WITH_APOSTROPHES = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;

/**
 * Terms that end in a possessive "'s" ("xi's slogan" -> xi). Positions follow words(folded);
 * when normalizing quantities changed the word count, they no longer line up and none are read.
 */
export function possessors(folded: string, terms: readonly Term[], normalizedLength: number): Term[] {
  const flags = [...folded.matchAll(WORD_WITH_APOSTROPHES)]
    .filter((match) => match[0].replace(/'s$/, "").replace(/'/g, "") !== "")
    .map((match) => match[0].endsWith("'s"));
  if (flags.length !== normalizedLength) return [];
  return terms.filter((term) => flags[term.index + term.word.split(" ").length - 1] === true);
}

/** A run of two or more capitalized words: one name ("Russian Far East", "Belt and Road" aside). */
export const NAME_RUN = /\p{Lu}[\p{L}'\u2019-]*(?:\s+\p{Lu}[\p{L}'\u2019-]*)+/gu;

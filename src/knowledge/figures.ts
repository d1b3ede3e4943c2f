/** Numbers in questions and sentences: what is a figure, what it counts, and lists of names. */
import type { Term } from "./analyze.js";

/** Quantities (not years): what "how many" and "what percent" answers contain. */
export const NUMBER_WORDS =
  /\b\d{1,3}(?:[.,]\d+)?\b(?!s)|\b\d{5,}\b|%|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|half|third|quarter|percent|dozen|twice|double)\b/;
export const TIME_WORDS =
  /\b(1[89]\d\d|20\d\d|\d+s|years?|decades?|since|before|after|century|war|once|past|era)\b/;
/**
 * "How many" questions about these are quantities, answered only by a figure; "how many
 * countries border it" may be answered by the sentence that lists them.
 */
export const QUANTITY_NOUNS = new Set(
  `people persons person ppl folks residents inhabitants citizens population workers jobs employees years
  decades months weeks days hours times dollars yuan euros tons tonnes percent money plants factories mills
  mines companies firms`.split(/\s+/),
);
/** Named things listed in one sentence ("North Korea and ... Mongolia") answer a "how many" count. */
export const MIN_LISTED_NAMES = 2;
/** A capitalised run of words next to a list separator: one listed name. */
export const LISTED_NAME =
  /(?:(?:,|\band\b|\bor\b|[-\u2014\u2013])\s+(?:the\s+)?[A-Z][\p{L}'\u2019-]*(?:\s+[A-Z][\p{L}'\u2019-]*)*)|(?:[A-Z][\p{L}'\u2019-]*(?:\s+[A-Z][\p{L}'\u2019-]*)*\s*(?:,|\band\b|\bor\b))/gu;

/** How many distinct names stand next to a list separator (not counting the sentence's first word). */
export function countListedNames(text: string): number {
  // Most sentences list nothing: no separator, no need for the expensive pattern.
  if (!/,|\band\b|\bor\b|[-\u2014\u2013]/.test(text)) return 0;
  const names = new Set<string>();
  for (const match of text.matchAll(LISTED_NAME)) {
    if (match.index === 0) continue;
    const name = match[0].replace(/^(?:,|and|or|[-\u2014\u2013])\s+(?:the\s+)?|\s*(?:,|and|or)$/g, "").trim();
    if (/^[A-Z]/.test(name)) names.add(name);
  }
  return names.size;
}

/** Number words inside names ("World War Two") are not quantities: the sentence states no figure. */
export function withoutNamedNumbers(folded: string, capitalized: ReadonlySet<string>): string {
  let text = folded;
  for (const word of capitalized) {
    if (NUMBER_WORDS.test(word) && !/\d/.test(word))
      text = text.replace(new RegExp(`\\b${word}\\b`, "g"), " ");
  }
  return text;
}

/** Words between a number and what it counts: "100 million people", "90 percent of its homes". */
export const MULTIPLIERS = new Set([
  "thousand",
  "million",
  "billion",
  "hundred",
  "percent",
  "of",
  "its",
  "the",
  "their",
]);
/** Plural time spans that count without a figure: "for decades". */
export const VAGUE_SPANS = /^(decades|years|centuries|generations)$/;

/** Concepts of terms right after a number (past multipliers), and vague spans such as "for decades". */
export function countedConcepts(sequence: readonly string[], terms: readonly Term[]): Set<string> {
  const counted = new Set<string>();
  for (const term of terms) {
    let at = term.index - 1;
    while (at >= 0 && MULTIPLIERS.has(sequence[at] ?? "")) at--;
    if (/^\d/.test(sequence[at] ?? "") || VAGUE_SPANS.test(term.word)) counted.add(term.concept);
  }
  return counted;
}

/** "1980" is stated by "1980" or "1980s"; "80" (from "the 80s") by "1980s" too. */
export function hasFigure(folded: string, figure: string): boolean {
  if (!folded.includes(figure)) return false;
  for (const token of folded.split(" ")) {
    const digits = /^\d+/.exec(token)?.[0];
    if (digits === undefined) continue;
    if (digits === figure || (figure.length === 2 && digits.length === 4 && digits.endsWith(figure)))
      return true;
  }
  return false;
}

/** A question that asks whether a statement holds: its figures are claims to check, not facts to find. */
export const CHECKS_CLAIM =
  /^(?:true or false|yes or no|t or f|t ?\/ ?f)\b|\b(?:true or false|yes or no)\W*$|\b(?:is|was) (?:that|this|it) (?:\w+ )?(?:correct|right|true|accurate|wrong)\b|\bis it true that\b|\bam i (?:right|wrong|mixing|misremembering|confusing)|,? (?:right|correct|true)\W*$|^i (?:remember|recall|thought|think|believe|heard|read|have it in my head|always thought)\b/;
/**
 * Words before a figure that make it a guess or a threshold to check: "like 14%", "maybe 3",
 * "3 or 4", "above 10%", "bigger than 50 million", "at least 5".
 */
const GUESS_MARKERS: ReadonlySet<string> = new Set([
  "like",
  "maybe",
  "perhaps",
  "or",
  "guess",
  "above",
  "below",
  "over",
  "under",
  "than",
  "least",
  "exceed",
  "exceeds",
]);

export function isGuessedFigure(sequence: readonly string[], index: number): boolean {
  return GUESS_MARKERS.has(sequence[index - 1] ?? "") || sequence[index + 1] === "or";
}

/** Words after which a number counts the things asked for ("which two industries", "name three"). */
export const ITEM_COUNT_ASKERS: ReadonlySet<string> = new Set(["which", "what", "name", "list"]);

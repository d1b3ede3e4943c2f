/**
 * Finds the typed spans a question can be built on in a sentence: percentages, years, decades,
 * counts, people and places. The type decides which distractors are plausible (a year for a
 * year, a place for a place), so this is where "same type" is defined.
 */
import { MULTIPLIERS, NUMBER_PATTERN, parseNumeral } from "./numbers.js";

export type EntityType = "percent" | "year" | "decade" | "count" | "person" | "place";

export interface Entity {
  readonly type: EntityType;
  /** Offsets of the span in the sentence; the span is what a cloze blanks out. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Numeric value for numbers (the year for a year, 1980 for "1980s"). */
  readonly value?: number;
  /** For counts, the word the number counts ("provinces"), which questions must mention. */
  readonly unit?: string;
  /**
   * True when the text bounds the number from below ("more than 100 million", "over the past
   * 30 years"): a smaller distractor would then make a true statement, so only larger ones are used.
   */
  readonly lowerBound?: boolean;
}

/**
 * People who may appear in briefings, with the forms used in the text and the one to swap in.
 * The briefing carries no entity annotations, so they are listed here; a name that is not in
 * a sentence verbatim is never used to build a question from it.
 */
export const PEOPLE: readonly { readonly name: string; readonly surfaces: readonly string[] }[] = [
  { name: "Donald Trump", surfaces: ["Donald Trump", "Trump"] },
  { name: "Xi Jinping", surfaces: ["Xi Jinping", "Xi"] },
];

/**
 * Places a question may blank out. China and Beijing are left out on purpose: they are aliases
 * of each other and of "the country", so a swapped-in one could make a true statement.
 */
export const PLACES: readonly string[] = ["Dongbei", "North Korea", "Russian Far East", "Mongolia"];

const LOWER_BOUND_BEFORE = /\b(?:more than|over(?: the past)?|at least|upwards of)\s+$/i;
const YEAR = /\b(1[89]\d{2}|20\d{2})(s?)\b/g;
const PERCENT = new RegExp(`\\b(${NUMBER_PATTERN})\\s?(percent|per cent|%)`, "gi");
const COUNT = new RegExp(
  `\\b(${NUMBER_PATTERN})(\\s+(?:${Object.keys(MULTIPLIERS).join("|")}))?\\s+([a-z]+)`,
  "g",
);

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function overlaps(found: readonly Entity[], start: number, end: number): boolean {
  return found.some((entity) => start < entity.end && end > entity.start);
}

/** Every typed span in `sentence`, in text order, none overlapping. */
export function findEntities(sentence: string): Entity[] {
  const found: Entity[] = [];
  const lowerBound = (start: number) => LOWER_BOUND_BEFORE.test(sentence.slice(0, start));

  for (const match of sentence.matchAll(PERCENT)) {
    const value = parseNumeral(match[1] ?? "");
    if (value === undefined) continue;
    const start = match.index;
    const end = start + match[0].length;
    found.push({ type: "percent", start, end, text: match[0], value, lowerBound: lowerBound(start) });
  }
  for (const match of sentence.matchAll(YEAR)) {
    const start = match.index;
    const end = start + match[0].length;
    if (overlaps(found, start, end)) continue;
    const value = Number(match[1]);
    found.push({ type: match[2] === "s" ? "decade" : "year", start, end, text: match[0], value });
  }
  for (const match of sentence.matchAll(COUNT)) {
    const numeral = match[1] ?? "";
    const multiplierWord = (match[2] ?? "").trim();
    const unit = match[3] ?? "";
    const base = parseNumeral(numeral);
    const start = match.index;
    const end = start + numeral.length + (match[2]?.length ?? 0);
    // A count counts something plural ("three provinces"); "one that" is not a count.
    const countsThings = unit.endsWith("s") || unit === "people";
    if (base === undefined || !countsThings || unit === "percent" || overlaps(found, start, end)) continue;
    const value = base * (MULTIPLIERS[multiplierWord] ?? 1);
    found.push({
      type: "count",
      start,
      end,
      text: sentence.slice(start, end),
      value,
      unit,
      lowerBound: lowerBound(start),
    });
  }
  for (const person of PEOPLE) {
    // Longest surface first, so "Donald Trump" is one span rather than "Trump" inside it.
    for (const surface of [...person.surfaces].sort((a, b) => b.length - a.length)) {
      for (const match of sentence.matchAll(new RegExp(`\\b${escape(surface)}\\b`, "g"))) {
        const start = match.index;
        const end = start + surface.length;
        if (!overlaps(found, start, end)) found.push({ type: "person", start, end, text: surface });
      }
    }
  }
  for (const place of PLACES) {
    for (const match of sentence.matchAll(new RegExp(`\\b${escape(place)}\\b`, "g"))) {
      const start = match.index;
      const end = start + place.length;
      if (!overlaps(found, start, end)) found.push({ type: "place", start, end, text: place });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The person a surface form names ("Trump" -> Donald Trump). */
export function personOf(surface: string): (typeof PEOPLE)[number] | undefined {
  return PEOPLE.find((person) => person.surfaces.includes(surface));
}

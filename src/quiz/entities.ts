/**
 * The typed spans a quiz question can be built on, read from the briefing by the reader
 * (src/knowledge/reader.ts): percentages, years, decades, counts, sums of money, durations, dates,
 * and people, places and groups by name. The type decides which distractors are plausible (a year
 * for a year, a place for a place), so this is where "same type" is defined.
 */
import type { ReadSentence } from "../knowledge/reader.js";

export type EntityType =
  "percent" | "year" | "decade" | "count" | "money" | "duration" | "date" | "person" | "place" | "group";

export const NAME_TYPES: ReadonlySet<EntityType> = new Set(["person", "place", "group"]);

export interface Entity {
  readonly type: EntityType;
  /** Offsets of the span in the sentence; the span is what a cloze blanks out. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Numeric value for numbers (the year for a year, 1980 for "1980s"). */
  readonly value?: number;
  /** For counts, what the number counts ("provinces"). */
  readonly unit?: string;
  /**
   * True when the text bounds the number from below ("more than 100 million", "over the past
   * 30 years"): a smaller distractor would then make a true statement, so only larger ones are used.
   */
  readonly lowerBound?: boolean;
}

const LOWER_BOUND_BEFORE = /\b(?:more than|over(?: the past)?|at least|upwards of)\s+$/i;
/** Words a reader's figure may start with that a cloze leaves in place ("about 7 percent"). */
const QUALIFIERS = /^(?:about|around|nearly|almost|roughly|some|over|under|approximately)$/i;
const DECADE = /^(?:1[5-9]|20)\d0s$/;

function overlaps(found: readonly Entity[], start: number, end: number): boolean {
  return found.some((entity) => start < entity.end && end > entity.start);
}

/** Every typed span the reader found in `sentence`, in text order, none overlapping. */
export function findEntities(sentence: ReadSentence): Entity[] {
  const text = sentence.sentence.text;
  const tokens = sentence.tokens;
  const found: Entity[] = [];
  const span = (from: number, to: number) => ({
    start: tokens[from]?.start ?? 0,
    end: tokens[to - 1]?.end ?? 0,
  });
  const add = (entity: Entity) => {
    if (entity.end > entity.start && !overlaps(found, entity.start, entity.end)) found.push(entity);
  };
  for (const figure of sentence.figures) {
    let from = figure.start;
    while (from < figure.end - 1 && QUALIFIERS.test(tokens[from]?.text ?? "")) from++;
    const { start, end } = span(from, figure.end);
    const surface = text.slice(start, end);
    const lowerBound = LOWER_BOUND_BEFORE.test(text.slice(0, start));
    const base = {
      start,
      end,
      text: surface,
      lowerBound,
      ...(figure.value === undefined ? {} : { value: figure.value }),
    };
    if (figure.kind === "year") add({ ...base, type: DECADE.test(surface) ? "decade" : "year" });
    else if (figure.kind === "percent") add({ ...base, type: "percent" });
    else if (figure.kind === "money") add({ ...base, type: "money" });
    else if (figure.kind === "duration") add({ ...base, type: "duration" });
    else if (figure.kind === "count" && figure.value !== undefined && figure.counts !== undefined) {
      // A count counts something ("three provinces"): the cloze blanks the number and its multiplier.
      add({ ...base, type: "count", unit: figure.counts });
    }
  }
  for (const time of sentence.times) {
    if (time.kind !== "date" || time.end - time.start !== 1) continue;
    add({
      type: "date",
      ...span(time.start, time.end),
      text: text.slice(span(time.start, time.end).start, span(time.start, time.end).end),
    });
  }
  for (const name of sentence.names) {
    if (name.kind === "unknown") continue;
    const { start, end } = span(name.start, name.end);
    add({ type: name.kind, start, end, text: text.slice(start, end) });
  }
  return found.sort((a, b) => a.start - b.start);
}

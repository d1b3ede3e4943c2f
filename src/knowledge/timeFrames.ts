/** Time frames: the dates and events a sentence or question is placed in ("before World War Two"). */
import type { Term } from "./analyze.js";

/** Years and decades ("1980", "1980s", "80s"): points in time a sentence can be anchored to. */
export const DATE_WORD = /^(\d{4}|\d{2,4}s)$/;
/** Which side of a date or event a time frame covers; "either" when two are offered ("before or after"). */
export type TimeFrame = "before" | "after" | "since" | "during" | "either";
/**
 * Words after which a date or event in a sentence is its time frame ("before World War Two",
 * "since 1980"). Only unambiguous ones: "in" also places things ("in northeastern China").
 */
export const SENTENCE_TIME_FRAME: ReadonlyMap<string, TimeFrame> = new Map([
  ["before", "before"],
  ["until", "before"],
  ["till", "before"],
  ["after", "after"],
  ["since", "since"],
  ["during", "during"],
]);
/** In a question, "in the 1980s" and "by 1990" are time frames too: the question is about something else. */
export const QUESTION_TIME_FRAME: ReadonlyMap<string, TimeFrame> = new Map([
  ...SENTENCE_TIME_FRAME,
  ["by", "before"],
  ["from", "since"],
  ["in", "during"],
  ["around", "during"],
  ["throughout", "during"],
]);
/**
 * Time frames that cannot describe the same period: a sentence about the years before World War
 * Two says nothing about what happened during or after it. ("Since 1980" includes 1980 itself.)
 */
export const CONFLICTING_FRAMES: ReadonlySet<string> = new Set([
  "before/after",
  "after/before",
  "before/since",
  "since/before",
  "before/during",
  "during/before",
  "after/during",
  "during/after",
]);
/** Words skipped when looking back for a time-frame word ("in the 1980s"). */
export const ARTICLES = new Set(["the", "a", "an", "early", "late", "mid"]);
export const NO_ANCHORS: ReadonlyMap<string, TimeFrame | undefined> = new Map();
/**
 * The time frame a term is placed in by the word before it ("before World War Two", "in the
 * 1980s"): the date or event then places something else in time rather than being what is
 * asked about. Undefined when no time-frame word precedes it.
 */
export function frameOf(
  sequence: readonly string[],
  term: Term,
  frameWords: ReadonlyMap<string, TimeFrame>,
): TimeFrame | undefined {
  let at = term.index - 1;
  while (at >= 0 && ARTICLES.has(sequence[at] ?? "")) at--;
  const frame = frameWords.get(sequence[at] ?? "");
  // "Before or after World War Two" asks which side: it is framed by the event, on no one side.
  const offersTwo =
    frame !== undefined && ALTERNATIVES.has(sequence[at - 1] ?? "") && frameWords.has(sequence[at - 2] ?? "");
  return offersTwo ? "either" : frame;
}

/** Words that join two time frames into a choice or a span ("before or after", "before and after"). */
const ALTERNATIVES: ReadonlySet<string> = new Set(["or", "and"]);

/** Dates and events a sentence is framed by ("before World War Two", "the 1980s"), with the side it speaks of. */
export function anchorsOf(
  sequence: readonly string[],
  terms: readonly Term[],
): ReadonlyMap<string, TimeFrame | undefined> {
  let anchors: Map<string, TimeFrame | undefined> | undefined;
  for (const term of terms) {
    const frame = frameOf(sequence, term, SENTENCE_TIME_FRAME);
    if (frame === undefined && !DATE_WORD.test(term.word)) continue;
    anchors ??= new Map();
    anchors.set(term.concept, frame);
  }
  return anchors ?? NO_ANCHORS;
}

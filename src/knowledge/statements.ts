/**
 * Facts read from a briefing's own sentences, for a briefing without a facts file: every sentence
 * that states something a reader can learn (a figure, a date or period, a named person, place or
 * group, or a cause) becomes a fact, so /fact, the daily post and the quiz work on any briefing
 * the day it is dropped in.
 */
import { cite } from "./cite.js";
import type { ReadBriefing, ReadSentence } from "./reader.js";
import type { Fact } from "./types.js";

/** Shortest sentence, in content words, that is worth posting on its own ("The beef?" is not). */
export const MIN_STATEMENT_TERMS = 5;

/** Whether a sentence states something: a figure, a time, a name, or a cause. */
export function statesSomething(sentence: ReadSentence): boolean {
  if (sentence.terms.length < MIN_STATEMENT_TERMS) return false;
  if (/\?\s*["'”’)]*$/.test(sentence.sentence.text)) return false;
  return (
    sentence.figures.length > 0 ||
    sentence.times.length > 0 ||
    sentence.names.some((name) => name.kind !== "unknown") ||
    sentence.cues.cause
  );
}

export function statementFacts(read: ReadBriefing): Fact[] {
  return read.sentences.filter(statesSomething).map((sentence) => ({
    id: `${read.briefing.id}-p${sentence.paragraph.number}-s${sentence.sentence.number}`,
    briefing: read.briefing.id,
    quote: cite(sentence),
    topics: [],
    keywords: sentence.names.map((name) => name.text),
    questions: [],
    origin: "read" as const,
  }));
}

/**
 * Stage 3 of the answering pipeline: finds the sentences that might answer a question and
 * measures how each one meets it: by the question's own words, by WordNet relatives, by similar
 * meaning, through the sentence's context (its briefing's title, the sentence before), and by
 * BM25 over lemmas. The measures stay apart; the decision stage weighs them.
 */
import type { MeaningIndex, WordMatch } from "./meaningIndex.js";
import type { Question } from "./question.js";
import { pointsBack, type ReadSentence } from "./reader.js";
import { signalsOf } from "./signals.js";
import type { Term } from "./terms.js";

/** What one question term found in one sentence. */
export interface TermMeeting {
  readonly term: Term;
  /** Best match in the sentence itself: exact, related or similar, or none. */
  readonly match: WordMatch | undefined;
  /** Matched exactly or as a relative in the sentence's context only. */
  readonly inContext: boolean;
  /** Found in a sentence that shares a name with this one (see MeaningIndex.contextOf). */
  readonly inProfile: boolean;
}

export interface Candidate {
  readonly sentence: ReadSentence;
  readonly id: number;
  readonly meetings: readonly TermMeeting[];
  /** Signals for the decision, by name (see FEATURES in decide.ts). */
  readonly signals: Record<string, number>;
}

function bestMatch(expansion: ReadonlyMap<string, WordMatch>, sentence: ReadSentence): WordMatch | undefined {
  let best: WordMatch | undefined;
  for (const word of sentence.expansions) {
    const match = expansion.get(word);
    if (match !== undefined && (best === undefined || rank(match) > rank(best))) best = match;
  }
  for (const term of sentence.terms) {
    for (const key of [term.lemma, term.lower]) {
      const match = expansion.get(key);
      if (match === undefined) continue;
      if (best === undefined || rank(match) > rank(best)) best = match;
    }
  }
  return best;
}

/**
 * Sentences whose full signals are measured, best by a first cheap pass (the question's weight
 * each meets). Measured on the development briefings with leave-one-out training: 32, 12 and 8
 * rank the right sentence first for 76.3%, 76.3% and 76.5% of answerable questions, with the same
 * balanced accuracy; fewer candidates cost less time, most of all with many briefings loaded.
 */
export const MAX_CANDIDATES = 8;

function rank(match: WordMatch): number {
  return match.kind === "exact" ? 3 : match.kind === "related" ? 2 : match.strength;
}

/** Candidates for a question among the sentences `inScope` accepts, with their signals. */
export function findCandidates(
  question: Question,
  index: MeaningIndex,
  inScope: (sentence: ReadSentence) => boolean,
): Candidate[] {
  const terms = question.terms;
  const expansions = terms.map((term) => index.expand(term));
  // A first, cheap pass: each sentence's best match per question word, weighed, from the postings.
  const best = new Map<number, Float64Array>();
  expansions.forEach((expansion, at) => {
    for (const [word, match] of expansion) {
      for (const id of index.sentencesWith(word)) {
        const sentence = index.sentences[id];
        if (sentence === undefined || !inScope(sentence)) continue;
        let row = best.get(id);
        if (row === undefined) best.set(id, (row = new Float64Array(terms.length)));
        row[at] = Math.max(row[at] ?? 0, match.strength);
      }
    }
  });
  carryToNextSentence(best, index, inScope);
  const prescore = (id: number) => {
    const row = best.get(id);
    return row === undefined ? 0 : terms.reduce((sum, term, at) => sum + term.weight * (row[at] ?? 0), 0);
  };
  const ids = new Set(
    [...best.keys()]
      .filter((id) => index.sentences[id]?.asks !== true)
      .sort((a, b) => prescore(b) - prescore(a) || a - b)
      .slice(0, MAX_CANDIDATES),
  );
  // "Why X": the sentence before "As a result, X" holds the cause.
  if (question.askedFor === "reason") {
    for (const id of [...ids]) {
      const before = index.sentences[id - 1];
      if (
        index.sentences[id]?.follows !== undefined &&
        before !== undefined &&
        !before.asks &&
        inScope(before)
      )
        ids.add(id - 1);
    }
  }
  const totalWeight = terms.reduce((sum, term) => sum + term.weight, 0) || 1;
  const candidates: Candidate[] = [];
  // What each question term finds anywhere in each briefing.
  const briefingHits = new Map<string, boolean[]>();
  for (const id of [...ids].sort((a, b) => a - b)) {
    const sentence = index.sentences[id];
    if (sentence === undefined || !inScope(sentence)) continue;
    const { start } = index.briefingOf(sentence);
    const { context, profile } = index.contextOf(id);
    // A question the briefing asks itself and the sentence that answers it say one thing together.
    const before = index.sentences[id - 1];
    const asked = before?.asks === true && before.paragraph === sentence.paragraph ? before : undefined;
    const meetings: TermMeeting[] = terms.map((term, at) => {
      const expansion = expansions[at] ?? new Map<string, WordMatch>();
      const own = bestMatch(expansion, sentence);
      const fromQuestion = asked === undefined ? undefined : bestMatch(expansion, asked);
      const match =
        fromQuestion !== undefined && (own === undefined || rank(fromQuestion) > rank(own))
          ? fromQuestion
          : own;
      return {
        term,
        match,
        inContext: context.has(term.lemma) || context.has(term.lower),
        inProfile: profile.has(term.lemma) || profile.has(term.lower),
      };
    });
    let hits = briefingHits.get(sentence.briefing.id);
    if (hits === undefined) {
      hits = terms.map((_, at) =>
        briefingHas(index, start, sentence.briefing.id, expansions[at] ?? new Map()),
      );
      briefingHits.set(sentence.briefing.id, hits);
    }
    candidates.push({
      sentence,
      id,
      meetings,
      signals: signalsOf(question, sentence, meetings, hits, totalWeight, index),
    });
  }
  return candidates;
}

/**
 * What a sentence that points back ("It's a surprising position for this 74-year-old") finds in
 * the sentence before it counts this much in the first pass: it speaks of the same thing without
 * naming it. Half, so a sentence that names the thing itself still comes first.
 */
export const POINTED_BACK_SHARE = 0.5;

/**
 * Lets the first pass see a sentence through the one before it, in the same paragraph: fully after
 * a question the briefing asks itself (the next sentence is its answer), partly when the sentence
 * opens by pointing back ("He", "It", "This").
 */
function carryToNextSentence(
  best: Map<number, Float64Array>,
  index: MeaningIndex,
  inScope: (sentence: ReadSentence) => boolean,
): void {
  // In reading order, so a chain of sentences that point back ("He is...", "It is...") carries on,
  // halving at each step.
  const order = [...best.keys()].sort((a, b) => a - b);
  for (let at = 0; at < order.length; at++) {
    const id = order[at] ?? 0;
    const row = best.get(id);
    const sentence = index.sentences[id];
    const next = index.sentences[id + 1];
    if (row === undefined || sentence === undefined || next === undefined) continue;
    if (next.paragraph !== sentence.paragraph || next.briefing !== sentence.briefing || !inScope(next))
      continue;
    const share = sentence.asks ? 1 : pointsBack(next.tokens) ? POINTED_BACK_SHARE : 0;
    if (share === 0) continue;
    let nextRow = best.get(id + 1);
    if (nextRow === undefined) {
      best.set(id + 1, (nextRow = new Float64Array(row.length)));
      order.splice(at + 1, 0, id + 1);
    }
    for (let term = 0; term < row.length; term++)
      nextRow[term] = Math.max(nextRow[term] ?? 0, share * (row[term] ?? 0));
  }
}

function briefingHas(
  index: MeaningIndex,
  start: number,
  briefing: string,
  expansion: ReadonlyMap<string, WordMatch>,
): boolean {
  for (const [word, match] of expansion) {
    if (match.kind === "similar" && match.strength < 0.6) continue;
    if (index.briefingsWith(word).has(briefing)) return true;
  }
  const read =
    index.sentences[start] === undefined ? undefined : index.briefingOf(index.sentences[start]).read;
  return read?.titleTerms.some((term) => expansion.get(term.lemma)?.kind === "exact") ?? false;
}

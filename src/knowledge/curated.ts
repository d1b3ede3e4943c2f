/**
 * What a facts file adds to answering, when a briefing has one: a question that restates one of
 * a fact's sample questions is answered by that fact's sentence, and one that restates a curated
 * unanswerable question is declined. A briefing without a facts file is read from its text alone;
 * answering never depends on this.
 */
import { isLoadedKnowledge, type NearMiss } from "./load.js";
import type { MeaningIndex } from "./meaningIndex.js";
import type { ReadSentence } from "./reader.js";
import type { Question } from "./question.js";
import type { AskedFor } from "./questionShape.js";
import type { Term } from "./terms.js";
import type { KnowledgeBase } from "./types.js";

/**
 * A question restates a curated one when every word of either that weighs at least this is met
 * in the other (exactly, as a WordNet relative, or by a similar word): the two may differ in
 * light words ("the", "year", "people"), never in what they ask about.
 */
export const RESTATEMENT_LIGHT_WEIGHT = 1.5;
/** Similar words (by vector) count toward a restatement from this cosine, as much as the cosine. */
const SIMILAR_MIN = 0.6;

function saysSame(asked: Term, curated: Term, index: MeaningIndex): boolean {
  if (asked.lemma === curated.lemma || asked.lower === curated.lower) return true;
  const match = index.expand(asked).get(curated.lemma);
  return match !== undefined && match.kind !== "similar";
}

export type CuratedMatch =
  | { readonly kind: "answer"; readonly sentence: ReadSentence; readonly overlap: number }
  | { readonly kind: "decline"; readonly miss: NearMiss; readonly overlap: number };

export interface CuratedReading {
  /** The curated question a question restates, best first: a sample (answer) or an unanswerable (decline). */
  restated(
    question: Pick<Question, "terms" | "askedFor">,
    briefing: string | undefined,
  ): CuratedMatch | undefined;
}

interface CuratedQuestion {
  readonly declines: boolean;
  readonly terms: readonly Term[];
  /** A restatement asks for the same kind of answer: "how many provinces" is not "name the provinces". */
  readonly askedFor: AskedFor;
  readonly briefing: string;
  readonly match: (overlap: number) => CuratedMatch | undefined;
}

/** How well a term is met among others: 1 exactly or as a WordNet relative, the cosine for a similar word, else 0. */
function metIn(term: Term, others: readonly Term[], index: MeaningIndex): number {
  const expansion = index.expand(term);
  let best = 0;
  for (const other of others) {
    if (other.lemma === term.lemma || other.lower === term.lower) return 1;
    const match = expansion.get(other.lemma) ?? expansion.get(other.lower);
    if (match === undefined) continue;
    best = Math.max(
      best,
      match.kind === "similar" ? (match.strength >= SIMILAR_MIN ? match.strength : 0) : 1,
    );
  }
  return best;
}

/**
 * Whether two questions say the same thing (see RESTATEMENT_LIGHT_WEIGHT), and if so how closely:
 * their soft Dice overlap, 0 when they do not.
 */
export function restatement(a: readonly Term[], b: readonly Term[], index: MeaningIndex): number {
  let met = 0;
  let total = 0;
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const term of from) {
      const value = metIn(term, to, index);
      if (term.weight >= RESTATEMENT_LIGHT_WEIGHT && value === 0) return 0;
      met += value * term.weight;
      total += term.weight;
    }
  }
  return total === 0 ? 0 : met / total;
}

/** `understand` reads a curated question as any question is read (question.ts), so both compare alike. */
export function curatedReading(
  kb: KnowledgeBase,
  index: MeaningIndex,
  understand: (question: string) => Pick<Question, "terms" | "askedFor">,
): CuratedReading {
  const curated: CuratedQuestion[] = [];
  // Unanswerable questions first: when a question restates one as closely as a sample question,
  // declining is the safer reading.
  for (const miss of isLoadedKnowledge(kb) ? kb.nearMisses : []) {
    const read = understand(miss.question);
    curated.push({
      declines: true,
      terms: read.terms,
      askedFor: read.askedFor,
      briefing: miss.briefing,
      match: (value) => ({ kind: "decline", miss, overlap: value }),
    });
  }
  for (const fact of kb.facts) {
    const { briefing, paragraph, sentence: number } = fact.quote.citation;
    const sentence = index.sentences.find(
      (candidate) =>
        candidate.briefing.id === briefing &&
        candidate.paragraph.number === paragraph &&
        candidate.sentence.number === number,
    );
    if (sentence === undefined) continue;
    for (const question of fact.questions) {
      const read = understand(question);
      curated.push({
        declines: false,
        terms: read.terms,
        askedFor: read.askedFor,
        briefing,
        match: (value) => ({ kind: "answer", sentence, overlap: value }),
      });
    }
  }

  return {
    restated({ terms, askedFor }, briefing) {
      let best: CuratedMatch | undefined;
      for (const entry of curated) {
        if ((briefing !== undefined && entry.briefing !== briefing) || entry.askedFor !== askedFor) continue;
        // An unanswerable question names what the briefing lacks: the question must say every
        // word of it (or a WordNet relative), not merely something similar.
        if (
          entry.declines &&
          !entry.terms.every(
            (term) =>
              term.weight < RESTATEMENT_LIGHT_WEIGHT || terms.some((asked) => saysSame(asked, term, index)),
          )
        )
          continue;
        const value = restatement(terms, entry.terms, index);
        if (value > 0 && (best === undefined || value > best.overlap)) best = entry.match(value);
      }
      return best;
    },
  };
}

/**
 * Runs the answering pipeline's stages 1-4 on corpus questions and keeps what the decision stage
 * sees: every candidate's signals and whether its sentence holds an expected quote.
 */
import { findCandidates } from "../../src/knowledge/candidates.js";
import type { DecisionModel } from "../../src/knowledge/decide.js";
import { screen } from "../../src/knowledge/engine.js";
import { buildKnowledgeBase } from "../../src/knowledge/load.js";
import { AnswerPipeline } from "../../src/knowledge/pipeline.js";
import type { AskedFor } from "../../src/knowledge/questionShape.js";
import { cleanQuestion } from "../../src/knowledge/safety.js";
import type { Briefing } from "../../src/knowledge/types.js";
import { type CorpusQuestion, quoteAnswers } from "./corpus.js";

export interface ExtractedCandidate {
  readonly signals: Readonly<Record<string, number>>;
  readonly correct: boolean;
  readonly text: string;
}

export interface Extracted {
  readonly question: CorpusQuestion;
  /** Declined before reading (empty, unsafe, opinion, advice). */
  readonly screened: boolean;
  readonly askedFor: AskedFor;
  readonly candidates: readonly ExtractedCandidate[];
}

/** A model whose weights do not matter: extraction never ranks. */
export const NEUTRAL_MODEL: DecisionModel = {
  ranker: { kind: "linear", bias: 0, weights: {}, means: {}, scales: {} },
  decider: { kind: "linear", bias: 0, weights: {}, means: {}, scales: {} },
  threshold: 0.5,
  nearThreshold: 0.25,
  trainedOn: "none",
};

/** Extracts each question against `briefings` loaded together (one briefing alone, as the shared evaluation does). */
export function extract(briefings: readonly Briefing[], questions: readonly CorpusQuestion[]): Extracted[] {
  const pipeline = new AnswerPipeline(
    buildKnowledgeBase(briefings, [], [], [], { groups: [] }, []),
    NEUTRAL_MODEL,
  );
  return questions.map((question) => {
    if (screen(question.q) !== undefined)
      return { question, screened: true, askedFor: "topic", candidates: [] };
    const understood = pipeline.understand(cleanQuestion(question.q));
    const candidates =
      understood.terms.length === 0 ? [] : findCandidates(understood, pipeline.index, () => true);
    return {
      question,
      screened: false,
      askedFor: understood.askedFor,
      candidates: candidates.map((candidate) => ({
        signals: candidate.signals,
        correct: question.expect === "answer" && quoteAnswers(candidate.sentence.sentence.text, question),
        text: candidate.sentence.sentence.text,
      })),
    };
  });
}

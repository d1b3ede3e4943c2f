/**
 * The answer engine: screens what was typed, runs the answering pipeline (pipeline.ts) and turns
 * its decision into an answer with citations, or a decline with suggestions.
 */
import { cite } from "./cite.js";
import { foldText } from "./fold.js";
import { isAt, positionIn, withoutPositions } from "./positions.js";
import { type DecisionModel, decisionModel } from "./decide.js";
import { AnswerPipeline, type Decision } from "./pipeline.js";
import { isAskingTerm } from "./question.js";
import { asksForAdvice, asksForOpinion, cleanQuestion, looksLikeCommand, looksUnsafe } from "./safety.js";
import { Suggestions } from "./suggestions.js";
import type { ReadSentence } from "./reader.js";
import type {
  AnswerEngine,
  AnswerOptions,
  AnswerResult,
  Briefing,
  DeclineReason,
  KnowledgeBase,
} from "./types.js";

/** Sentences per paragraph: where "the last paragraph" and "sentence 3" are. */
function layoutOf(briefing: Briefing): number[] {
  return briefing.paragraphs.map((paragraph) => paragraph.sentences.length);
}

/** Related citations must score at least this fraction of the best one's probability. */
export const RELATED_MIN_FRACTION = 0.75;
export const MAX_RELATED = 2;
export const MAX_SUGGESTIONS = 3;

/** Why what was typed is declined before it is read as a question, if it is. */
export function screen(typed: string): DeclineReason | undefined {
  const cleaned = cleanQuestion(typed);
  if (!/[\p{L}\p{N}]/u.test(cleaned) || looksLikeCommand(cleaned)) return "empty";
  if (looksUnsafe(cleaned)) return "unsafe";
  if (asksForAdvice(cleaned) || asksForOpinion(cleaned)) return "out-of-scope";
  return undefined;
}

class Engine implements AnswerEngine {
  private readonly pipeline: AnswerPipeline;
  private readonly suggestions: Suggestions;

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly model: DecisionModel,
  ) {
    this.pipeline = new AnswerPipeline(kb, model);
    this.suggestions = new Suggestions(kb, this.pipeline);
  }

  answer(question: string, options?: AnswerOptions): AnswerResult {
    try {
      return this.answerOrThrow(question, options);
    } catch {
      // A bug must never reach the user as an exception: declining is always a safe answer.
      return { kind: "decline", question, reason: "not-in-briefing", suggestions: [] };
    }
  }

  /**
   * The pipeline's decision for a question that passed screening (for tests and training). A
   * question that points at a place ("what does the last paragraph say about X", "paragraph 2")
   * is answered from that place.
   */
  decide(question: string, options?: AnswerOptions): Decision {
    const scope = options?.briefing;
    const cleaned = cleanQuestion(question);
    const place = positionIn(foldText(cleaned));
    const inBriefing = (sentence: ReadSentence) => scope === undefined || sentence.briefing.id === scope;
    if (place === undefined)
      return this.pipeline.decide(this.pipeline.understand(cleaned), inBriefing, scope);
    const at = (sentence: ReadSentence) =>
      inBriefing(sentence) && isAt(place, cite(sentence).citation, layoutOf(sentence.briefing));
    const understood = this.pipeline.understand(withoutPositions(foldText(cleaned)));
    if (!understood.terms.every(isAskingTerm)) return this.pipeline.decide(understood, at, scope);
    // Only a place was asked for ("what does the last paragraph say"): its first sentence.
    const first = this.pipeline.index.sentences.find(at);
    return this.pipeline.answerWith(understood, first);
  }

  private answerOrThrow(question: string, options?: AnswerOptions): AnswerResult {
    const reason = screen(question);
    if (reason !== undefined) {
      return {
        kind: "decline",
        question,
        reason,
        suggestions: this.suggestions.general(MAX_SUGGESTIONS, options?.briefing),
      };
    }
    const decision = this.decide(question, options);
    const best = decision.ranked[0];
    if (!decision.answer || best === undefined) {
      const near = decision.probability >= this.model.nearThreshold ? best?.candidate.sentence : undefined;
      return {
        kind: "decline",
        question,
        reason: "not-in-briefing",
        suggestions: this.suggestions.closest(decision, near, MAX_SUGGESTIONS, options?.briefing),
      };
    }
    const related = decision.ranked
      .slice(1)
      .filter(
        (other) =>
          other.score >= best.score - Math.log(1 / RELATED_MIN_FRACTION) &&
          other.candidate.sentence.briefing === best.candidate.sentence.briefing,
      )
      .slice(0, MAX_RELATED)
      .map((other) => cite(other.candidate.sentence));
    return {
      kind: "answer",
      question,
      best: cite(best.candidate.sentence),
      related,
      score: decision.probability,
    };
  }

  suggestQuestions(typed: string, limit: number, options?: AnswerOptions): string[] {
    try {
      return this.suggestions.autocomplete(cleanQuestion(typed), limit, options?.briefing);
    } catch {
      return [];
    }
  }
}

export function createAnswerEngine(
  kb: KnowledgeBase,
  model: DecisionModel = decisionModel(),
): AnswerEngine & { decide(question: string, options?: AnswerOptions): Decision } {
  return new Engine(kb, model);
}

/**
 * The answering pipeline, in order. Each stage is a module of its own:
 *
 *   1. read        reader.ts       sentences, tokens, lemmas, names, figures, dates, cues (at load)
 *   2. understand  question.ts     what is asked for, its focus, terms, names, figures
 *   3. candidates  candidates.ts   sentences met by words, relatives, similar meaning, context
 *   4. type check  answerType.ts   does the sentence hold the kind of answer asked for
 *   5. decide      decide.ts       ranker and decider: one calibrated answerability score
 *   6. cite        cite.ts         the verbatim quote, its paragraph, sentence and hash
 */
import { type Candidate, findCandidates } from "./candidates.js";
import { type CuratedReading, curatedReading } from "./curated.js";
import { type DecisionModel, deciderFeatures, logistic, score } from "./decide.js";
import { EMPTY_LEXICON, lexiconRelatives } from "./lexicon.js";
import { isLoadedKnowledge } from "./load.js";
import { MeaningIndex } from "./meaningIndex.js";
import { type Question, understandQuestion } from "./question.js";
import { readOnce, type ReadSentence } from "./reader.js";
import { nameAliases, type SpellingContext } from "./spelling.js";
import { Speller } from "./typo.js";
import type { KnowledgeBase } from "./types.js";

export const PIPELINE_STAGES = ["read", "understand", "candidates", "type check", "decide", "cite"] as const;

export interface Ranked {
  readonly candidate: Candidate;
  /** The ranker's log-odds that this sentence answers the question. */
  readonly score: number;
}

export interface Decision {
  readonly question: Question;
  readonly ranked: readonly Ranked[];
  /** The decider's probability that the best candidate answers the question (0 with no candidate). */
  readonly probability: number;
  readonly answer: boolean;
  /** The best candidate's decider features, for training and explanation. */
  readonly features: Readonly<Record<string, number>> | undefined;
}

/** Words of a definition's subject lighter than this ("year", "people") need not be named. */
const DEFINED_LIGHT_WEIGHT = 1.5;

/**
 * "Who is X", "what is X's Y": only a sentence that names X (and Y) says what it is. A sentence
 * that only says something similar ("the president" for "who is the governor", "homes" for
 * "Iceland's population") defines something else.
 */
function definesSomethingElse(question: Question, best: Candidate): boolean {
  if (question.askedFor !== "definition") return false;
  return best.meetings.some(
    (meeting) =>
      meeting.term.weight >= DEFINED_LIGHT_WEIGHT &&
      !meeting.inContext &&
      (meeting.match === undefined || meeting.match.kind === "similar"),
  );
}

export class AnswerPipeline {
  readonly index: MeaningIndex;
  private readonly spelling: SpellingContext;
  private readonly curated: CuratedReading;

  constructor(
    kb: KnowledgeBase,
    private readonly model: DecisionModel,
  ) {
    this.index = new MeaningIndex(
      kb.briefings.map(readOnce),
      lexiconRelatives(isLoadedKnowledge(kb) ? kb.lexicon : EMPTY_LEXICON),
    );
    const names = this.index.sentences.flatMap((sentence) =>
      sentence.names.map((name) => name.key.split(" ")),
    );
    this.spelling = { briefingWords: new Speller(this.index.wordCounts), aliases: nameAliases(names) };
    this.curated = curatedReading(kb, this.index, (question) => this.understand(question));
  }

  understand(typed: string): Question {
    return understandQuestion(typed, this.spelling, (words) => words.some((word) => this.index.has(word)));
  }

  /** Candidates ranked best first. */
  rank(question: Question, inScope: (sentence: ReadSentence) => boolean): Ranked[] {
    return findCandidates(question, this.index, inScope)
      .map((candidate) => ({ candidate, score: score(this.model.ranker, candidate.signals) }))
      .sort((a, b) => b.score - a.score || a.candidate.id - b.candidate.id);
  }

  /** A decision to answer with a given sentence (a place asked for by position), or to decline without one. */
  answerWith(question: Question, sentence: ReadSentence | undefined): Decision {
    if (sentence === undefined)
      return { question, ranked: [], probability: 0, answer: false, features: undefined };
    const candidate = { sentence, id: this.index.sentences.indexOf(sentence), meetings: [], signals: {} };
    return { question, ranked: [{ candidate, score: 0 }], probability: 1, answer: true, features: undefined };
  }

  decide(question: Question, inScope: (sentence: ReadSentence) => boolean, briefing?: string): Decision {
    const ranked = this.rank(question, inScope);
    const restated = question.terms.length === 0 ? undefined : this.curated.restated(question, briefing);
    if (restated?.kind === "decline")
      return { question, ranked, probability: 0, answer: false, features: undefined };
    if (restated?.kind === "answer" && inScope(restated.sentence)) {
      // A curated question's own sentence goes first, whatever the ranker thought.
      const own = ranked.find((entry) => entry.candidate.sentence === restated.sentence);
      const rest = ranked.filter((entry) => entry !== own);
      if (own === undefined)
        return { ...this.answerWith(question, restated.sentence), probability: restated.overlap };
      return {
        question,
        ranked: [own, ...rest],
        probability: restated.overlap,
        answer: true,
        features: undefined,
      };
    }
    const best = ranked[0];
    if (best === undefined || question.terms.length === 0 || definesSomethingElse(question, best.candidate)) {
      return { question, ranked, probability: 0, answer: false, features: undefined };
    }
    const features = deciderFeatures(best.candidate.signals, best.score, ranked[1]?.score, question.askedFor);
    const probability = logistic(score(this.model.decider, features));
    return { question, ranked, probability, answer: probability >= this.model.threshold, features };
  }
}

/**
 * Public shapes of the knowledge base and the answer engine. Everything outside src/knowledge
 * depends only on these. No discord.js here.
 */

/** Where a quote comes from. Paragraphs and sentences count from 1 over the briefing's body. */
export interface Citation {
  readonly briefing: string;
  /** First 12 hex digits of the sha256 of the briefing's body, so stale citations are detectable. */
  readonly hash: string;
  readonly paragraph: number;
  readonly sentence: number;
}

/** A verbatim, contiguous span of one paragraph, in the source's own characters. */
export interface CitedQuote {
  readonly text: string;
  readonly citation: Citation;
}

export interface Sentence {
  readonly number: number;
  readonly text: string;
  /** Offsets of the sentence within its paragraph's text. */
  readonly start: number;
  readonly end: number;
}

export interface Paragraph {
  readonly number: number;
  readonly text: string;
  readonly sentences: readonly Sentence[];
}

export interface Briefing {
  readonly id: string;
  readonly title: string;
  readonly publisher: string;
  readonly url?: string;
  readonly date?: string;
  readonly hash: string;
  readonly paragraphs: readonly Paragraph[];
}

export interface Topic {
  readonly id: string;
  readonly briefing: string;
  readonly title: string;
  readonly description: string;
}

export interface Fact {
  readonly id: string;
  readonly briefing: string;
  readonly quote: CitedQuote;
  readonly topics: readonly string[];
  readonly keywords: readonly string[];
  /** Sample questions this fact answers; used for autocomplete and decline suggestions. */
  readonly questions: readonly string[];
  /** Curated in a facts file, or read from a sentence of a briefing that has none (statements.ts). */
  readonly origin: "curated" | "read";
}

export type QuizItemKind = "choice" | "truefalse" | "cloze";

/** A curated quiz item from knowledge/facts/<briefing>.yaml, validated at load. */
export interface QuizItem {
  readonly id: string;
  readonly briefing: string;
  readonly kind: QuizItemKind;
  readonly prompt: string;
  /** The right answer: an option's text for "choice", "true"/"false" for "truefalse", the blank for "cloze". */
  readonly answer: string;
  /** Wrong options for "choice" (three of them). */
  readonly distractors: readonly string[];
  /** The quote that proves the answer. */
  readonly quote: CitedQuote;
  readonly topics: readonly string[];
}

export interface KnowledgeBase {
  readonly briefings: readonly Briefing[];
  readonly topics: readonly Topic[];
  readonly facts: readonly Fact[];
  readonly quizItems: readonly QuizItem[];
  getBriefing(id: string): Briefing | undefined;
  /** True when the quote's text really is inside the cited paragraph of the current briefing text. */
  verifyQuote(quote: CitedQuote): boolean;
  /**
   * The briefing a citation names, by id and hash, where ids alone may be ambiguous (the renderers'
   * view of every server's briefings); getBriefing(citation.briefing) otherwise.
   */
  briefingOf?(citation: Citation): Briefing | undefined;
  /** True when the cited briefing was removed by its server (its quotes are shown as such). */
  retired?(citation: Citation): boolean;
}

export interface AnswerOptions {
  /** Restrict answering to one briefing. */
  readonly briefing?: string;
}

export type DeclineReason = "empty" | "not-in-briefing" | "out-of-scope" | "unsafe";

export type AnswerResult =
  | {
      readonly kind: "answer";
      readonly question: string;
      readonly best: CitedQuote;
      /** Up to two more citations that bear on the question. */
      readonly related: readonly CitedQuote[];
      readonly score: number;
    }
  | {
      readonly kind: "decline";
      readonly question: string;
      readonly reason: DeclineReason;
      /** Up to three questions the knowledge base can answer, close to the one asked. */
      readonly suggestions: readonly string[];
    };

export interface AnswerEngine {
  /** Never throws, whatever the input. Deterministic. */
  answer(question: string, options?: AnswerOptions): AnswerResult;
  /** Curated questions matching what has been typed so far, best first, for autocomplete. */
  suggestQuestions(typed: string, limit: number, options?: AnswerOptions): string[];
}

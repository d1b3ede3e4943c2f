/**
 * What a review card asks: one question on one cited sentence, drawn once from the quiz generator
 * (cloze, choice or true/false) and stored with the card, so it always asks the same thing. A
 * sentence the quiz finds nothing to ask about still becomes a card: a recall prompt naming where
 * it is and how it begins.
 */
import { randomBytes } from "node:crypto";

import { z } from "zod";

import type { CitedQuote, KnowledgeBase } from "../knowledge/types.js";
import { questionsForSentence, quizSentences, sentenceKeyOf } from "../quiz/generate.js";
import type { Question } from "../quiz/question.js";
import { seedFromText } from "../quiz/random.js";

/** Words of the sentence a recall prompt shows: enough to find it, too few to give it away. */
export const RECALL_LEAD_WORDS = 4;

export interface CardPrompt {
  readonly kind: "choice" | "truefalse" | "cloze" | "recall";
  readonly text: string;
  /** Shown with the prompt (choice and cloze); empty for true/false and recall. */
  readonly options: readonly string[];
  readonly answer: string;
  /** The verbatim sentence with its citation: the answer side of the card. */
  readonly quote: CitedQuote;
}

export const promptSchema = z.object({
  kind: z.enum(["choice", "truefalse", "cloze", "recall"]),
  text: z.string().min(1),
  options: z.array(z.string().min(1)).max(4),
  answer: z.string().min(1),
  quote: z.object({
    text: z.string().min(1),
    citation: z.object({
      briefing: z.string().min(1),
      hash: z.string().min(1),
      paragraph: z.number().int().min(1),
      sentence: z.number().int().min(1),
    }),
  }),
});

export function promptFromQuestion(question: Question): CardPrompt {
  return {
    kind: question.kind,
    text: question.prompt,
    options: question.kind === "truefalse" ? [] : question.options,
    answer: question.answer,
    quote: question.quote,
  };
}

function recallPrompt(quote: CitedQuote, kb: KnowledgeBase): CardPrompt {
  const title = kb.getBriefing(quote.citation.briefing)?.title ?? quote.citation.briefing;
  const lead = quote.text.split(/\s+/).slice(0, RECALL_LEAD_WORDS).join(" ");
  return {
    kind: "recall",
    text: `Recall ¶${quote.citation.paragraph} of "${title}": what does the sentence beginning "${lead}…" say?`,
    options: [],
    answer: quote.text,
    quote,
  };
}

/**
 * The card for one sentence of one member: the same member and sentence always draw the same
 * question (the seed is their names), and different members get different ones.
 */
export function promptFor(kb: KnowledgeBase, quote: CitedQuote, userId: string): CardPrompt {
  const key = sentenceKeyOf(quote.citation);
  const seed = seedFromText(`${userId}:${key}`);
  const questions = questionsForSentence(kb, quote.citation, seed);
  const question = questions[seed % Math.max(1, questions.length)];
  return question === undefined ? recallPrompt(quote, kb) : promptFromQuestion(question);
}

/** The sentence a citation points at, as the knowledge base has it now; undefined when stale. */
export function sentenceAt(kb: KnowledgeBase, citation: CitedQuote["citation"]): CitedQuote | undefined {
  const key = sentenceKeyOf(citation);
  return quizSentences(kb).find(
    (quote) => sentenceKeyOf(quote.citation) === key && quote.citation.hash === citation.hash,
  );
}

/** Sentences of a briefing, or of a topic (the sentences of its facts). */
export function sentencesOf(
  kb: KnowledgeBase,
  selection: { readonly briefing?: string; readonly topic?: string },
): CitedQuote[] {
  if (selection.topic !== undefined) {
    const keys = new Set(
      kb.facts
        .filter((fact) => fact.topics.includes(selection.topic ?? ""))
        .map((f) => sentenceKeyOf(f.quote.citation)),
    );
    return quizSentences(kb).filter(
      (quote) =>
        keys.has(sentenceKeyOf(quote.citation)) &&
        (selection.briefing === undefined || quote.citation.briefing === selection.briefing),
    );
  }
  return quizSentences(kb).filter(
    (quote) => selection.briefing === undefined || quote.citation.briefing === selection.briefing,
  );
}

/** Card ids travel in custom ids: 64 random bits, url-safe, 11 characters. */
export const newCardId = (): string => randomBytes(8).toString("base64url");

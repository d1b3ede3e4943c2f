/**
 * A quiz question as the game stores and shows it. Questions are persisted as JSON with the game,
 * so a restart resumes exactly the questions that were drawn, whatever the generator does later.
 */
import { z } from "zod";

import type { CitedQuote } from "../knowledge/types.js";

export type QuestionKind = "choice" | "truefalse" | "cloze";

export interface Question {
  /** Stable within a knowledge base: the same fact and answer always give the same key. */
  readonly key: string;
  readonly kind: QuestionKind;
  /** Shown to players. Built by the bot; never presented as a quote from the briefing. */
  readonly prompt: string;
  /** Button options (four for choice and cloze, True/False); empty when it can only be typed. */
  readonly options: readonly string[];
  /** Index into options of the right one; -1 when there are no options. */
  readonly answerIndex: number;
  /** The right answer as text, matched against typed answers. */
  readonly answer: string;
  /** Other typed answers that count as right (e.g. "yes" for true). */
  readonly alsoAccepted: readonly string[];
  /** The verbatim quote that holds the answer, with its citation. */
  readonly quote: CitedQuote;
  readonly topics: readonly string[];
  /** Where it came from: a curated quiz item id, or "generated". */
  readonly source: string;
}

const citationSchema = z.object({
  briefing: z.string().min(1),
  hash: z.string().min(1),
  paragraph: z.number().int().min(1),
  sentence: z.number().int().min(1),
});

export const questionSchema = z
  .object({
    key: z.string().min(1),
    kind: z.enum(["choice", "truefalse", "cloze"]),
    prompt: z.string().min(1),
    options: z.array(z.string().min(1)).max(4),
    answerIndex: z.number().int().min(-1).max(3),
    answer: z.string().min(1),
    alsoAccepted: z.array(z.string()),
    quote: z.object({ text: z.string().min(1), citation: citationSchema }),
    topics: z.array(z.string()),
    source: z.string().min(1),
  })
  .refine((q) => (q.options.length === 0 ? q.answerIndex === -1 : q.answerIndex < q.options.length), {
    error: "answerIndex must point at an option",
  });

export const questionListSchema = z.array(questionSchema);

/** Letters on the buttons of a four-option question. */
export const OPTION_LETTERS = ["A", "B", "C", "D"] as const;

/** How an option is named in "Locked in: B" and in the reveal. */
export function optionLabel(question: Question, index: number): string {
  if (question.kind === "truefalse") return question.options[index] ?? "?";
  return OPTION_LETTERS[index] ?? "?";
}

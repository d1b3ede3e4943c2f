/** zod schemas for everything under knowledge/: the boundary where hand-written data gets checked. */
import { z } from "zod";

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const kebabId = z
  .string({ error: "must be a string" })
  .regex(KEBAB, { error: "must be kebab-case (a-z, 0-9, single hyphens)" });

const text = z.string({ error: "must be a string" }).trim().min(1, { error: "must not be empty" });

export const frontMatterSchema = z.strictObject({
  id: kebabId,
  title: text,
  publisher: text,
  url: z.url({ error: "must be a URL" }).optional(),
  date: z
    .union([z.string(), z.date()], { error: "must be a date such as 2025-06-01" })
    .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
    .optional(),
});

const topicSchema = z.strictObject({ id: kebabId, title: text, description: text });

const factSchema = z.strictObject({
  id: kebabId,
  quote: text,
  topics: z.array(kebabId).min(1, { error: "must list at least one topic" }),
  keywords: z.array(text).default([]),
  questions: z.array(text).default([]),
});

const quizSchema = z.strictObject({
  id: kebabId,
  kind: z.enum(["choice", "truefalse", "cloze"], { error: "must be choice, truefalse or cloze" }),
  prompt: text,
  answer: text,
  distractors: z.array(text).default([]),
  quote: text,
  topics: z.array(kebabId).min(1, { error: "must list at least one topic" }),
});

/** Questions that share words with the briefing but ask for something it never states. */
const nearMissSchema = z.strictObject({ question: text, why: text });

export const factsFileSchema = z.strictObject({
  topics: z.array(topicSchema).default([]),
  facts: z.array(factSchema).default([]),
  quiz: z.array(quizSchema).default([]),
  unanswerable: z.array(nearMissSchema).default([]),
});

export type FactsFile = z.infer<typeof factsFileSchema>;

/** One lower-case word: the lexicon relates words; phrases come from reading them word by word. */
const lexiconWord = z
  .string({ error: "must be a string" })
  .regex(/^[\p{Ll}\d]+(?:[-'][\p{Ll}\d]+)*$/u, { error: "must be one lower-case word" });

export const lexiconSchema = z.strictObject({
  /** Each group lists words that should match each other. */
  synonyms: z.array(z.array(lexiconWord).min(2, { error: "a synonym group needs at least two entries" })),
});

/** Turns a zod error into "where: what" strings, "where" being a readable path. */
export function describeIssues(error: z.ZodError, label: (path: readonly PropertyKey[]) => string): string[] {
  return error.issues.map((issue) => `${label(issue.path)}: ${issue.message}`);
}

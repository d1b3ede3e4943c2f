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

/** What a question is after; a fact may declare which kinds of question it answers. */
export const INTENTS = [
  "cause",
  "number",
  "time",
  "contrast",
  "person",
  "place",
  "goal",
  "risk",
  "change",
  // The same thing elsewhere: "what do China and the US have in common".
  "likeness",
  // What something was before: "what was Dongbei before it declined".
  "past",
] as const;
export type Intent = (typeof INTENTS)[number];

const topicSchema = z.strictObject({ id: kebabId, title: text, description: text });

const factSchema = z.strictObject({
  id: kebabId,
  quote: text,
  topics: z.array(kebabId).min(1, { error: "must list at least one topic" }),
  keywords: z.array(text).default([]),
  questions: z.array(text).default([]),
  intents: z.array(z.enum(INTENTS, { error: `must be one of ${INTENTS.join(", ")}` })).default([]),
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

export const lexiconSchema = z.strictObject({
  /** Each group lists words or phrases that mean the same thing for matching purposes. */
  synonyms: z.array(z.array(text).min(2, { error: "a synonym group needs at least two entries" })),
  /** Everyday words that shape a question without naming a subject ("avoid", "soon", "important"). */
  generic: z.array(text).default([]),
  /**
   * Synonym-group words with a second everyday sense ("responsible for" a share, not only for a
   * blame; "hard" as in difficult or as in hard-hit): a sentence lacking their concept is
   * penalised less than for a word that can only mean one thing.
   */
  ambiguous: z.array(text).default([]),
});

/** Turns a zod error into "where: what" strings, "where" being a readable path. */
export function describeIssues(error: z.ZodError, label: (path: readonly PropertyKey[]) => string): string[] {
  return error.issues.map((issue) => `${label(issue.path)}: ${issue.message}`);
}

/**
 * Answer feedback from the 👍 / 👎 / "wrong citation" buttons on /ask answers. One row per user,
 * question and answer: clicking again changes the vote instead of adding another.
 */
import { z } from "zod";

import type { Citation } from "../knowledge/types.js";

export const FEEDBACK_VOTES = ["up", "down", "wrong-citation"] as const;
export type FeedbackVote = (typeof FEEDBACK_VOTES)[number];

export interface FeedbackInput {
  readonly question: string;
  /** The cited answer the user voted on; null when the bot declined. */
  readonly citation: Citation | null;
  readonly userId: string;
  /** null in direct messages. */
  readonly guildId: string | null;
  readonly vote: FeedbackVote;
  readonly at: Date;
}

export interface FeedbackRecord {
  readonly id: number;
  readonly question: string;
  readonly citation: Citation | null;
  readonly userId: string;
  readonly guildId: string | null;
  readonly vote: FeedbackVote;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface FeedbackResult {
  /** "created" for a first vote, "updated" when the user had already voted on this answer. */
  readonly outcome: "created" | "updated";
  readonly feedback: FeedbackRecord;
}

export interface FeedbackListOptions {
  readonly vote?: FeedbackVote;
  readonly limit?: number;
}

export interface FeedbackRepository {
  record(input: FeedbackInput): Promise<FeedbackResult>;
  /** Newest first. */
  list(options?: FeedbackListOptions): Promise<FeedbackRecord[]>;
  /** Every stored vote, oldest first, for `npm run feedback:export`. */
  exportAll(): Promise<FeedbackRecord[]>;
}

/** Discord caps slash-command string options at 6000 characters; anything longer is not from us. */
export const MAX_QUESTION_LENGTH = 6_000;
export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 1_000;

const citationSchema = z.object({
  briefing: z.string().min(1),
  hash: z.string().regex(/^[0-9a-f]{6,64}$/, { error: "citation hash must be hex" }),
  paragraph: z.number().int().min(1),
  sentence: z.number().int().min(1),
});

export const inputSchema = z.object({
  question: z
    .string()
    .trim()
    .min(1, { error: "question must not be empty" })
    .max(MAX_QUESTION_LENGTH, { error: "question is too long" }),
  citation: citationSchema.nullable(),
  userId: z.string().min(1),
  guildId: z.string().min(1).nullable(),
  vote: z.enum(FEEDBACK_VOTES),
  at: z.date(),
});

/** Folds case, width and spacing so "What is Dongbei?" and "what is  dongbei?" are one question. */
export const questionKey = (question: string): string =>
  question.normalize("NFKC").replace(/\s+/g, " ").trim().toLowerCase();

export const answerKey = (citation: Citation | null): string =>
  citation === null
    ? "decline"
    : `${citation.briefing}:${citation.hash}:${citation.paragraph}:${citation.sentence}`;

export interface FeedbackRow {
  id: number;
  user_id: string;
  guild_id: string | null;
  question: string;
  citation_briefing: string | null;
  citation_hash: string | null;
  citation_paragraph: number | null;
  citation_sentence: number | null;
  vote: FeedbackVote;
  created_at: string;
  updated_at: string;
}

export const toRecord = (r: FeedbackRow): FeedbackRecord => ({
  id: r.id,
  question: r.question,
  citation:
    r.citation_briefing === null ||
    r.citation_hash === null ||
    r.citation_paragraph === null ||
    r.citation_sentence === null
      ? null
      : {
          briefing: r.citation_briefing,
          hash: r.citation_hash,
          paragraph: r.citation_paragraph,
          sentence: r.citation_sentence,
        },
  userId: r.user_id,
  guildId: r.guild_id,
  vote: r.vote,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/** The list limit, validated: a typo must not turn into a full-table read. */
export const listLimitSchema = z.number().int().min(1).max(MAX_LIST_LIMIT);

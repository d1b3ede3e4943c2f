/**
 * Answer feedback from the 👍 / 👎 / "wrong citation" buttons on /ask answers. One row per user,
 * question and answer: clicking again changes the vote instead of adding another.
 */
import { z } from "zod";

import type { Citation } from "../knowledge/types.js";
import { settle } from "./async.js";
import type { Database } from "./database.js";

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

const inputSchema = z.object({
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

const answerKey = (citation: Citation | null): string =>
  citation === null
    ? "decline"
    : `${citation.briefing}:${citation.hash}:${citation.paragraph}:${citation.sentence}`;

interface FeedbackRow {
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

const toRecord = (r: FeedbackRow): FeedbackRecord => ({
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

export class SqliteFeedbackRepository implements FeedbackRepository {
  private readonly upsert;
  private readonly existing;

  constructor(private readonly db: Database) {
    this.existing = db.prepare<[string, string, string], { id: number }>(
      "SELECT id FROM answer_feedback WHERE user_id = ? AND question_key = ? AND answer_key = ?",
    );
    this.upsert = db.prepare<Record<string, unknown>, FeedbackRow>(`
INSERT INTO answer_feedback (user_id, guild_id, question, question_key, answer_key, citation_briefing,
  citation_hash, citation_paragraph, citation_sentence, vote, created_at, updated_at)
VALUES (@userId, @guildId, @question, @questionKey, @answerKey, @briefing, @hash, @paragraph, @sentence,
  @vote, @at, @at)
ON CONFLICT (user_id, question_key, answer_key) DO UPDATE SET
  vote = excluded.vote, guild_id = excluded.guild_id, updated_at = excluded.updated_at
RETURNING *`);
  }

  record(input: FeedbackInput): Promise<FeedbackResult> {
    return settle(() => {
      const valid = inputSchema.parse(input);
      const keys = { questionKey: questionKey(valid.question), answerKey: answerKey(valid.citation) };
      return this.db
        .transaction(() => {
          const before = this.existing.get(valid.userId, keys.questionKey, keys.answerKey);
          const row = this.upsert.get({
            ...keys,
            userId: valid.userId,
            guildId: valid.guildId,
            question: valid.question,
            briefing: valid.citation?.briefing ?? null,
            hash: valid.citation?.hash ?? null,
            paragraph: valid.citation?.paragraph ?? null,
            sentence: valid.citation?.sentence ?? null,
            vote: valid.vote,
            at: valid.at.toISOString(),
          });
          if (row === undefined) throw new Error("feedback upsert returned no row");
          return { outcome: before === undefined ? "created" : "updated", feedback: toRecord(row) } as const;
        })
        .immediate();
    });
  }

  list(options: FeedbackListOptions = {}): Promise<FeedbackRecord[]> {
    return settle(() => {
      const limit = z
        .number()
        .int()
        .min(1)
        .max(MAX_LIST_LIMIT)
        .parse(options.limit ?? DEFAULT_LIST_LIMIT);
      const vote = options.vote === undefined ? null : z.enum(FEEDBACK_VOTES).parse(options.vote);
      return this.db
        .prepare<[string | null, string | null, number], FeedbackRow>(
          "SELECT * FROM answer_feedback WHERE (? IS NULL OR vote = ?) ORDER BY updated_at DESC, id DESC LIMIT ?",
        )
        .all(vote, vote, limit)
        .map(toRecord);
    });
  }

  exportAll(): Promise<FeedbackRecord[]> {
    return settle(() =>
      this.db.prepare<[], FeedbackRow>("SELECT * FROM answer_feedback ORDER BY id").all().map(toRecord),
    );
  }
}

/** Answer feedback in PostgreSQL. */
import type pg from "pg";
import { z } from "zod";

import {
  answerKey,
  DEFAULT_LIST_LIMIT,
  FEEDBACK_VOTES,
  inputSchema,
  listLimitSchema,
  questionKey,
  toRecord,
  type FeedbackInput,
  type FeedbackListOptions,
  type FeedbackRecord,
  type FeedbackRepository,
  type FeedbackResult,
  type FeedbackRow,
} from "../feedback.js";
import { first, rows } from "./pool.js";

const INSERT_SQL = `
INSERT INTO answer_feedback (user_id, guild_id, question, question_key, answer_key, citation_briefing,
  citation_hash, citation_paragraph, citation_sentence, vote, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
ON CONFLICT (user_id, question_key, answer_key) DO NOTHING
RETURNING *`;

const UPDATE_SQL = `
UPDATE answer_feedback SET vote = $4, guild_id = $5, updated_at = $6
WHERE user_id = $1 AND question_key = $2 AND answer_key = $3
RETURNING *`;

export class PgFeedbackRepository implements FeedbackRepository {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Insert, or else update: a first vote is "created", a later one "updated". If another process
   * inserts the same vote at the same moment, the insert waits for it and then does nothing, and
   * the update sees its row: one row, and each caller is told truthfully what it did.
   */
  async record(input: FeedbackInput): Promise<FeedbackResult> {
    const valid = inputSchema.parse(input);
    const [userId, question, answer] = [valid.userId, questionKey(valid.question), answerKey(valid.citation)];
    const at = valid.at.toISOString();
    const created = await first<FeedbackRow>(this.pool, INSERT_SQL, [
      userId,
      valid.guildId,
      valid.question,
      question,
      answer,
      valid.citation?.briefing ?? null,
      valid.citation?.hash ?? null,
      valid.citation?.paragraph ?? null,
      valid.citation?.sentence ?? null,
      valid.vote,
      at,
    ]);
    if (created !== undefined) return { outcome: "created", feedback: toRecord(created) };
    const updated = await first<FeedbackRow>(this.pool, UPDATE_SQL, [
      userId,
      question,
      answer,
      valid.vote,
      valid.guildId,
      at,
    ]);
    if (updated === undefined) throw new Error("feedback upsert returned no row");
    return { outcome: "updated", feedback: toRecord(updated) };
  }

  async list(options: FeedbackListOptions = {}): Promise<FeedbackRecord[]> {
    const limit = listLimitSchema.parse(options.limit ?? DEFAULT_LIST_LIMIT);
    const vote = options.vote === undefined ? null : z.enum(FEEDBACK_VOTES).parse(options.vote);
    const found = await rows<FeedbackRow>(
      this.pool,
      `SELECT * FROM answer_feedback WHERE (CAST($1 AS TEXT) IS NULL OR vote = $1)
       ORDER BY updated_at DESC, id DESC LIMIT $2`,
      [vote, limit],
    );
    return found.map(toRecord);
  }

  async exportAll(): Promise<FeedbackRecord[]> {
    return (await rows<FeedbackRow>(this.pool, "SELECT * FROM answer_feedback ORDER BY id")).map(toRecord);
  }
}

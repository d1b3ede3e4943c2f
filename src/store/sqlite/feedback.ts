/** Answer feedback in SQLite. */
import { z } from "zod";

import { settle } from "../async.js";
import type { Database } from "../database.js";
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
      const limit = listLimitSchema.parse(options.limit ?? DEFAULT_LIST_LIMIT);
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

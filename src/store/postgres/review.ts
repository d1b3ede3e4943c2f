/**
 * Review cards, grades, preferences and reminders in PostgreSQL. A grade is one conditional UPDATE
 * (the row lock serialises two clicks) and its log row, in one transaction.
 */
import type pg from "pg";

import {
  CARD_COLUMNS,
  cardValues,
  DAY_MS,
  DEFAULT_MEMBER,
  gradeValues,
  memberSchema,
  reminderSchema,
  stateCounts,
  toCard,
  toMember,
  toReminder,
  type CardRecord,
  type CardStateCode,
  type DayCount,
  type GradeWrite,
  type MemberRecord,
  type MemberTotals,
  type NewCard,
  type Reminder,
  type ReminderRecord,
  type ReviewDay,
  type ReviewMember,
  type ReviewRepository,
  type Scope,
  type StoredCard,
} from "../review.js";
import { changes, first, inTransaction, rows } from "./pool.js";

const INSERT_CARD = `INSERT INTO review_cards (${CARD_COLUMNS.join(", ")})
VALUES (${CARD_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})
ON CONFLICT (guild_id, user_id, fact_key) DO NOTHING`;

const GRADE_CARD = `UPDATE review_cards SET state = $1, due_at = $2, stability = $3, difficulty = $4,
  elapsed_days = $5, scheduled_days = $6, learning_steps = $7, reps = $8, lapses = $9, last_review_at = $10,
  revision = revision + 1
WHERE id = $11 AND user_id = $12 AND revision = $13`;

const INSERT_LOG = `INSERT INTO review_log (card_id, revision, guild_id, user_id, rating, state, due_at,
  stability, difficulty, elapsed_days, last_elapsed_days, scheduled_days, learning_steps, reviewed_at)
SELECT $1, $2, guild_id, user_id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM review_cards WHERE id = $1`;

/** The server scope passes NULL for the member, which matches every member's rows. */
const SCOPE = "guild_id = $1 AND ($2::text IS NULL OR user_id = $2)";

export class PgReviewRepository implements ReviewRepository {
  constructor(private readonly pool: pg.Pool) {}

  addCards(cards: readonly NewCard[]): Promise<number> {
    const values = cards.map(cardValues);
    return inTransaction(this.pool, async (client) => {
      let added = 0;
      for (const v of values) added += await changes(client, INSERT_CARD, v);
      return added;
    });
  }

  async card(id: string): Promise<StoredCard | undefined> {
    const row = await first<CardRecord>(this.pool, "SELECT * FROM review_cards WHERE id = $1", [id]);
    return row === undefined ? undefined : toCard(row);
  }

  async firstDue(guildId: string, userId: string): Promise<StoredCard | undefined> {
    const row = await first<CardRecord>(
      this.pool,
      "SELECT * FROM review_cards WHERE guild_id = $1 AND user_id = $2 ORDER BY due_at, id LIMIT 1",
      [guildId, userId],
    );
    return row === undefined ? undefined : toCard(row);
  }

  async countDue(guildId: string, userId: string, at: Date): Promise<number> {
    const row = await first<{ n: number }>(
      this.pool,
      "SELECT COUNT(*) AS n FROM review_cards WHERE guild_id = $1 AND user_id = $2 AND due_at <= $3",
      [guildId, userId, at.getTime()],
    );
    return row?.n ?? 0;
  }

  async hasDueAnywhere(userId: string, at: Date): Promise<boolean> {
    const row = await first(
      this.pool,
      "SELECT 1 AS n FROM review_cards WHERE user_id = $1 AND due_at <= $2 LIMIT 1",
      [userId, at.getTime()],
    );
    return row !== undefined;
  }

  grade(write: GradeWrite): Promise<boolean> {
    const { after, log, valid } = gradeValues(write);
    return inTransaction(this.pool, async (client) => {
      const moved = await changes(client, GRADE_CARD, [
        ...after,
        valid.cardId,
        valid.userId,
        valid.fromRevision,
      ]);
      if (moved === 0) return false;
      await changes(client, INSERT_LOG, log);
      return true;
    });
  }

  async countsByState(scope: Scope): Promise<Record<CardStateCode, number>> {
    return stateCounts(
      await rows<{ state: number; n: number }>(
        this.pool,
        `SELECT state, COUNT(*) AS n FROM review_cards WHERE ${SCOPE} GROUP BY state`,
        [scope.guildId, scope.userId],
      ),
    );
  }

  reviewsByDay(scope: Scope, from: Date, to: Date): Promise<ReviewDay[]> {
    return rows<ReviewDay>(
      this.pool,
      `SELECT reviewed_at / ${DAY_MS} AS day, COUNT(*) AS count,
  SUM(CASE WHEN state = 2 AND rating > 1 THEN 1 ELSE 0 END) AS recalled,
  SUM(CASE WHEN state = 2 THEN 1 ELSE 0 END) AS matured
FROM review_log WHERE ${SCOPE} AND reviewed_at >= $3 AND reviewed_at < $4
GROUP BY day ORDER BY day`,
      [scope.guildId, scope.userId, from.getTime(), to.getTime()],
    );
  }

  dueByDay(scope: Scope, from: Date, to: Date): Promise<DayCount[]> {
    return rows<DayCount>(
      this.pool,
      `SELECT GREATEST(due_at, $3) / ${DAY_MS} AS day, COUNT(*) AS count
FROM review_cards WHERE ${SCOPE} AND due_at < $4
GROUP BY day ORDER BY day`,
      [scope.guildId, scope.userId, from.getTime(), to.getTime()],
    );
  }

  async members(guildId: string): Promise<MemberTotals[]> {
    const found = await rows<{ user_id: string; cards: number; reviews: number }>(
      this.pool,
      `SELECT user_id, COUNT(*) AS cards, COALESCE(SUM(reps), 0) AS reviews
FROM review_cards WHERE guild_id = $1 GROUP BY user_id ORDER BY user_id`,
      [guildId],
    );
    return found.map((r) => ({ userId: r.user_id, cards: r.cards, reviews: r.reviews }));
  }

  async member(guildId: string, userId: string): Promise<ReviewMember> {
    const row = await first<MemberRecord>(
      this.pool,
      "SELECT * FROM review_members WHERE guild_id = $1 AND user_id = $2",
      [guildId, userId],
    );
    return row === undefined ? DEFAULT_MEMBER(guildId, userId) : toMember(row);
  }

  async namedMembers(guildId: string): Promise<ReviewMember[]> {
    return (
      await rows<MemberRecord>(
        this.pool,
        "SELECT * FROM review_members WHERE guild_id = $1 AND show_name = 1 ORDER BY user_id",
        [guildId],
      )
    ).map(toMember);
  }

  async setMember(member: ReviewMember, at: Date): Promise<void> {
    const m = memberSchema.parse(member);
    await changes(
      this.pool,
      `INSERT INTO review_members (guild_id, user_id, add_wrong_answers, show_name, display_name, updated_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (guild_id, user_id) DO UPDATE SET add_wrong_answers = excluded.add_wrong_answers,
  show_name = excluded.show_name, display_name = excluded.display_name, updated_at = excluded.updated_at`,
      [
        m.guildId,
        m.userId,
        m.addWrongAnswers ? 1 : 0,
        m.showName ? 1 : 0,
        m.showName ? m.displayName : null,
        at.getTime(),
      ],
    );
  }

  async reminder(userId: string): Promise<Reminder | undefined> {
    const row = await first<ReminderRecord>(this.pool, "SELECT * FROM review_reminders WHERE user_id = $1", [
      userId,
    ]);
    return row === undefined ? undefined : toReminder(row);
  }

  async setReminder(reminder: Reminder, at: Date): Promise<void> {
    const r = reminderSchema.parse(reminder);
    await changes(
      this.pool,
      `INSERT INTO review_reminders (user_id, enabled, local_time, time_zone, next_at, off_reason, last_sent_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled, local_time = excluded.local_time,
  time_zone = excluded.time_zone, next_at = excluded.next_at, off_reason = excluded.off_reason,
  last_sent_at = excluded.last_sent_at, updated_at = excluded.updated_at`,
      [
        r.userId,
        r.enabled ? 1 : 0,
        r.localTime,
        r.timeZone,
        r.nextAt.getTime(),
        r.offReason,
        r.lastSentAt?.getTime() ?? null,
        at.getTime(),
      ],
    );
  }

  async dueReminders(at: Date, limit: number): Promise<Reminder[]> {
    return (
      await rows<ReminderRecord>(
        this.pool,
        "SELECT * FROM review_reminders WHERE enabled = 1 AND next_at <= $1 ORDER BY next_at, user_id LIMIT $2",
        [at.getTime(), limit],
      )
    ).map(toReminder);
  }

  async claimReminder(userId: string, expected: Date, next: Date, sentAt: Date): Promise<boolean> {
    return (
      (await changes(
        this.pool,
        "UPDATE review_reminders SET next_at = $1, last_sent_at = $2, updated_at = $2 WHERE user_id = $3 AND enabled = 1 AND next_at = $4",
        [next.getTime(), sentAt.getTime(), userId, expected.getTime()],
      )) === 1
    );
  }

  async disableReminder(userId: string, reason: string, at: Date): Promise<void> {
    await changes(
      this.pool,
      "UPDATE review_reminders SET enabled = 0, off_reason = $1, updated_at = $2 WHERE user_id = $3",
      [reason, at.getTime(), userId],
    );
  }

  async clearReminderNotice(userId: string, at: Date): Promise<void> {
    await changes(
      this.pool,
      "UPDATE review_reminders SET off_reason = NULL, updated_at = $1 WHERE user_id = $2",
      [at.getTime(), userId],
    );
  }
}

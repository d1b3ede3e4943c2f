/** Review cards, grades, preferences and reminders in SQLite. */
import { settle } from "../async.js";
import type { Database } from "../database.js";
import {
  CARD_COLUMNS,
  cardValues,
  DAY_MS,
  gradeValues,
  memberSchema,
  reminderSchema,
  stateCounts,
  toCard,
  toMember,
  toReminder,
  DEFAULT_MEMBER,
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

const INSERT_CARD = `INSERT INTO review_cards (${CARD_COLUMNS.join(", ")})
VALUES (${CARD_COLUMNS.map(() => "?").join(", ")})
ON CONFLICT (guild_id, user_id, fact_key) DO NOTHING`;

const GRADE_CARD = `UPDATE review_cards SET state = ?, due_at = ?, stability = ?, difficulty = ?,
  elapsed_days = ?, scheduled_days = ?, learning_steps = ?, reps = ?, lapses = ?, last_review_at = ?,
  revision = revision + 1
WHERE id = ? AND user_id = ? AND revision = ?`;

const INSERT_LOG = `INSERT INTO review_log (card_id, revision, guild_id, user_id, rating, state, due_at,
  stability, difficulty, elapsed_days, last_elapsed_days, scheduled_days, learning_steps, reviewed_at)
SELECT ?, ?, guild_id, user_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM review_cards WHERE id = ?`;

/*
 * better-sqlite3 binds JavaScript numbers as REAL, so arithmetic on a bound instant is cast back
 * to a whole day explicitly.
 */
/** "AND user_id = ?" only for one member's scope; the server scope reads every member's rows. */
const scopeFilter = (scope: Scope) => (scope.userId === null ? "" : "AND user_id = @userId");

export class SqliteReviewRepository implements ReviewRepository {
  private readonly s;

  constructor(private readonly db: Database) {
    this.s = {
      insert: db.prepare(INSERT_CARD),
      card: db.prepare<[string], CardRecord>("SELECT * FROM review_cards WHERE id = ?"),
      first: db.prepare<[string, string], CardRecord>(
        "SELECT * FROM review_cards WHERE guild_id = ? AND user_id = ? ORDER BY due_at, id LIMIT 1",
      ),
      countDue: db.prepare<[string, string, number], { n: number }>(
        "SELECT COUNT(*) AS n FROM review_cards WHERE guild_id = ? AND user_id = ? AND due_at <= ?",
      ),
      dueAnywhere: db.prepare<[string, number], { n: number }>(
        "SELECT 1 AS n FROM review_cards WHERE user_id = ? AND due_at <= ? LIMIT 1",
      ),
      grade: db.prepare(GRADE_CARD),
      log: db.prepare(INSERT_LOG),
      members: db.prepare<[string], { user_id: string; cards: number; reviews: number }>(`
SELECT c.user_id, COUNT(*) AS cards, COALESCE(SUM(c.reps), 0) AS reviews
FROM review_cards c WHERE c.guild_id = ? GROUP BY c.user_id ORDER BY c.user_id`),
      member: db.prepare<[string, string], MemberRecord>(
        "SELECT * FROM review_members WHERE guild_id = ? AND user_id = ?",
      ),
      named: db.prepare<[string], MemberRecord>(
        "SELECT * FROM review_members WHERE guild_id = ? AND show_name = 1 ORDER BY user_id",
      ),
      setMember: db.prepare(`
INSERT INTO review_members (guild_id, user_id, add_wrong_answers, show_name, display_name, updated_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (guild_id, user_id) DO UPDATE SET add_wrong_answers = excluded.add_wrong_answers,
  show_name = excluded.show_name, display_name = excluded.display_name, updated_at = excluded.updated_at`),
      reminder: db.prepare<[string], ReminderRecord>("SELECT * FROM review_reminders WHERE user_id = ?"),
      setReminder: db.prepare(`
INSERT INTO review_reminders (user_id, enabled, local_time, time_zone, next_at, off_reason, last_sent_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled, local_time = excluded.local_time,
  time_zone = excluded.time_zone, next_at = excluded.next_at, off_reason = excluded.off_reason,
  last_sent_at = excluded.last_sent_at, updated_at = excluded.updated_at`),
      dueReminders: db.prepare<[number, number], ReminderRecord>(
        "SELECT * FROM review_reminders WHERE enabled = 1 AND next_at <= ? ORDER BY next_at, user_id LIMIT ?",
      ),
      claim: db.prepare(
        "UPDATE review_reminders SET next_at = ?, last_sent_at = ?, updated_at = ? WHERE user_id = ? AND enabled = 1 AND next_at = ?",
      ),
      disable: db.prepare(
        "UPDATE review_reminders SET enabled = 0, off_reason = ?, updated_at = ? WHERE user_id = ?",
      ),
      clearNotice: db.prepare(
        "UPDATE review_reminders SET off_reason = NULL, updated_at = ? WHERE user_id = ?",
      ),
    };
  }

  addCards(cards: readonly NewCard[]): Promise<number> {
    return settle(() => {
      const values = cards.map(cardValues);
      return this.db.transaction(() =>
        values.reduce<number>((n, v) => n + this.s.insert.run(...v).changes, 0),
      )();
    });
  }

  card(id: string): Promise<StoredCard | undefined> {
    return settle(() => {
      const row = this.s.card.get(id);
      return row === undefined ? undefined : toCard(row);
    });
  }

  firstDue(guildId: string, userId: string): Promise<StoredCard | undefined> {
    return settle(() => {
      const row = this.s.first.get(guildId, userId);
      return row === undefined ? undefined : toCard(row);
    });
  }

  countDue(guildId: string, userId: string, at: Date): Promise<number> {
    return settle(() => this.s.countDue.get(guildId, userId, at.getTime())?.n ?? 0);
  }

  hasDueAnywhere(userId: string, at: Date): Promise<boolean> {
    return settle(() => this.s.dueAnywhere.get(userId, at.getTime()) !== undefined);
  }

  grade(write: GradeWrite): Promise<boolean> {
    return settle(() => {
      const { after, log, valid } = gradeValues(write);
      return this.db.transaction(() => {
        const moved = this.s.grade.run(...after, valid.cardId, valid.userId, valid.fromRevision).changes;
        if (moved === 0) return false;
        this.s.log.run(...log, valid.cardId);
        return true;
      })();
    });
  }

  countsByState(scope: Scope): Promise<Record<CardStateCode, number>> {
    return settle(() =>
      stateCounts(
        this.db
          .prepare<Record<string, unknown>, { state: number; n: number }>(
            `SELECT state, COUNT(*) AS n FROM review_cards WHERE guild_id = @guildId ${scopeFilter(scope)} GROUP BY state`,
          )
          .all({ ...scope }),
      ),
    );
  }

  reviewsByDay(scope: Scope, from: Date, to: Date): Promise<ReviewDay[]> {
    return settle(() =>
      this.db
        .prepare<Record<string, unknown>, ReviewDay>(
          `SELECT reviewed_at / ${DAY_MS} AS day, COUNT(*) AS count,
  SUM(CASE WHEN state = 2 AND rating > 1 THEN 1 ELSE 0 END) AS recalled,
  SUM(CASE WHEN state = 2 THEN 1 ELSE 0 END) AS matured
FROM review_log WHERE guild_id = @guildId ${scopeFilter(scope)} AND reviewed_at >= @from AND reviewed_at < @to
GROUP BY day ORDER BY day`,
        )
        .all({ ...scope, from: from.getTime(), to: to.getTime() }),
    );
  }

  dueByDay(scope: Scope, from: Date, to: Date): Promise<DayCount[]> {
    return settle(() =>
      this.db
        .prepare<Record<string, unknown>, DayCount>(
          `SELECT CAST(MAX(due_at, @from) / ${DAY_MS} AS INTEGER) AS day, COUNT(*) AS count
FROM review_cards WHERE guild_id = @guildId ${scopeFilter(scope)} AND due_at < @to
GROUP BY day ORDER BY day`,
        )
        .all({ ...scope, from: from.getTime(), to: to.getTime() }),
    );
  }

  members(guildId: string): Promise<MemberTotals[]> {
    return settle(() =>
      this.s.members.all(guildId).map((r) => ({ userId: r.user_id, cards: r.cards, reviews: r.reviews })),
    );
  }

  member(guildId: string, userId: string): Promise<ReviewMember> {
    return settle(() => {
      const row = this.s.member.get(guildId, userId);
      return row === undefined ? DEFAULT_MEMBER(guildId, userId) : toMember(row);
    });
  }

  namedMembers(guildId: string): Promise<ReviewMember[]> {
    return settle(() => this.s.named.all(guildId).map(toMember));
  }

  setMember(member: ReviewMember, at: Date): Promise<void> {
    return settle(() => {
      const m = memberSchema.parse(member);
      this.s.setMember.run(
        m.guildId,
        m.userId,
        m.addWrongAnswers ? 1 : 0,
        m.showName ? 1 : 0,
        m.showName ? m.displayName : null,
        at.getTime(),
      );
    });
  }

  reminder(userId: string): Promise<Reminder | undefined> {
    return settle(() => {
      const row = this.s.reminder.get(userId);
      return row === undefined ? undefined : toReminder(row);
    });
  }

  setReminder(reminder: Reminder, at: Date): Promise<void> {
    return settle(() => {
      const r = reminderSchema.parse(reminder);
      this.s.setReminder.run(
        r.userId,
        r.enabled ? 1 : 0,
        r.localTime,
        r.timeZone,
        r.nextAt.getTime(),
        r.offReason,
        r.lastSentAt?.getTime() ?? null,
        at.getTime(),
      );
    });
  }

  dueReminders(at: Date, limit: number): Promise<Reminder[]> {
    return settle(() => this.s.dueReminders.all(at.getTime(), limit).map(toReminder));
  }

  claimReminder(userId: string, expected: Date, next: Date, sentAt: Date): Promise<boolean> {
    return settle(
      () =>
        this.s.claim.run(next.getTime(), sentAt.getTime(), sentAt.getTime(), userId, expected.getTime())
          .changes === 1,
    );
  }

  disableReminder(userId: string, reason: string, at: Date): Promise<void> {
    return settle(() => {
      this.s.disable.run(reason, at.getTime(), userId);
    });
  }

  clearReminderNotice(userId: string, at: Date): Promise<void> {
    return settle(() => {
      this.s.clearNotice.run(at.getTime(), userId);
    });
  }
}

/**
 * Daily-post state in SQLite. Every write that must be atomic runs in a BEGIN IMMEDIATE
 * transaction: SQLite has one writer at a time, so "read the revision, claim, advance" cannot
 * interleave with another process's claim. The unique (guild, local date) key is what makes a
 * post happen at most once per date; retrying a claimed row (never re-claiming) makes it at least once.
 */
import { settle } from "../async.js";
import {
  clip,
  toPost,
  toSchedule,
  type DailyAdvance,
  type DailyAdvanceOutcome,
  type DailyPost,
  type DailyRepository,
  type DailySchedule,
  type DailySettings,
  type DueCursor,
  type DuePostCursor,
  type DueWork,
  type PostRecord,
  type ScheduleRecord,
} from "../dailyRepository.js";
import type { Database } from "../database.js";

/**
 * The queries every due-check runs. Each must be answered from an index in O(rows returned),
 * whatever the number of guilds; tests check their query plans.
 */
export const DAILY_HOT_QUERIES = {
  dueFirst: `SELECT * FROM daily_schedules WHERE enabled = 1 AND next_run_at <= ?
    ORDER BY next_run_at, guild_id LIMIT ?`,
  dueAfter: `SELECT * FROM daily_schedules WHERE enabled = 1 AND next_run_at <= @now
      AND (next_run_at, guild_id) > (@at, @guild)
    ORDER BY next_run_at, guild_id LIMIT @limit`,
  nextScheduleAfter:
    "SELECT MIN(next_run_at) AS at FROM daily_schedules WHERE enabled = 1 AND next_run_at > ?",
  nextAttemptAfter:
    "SELECT MIN(next_attempt_at) AS at FROM daily_posts WHERE status = 'claimed' AND next_attempt_at > ?",
  duePostsFirst: `SELECT * FROM daily_posts WHERE status = 'claimed' AND next_attempt_at <= ?
    ORDER BY next_attempt_at, guild_id, local_date LIMIT ?`,
  duePostsAfter: `SELECT * FROM daily_posts WHERE status = 'claimed' AND next_attempt_at <= @now
      AND (next_attempt_at, guild_id, local_date) > (@at, @guild, @date)
    ORDER BY next_attempt_at, guild_id, local_date LIMIT @limit`,
  expireClaims: `UPDATE daily_posts SET status = 'failed', error = @error, next_attempt_at = NULL
    WHERE status = 'claimed' AND next_attempt_at <= @now AND scheduled_for < @before`,
} as const;

/**
 * Retention, run now and then: reads the rows older than the cutoff from an index (plus one
 * primary-key probe each for sent rows, to keep every server's latest), deletes a bounded batch.
 */
export const DAILY_PRUNE_QUERY = `DELETE FROM daily_posts WHERE rowid IN (
    SELECT old.rowid FROM daily_posts AS old
    WHERE old.scheduled_for < @before AND old.status <> 'claimed'
      AND (old.status <> 'sent' OR EXISTS (
        SELECT 1 FROM daily_posts AS newer
        WHERE newer.guild_id = old.guild_id AND newer.local_date > old.local_date AND newer.status = 'sent'))
    ORDER BY old.scheduled_for LIMIT @limit)`;

export class SqliteDailyRepository implements DailyRepository {
  private readonly statements;
  private readonly advanceTx;
  private readonly failTx;
  private readonly disableTx;

  constructor(db: Database) {
    this.statements = {
      getSchedule: db.prepare<[string], ScheduleRecord>("SELECT * FROM daily_schedules WHERE guild_id = ?"),
      saveSettings: db.prepare<
        [string, string, string, string, string | null, number, string, number],
        ScheduleRecord
      >(
        `INSERT INTO daily_schedules
           (guild_id, channel_id, local_time, time_zone, role_id, enabled, next_run_at, next_local_date,
            disabled_reason, revision, updated_at)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?, NULL, 1, ?)
         ON CONFLICT (guild_id) DO UPDATE SET
           channel_id = excluded.channel_id, local_time = excluded.local_time,
           time_zone = excluded.time_zone, role_id = excluded.role_id, enabled = 1,
           next_run_at = excluded.next_run_at, next_local_date = excluded.next_local_date,
           disabled_reason = NULL, revision = revision + 1, updated_at = excluded.updated_at
         RETURNING *`,
      ),
      disable: db.prepare<[string | null, number, string]>(
        `UPDATE daily_schedules SET enabled = 0, disabled_reason = ?, revision = revision + 1, updated_at = ?
         WHERE guild_id = ?`,
      ),
      dueFirst: db.prepare<[number, number], ScheduleRecord>(DAILY_HOT_QUERIES.dueFirst),
      dueAfter: db.prepare<[{ now: number; at: number; guild: string; limit: number }], ScheduleRecord>(
        DAILY_HOT_QUERIES.dueAfter,
      ),
      nextScheduleAfter: db.prepare<[number], { at: number | null }>(DAILY_HOT_QUERIES.nextScheduleAfter),
      nextAttemptAfter: db.prepare<[number], { at: number | null }>(DAILY_HOT_QUERIES.nextAttemptAfter),
      revisionOf: db.prepare<[string], { revision: number; enabled: number }>(
        "SELECT revision, enabled FROM daily_schedules WHERE guild_id = ?",
      ),
      insertMissed: db.prepare<[string, string, string, string | null, number]>(
        `INSERT INTO daily_posts (guild_id, local_date, status, channel_id, role_id, scheduled_for)
         VALUES (?, ?, 'missed', ?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
      getPost: db.prepare<[string, string], PostRecord>(
        "SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?",
      ),
      deletePost: db.prepare<[string, string]>(
        "DELETE FROM daily_posts WHERE guild_id = ? AND local_date = ?",
      ),
      insertClaim: db.prepare<
        [string, string, string, string, string | null, number, number, number],
        PostRecord
      >(
        `INSERT INTO daily_posts
           (guild_id, local_date, status, fact_id, channel_id, role_id, scheduled_for, claimed_at,
            attempts, next_attempt_at)
         VALUES (?, ?, 'claimed', ?, ?, ?, ?, ?, 1, ?)
         RETURNING *`,
      ),
      advanceSchedule: db.prepare<[number, string, number, string, number, string | null, number, string]>(
        `UPDATE daily_schedules SET next_run_at = ?, next_local_date = ?, rotation_cycle = ?,
           rotation_order = ?, rotation_position = ?, last_fact_id = ?, revision = revision + 1,
           updated_at = ?
         WHERE guild_id = ?`,
      ),
      moveSchedule: db.prepare<[number, string, number, string]>(
        `UPDATE daily_schedules SET next_run_at = ?, next_local_date = ?, revision = revision + 1,
           updated_at = ?
         WHERE guild_id = ?`,
      ),
      duePostsFirst: db.prepare<[number, number], PostRecord>(DAILY_HOT_QUERIES.duePostsFirst),
      duePostsAfter: db.prepare<
        [{ now: number; at: number; guild: string; date: string; limit: number }],
        PostRecord
      >(DAILY_HOT_QUERIES.duePostsAfter),
      expireClaims: db.prepare<[{ error: string; now: number; before: number }]>(
        DAILY_HOT_QUERIES.expireClaims,
      ),
      prunePosts: db.prepare<[{ before: number; limit: number }]>(DAILY_PRUNE_QUERY),
      startAttempt: db.prepare<[number, string, string, number], PostRecord>(
        `UPDATE daily_posts SET attempts = attempts + 1, next_attempt_at = ?
         WHERE guild_id = ? AND local_date = ? AND status = 'claimed' AND next_attempt_at <= ?
         RETURNING *`,
      ),
      markSent: db.prepare<[string, number, string, string]>(
        `UPDATE daily_posts SET status = 'sent', message_id = ?, sent_at = ?, next_attempt_at = NULL,
           error = NULL
         WHERE guild_id = ? AND local_date = ? AND status = 'claimed'`,
      ),
      retryAt: db.prepare<[number, string, string, string]>(
        `UPDATE daily_posts SET next_attempt_at = ?, error = ?
         WHERE guild_id = ? AND local_date = ? AND status = 'claimed'`,
      ),
      markFailed: db.prepare<[string, string, string]>(
        `UPDATE daily_posts SET status = 'failed', error = ?, next_attempt_at = NULL
         WHERE guild_id = ? AND local_date = ? AND status = 'claimed'`,
      ),
      cancelPending: db.prepare<[string]>(
        `UPDATE daily_posts SET status = 'failed', error = 'daily posts were turned off', next_attempt_at = NULL
         WHERE guild_id = ? AND status = 'claimed'`,
      ),
      lastSent: db.prepare<[string], PostRecord>(
        `SELECT * FROM daily_posts WHERE guild_id = ? AND status = 'sent'
         ORDER BY local_date DESC LIMIT 1`,
      ),
      latestPost: db.prepare<[string], PostRecord>(
        "SELECT * FROM daily_posts WHERE guild_id = ? ORDER BY local_date DESC LIMIT 1",
      ),
    };

    this.advanceTx = db.transaction((change: DailyAdvance): DailyAdvanceOutcome => {
      const s = this.statements;
      const current = s.revisionOf.get(change.guildId);
      if (current?.revision !== change.revision || current.enabled !== 1) return { kind: "conflict" };
      const schedule = s.getSchedule.get(change.guildId);
      if (schedule === undefined) return { kind: "conflict" };
      for (const run of change.missed) {
        s.insertMissed.run(
          change.guildId,
          run.localDate,
          schedule.channel_id,
          schedule.role_id,
          run.at.getTime(),
        );
      }
      let claimed: DailyPost | undefined;
      const claim = change.claim;
      if (claim !== undefined) {
        const existing = s.getPost.get(change.guildId, claim.run.localDate);
        if (existing?.status === "missed" && claim.replaceMissed) {
          s.deletePost.run(change.guildId, claim.run.localDate);
        }
        if (existing === undefined || (existing.status === "missed" && claim.replaceMissed)) {
          const row = s.insertClaim.get(
            change.guildId,
            claim.run.localDate,
            claim.factId,
            schedule.channel_id,
            schedule.role_id,
            claim.run.at.getTime(),
            change.now.getTime(),
            claim.leaseUntil.getTime(),
          );
          claimed = row === undefined ? undefined : toPost(row);
        }
      }
      const now = change.now.getTime();
      if (claimed !== undefined && claim !== undefined) {
        s.advanceSchedule.run(
          change.next.at.getTime(),
          change.next.localDate,
          claim.rotation.cycle,
          JSON.stringify(claim.rotation.order),
          claim.rotation.position,
          claim.rotation.lastFactId,
          now,
          change.guildId,
        );
      } else {
        s.moveSchedule.run(change.next.at.getTime(), change.next.localDate, now, change.guildId);
      }
      return { kind: "applied", claimed };
    });

    // Turning posts off also drops a post still waiting for a retry: "off" means nothing more goes out.
    this.disableTx = db.transaction((guildId: string, reason: string | null, now: number): boolean => {
      const changed = this.statements.disable.run(reason, now, guildId).changes > 0;
      this.statements.cancelPending.run(guildId);
      return changed;
    });

    this.failTx = db.transaction(
      (guildId: string, localDate: string, error: string, now: number, disableReason: string | undefined) => {
        this.statements.markFailed.run(clip(error), guildId, localDate);
        if (disableReason !== undefined) this.statements.disable.run(clip(disableReason), now, guildId);
      },
    );
  }

  getSchedule(guildId: string): Promise<DailySchedule | undefined> {
    return settle(() => {
      const row = this.statements.getSchedule.get(guildId);
      return row === undefined ? undefined : toSchedule(row);
    });
  }

  saveSettings(settings: DailySettings, now: Date): Promise<DailySchedule> {
    return settle(() => {
      const row = this.statements.saveSettings.get(
        settings.guildId,
        settings.channelId,
        settings.localTime,
        settings.timeZone,
        settings.roleId,
        settings.next.at.getTime(),
        settings.next.localDate,
        now.getTime(),
      );
      if (row === undefined)
        throw new Error(`daily: saving the schedule of ${settings.guildId} returned nothing`);
      return toSchedule(row);
    });
  }

  disable(guildId: string, reason: string | null, now: Date): Promise<boolean> {
    return settle(() =>
      this.disableTx.immediate(guildId, reason === null ? null : clip(reason), now.getTime()),
    );
  }

  dueSchedules(now: Date, cursor: DueCursor | undefined, limit: number): Promise<DailySchedule[]> {
    return settle(() => {
      const rows =
        cursor === undefined
          ? this.statements.dueFirst.all(now.getTime(), limit)
          : this.statements.dueAfter.all({
              now: now.getTime(),
              at: cursor.at.getTime(),
              guild: cursor.guildId,
              limit,
            });
      return rows.map(toSchedule);
    });
  }

  firstDueWork(now: Date, expire: { before: Date; error: string }, limit: number): Promise<DueWork> {
    return settle(() => {
      const at = now.getTime();
      const expired = this.statements.expireClaims.run({
        error: clip(expire.error),
        now: at,
        before: expire.before.getTime(),
      }).changes;
      return {
        expired,
        posts: this.statements.duePostsFirst.all(at, limit).map(toPost),
        schedules: this.statements.dueFirst.all(at, limit).map(toSchedule),
      };
    });
  }

  nextWakeAfter(now: Date): Promise<Date | undefined> {
    return settle(() => {
      const times = [
        this.statements.nextScheduleAfter.get(now.getTime())?.at,
        this.statements.nextAttemptAfter.get(now.getTime())?.at,
      ].filter((at): at is number => typeof at === "number");
      return times.length === 0 ? undefined : new Date(Math.min(...times));
    });
  }

  advance(change: DailyAdvance): Promise<DailyAdvanceOutcome> {
    return settle(() => this.advanceTx.immediate(change));
  }

  getPost(guildId: string, localDate: string): Promise<DailyPost | undefined> {
    return settle(() => {
      const row = this.statements.getPost.get(guildId, localDate);
      return row === undefined ? undefined : toPost(row);
    });
  }

  duePosts(now: Date, cursor: DuePostCursor | undefined, limit: number): Promise<DailyPost[]> {
    return settle(() => {
      const rows =
        cursor === undefined
          ? this.statements.duePostsFirst.all(now.getTime(), limit)
          : this.statements.duePostsAfter.all({
              now: now.getTime(),
              at: cursor.at.getTime(),
              guild: cursor.guildId,
              date: cursor.localDate,
              limit,
            });
      return rows.map(toPost);
    });
  }

  prunePosts(before: Date, limit: number): Promise<number> {
    return settle(() => this.statements.prunePosts.run({ before: before.getTime(), limit }).changes);
  }

  startAttempt(
    guildId: string,
    localDate: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<DailyPost | undefined> {
    return settle(() => {
      const row = this.statements.startAttempt.get(leaseUntil.getTime(), guildId, localDate, now.getTime());
      return row === undefined ? undefined : toPost(row);
    });
  }

  markSent(guildId: string, localDate: string, messageId: string, now: Date): Promise<void> {
    return settle(() => {
      this.statements.markSent.run(messageId, now.getTime(), guildId, localDate);
    });
  }

  retryAt(guildId: string, localDate: string, at: Date, error: string): Promise<void> {
    return settle(() => {
      this.statements.retryAt.run(at.getTime(), clip(error), guildId, localDate);
    });
  }

  markFailed(
    guildId: string,
    localDate: string,
    error: string,
    now: Date,
    disableReason?: string,
  ): Promise<void> {
    return settle(() => {
      this.failTx.immediate(guildId, localDate, error, now.getTime(), disableReason);
    });
  }

  lastSent(guildId: string): Promise<DailyPost | undefined> {
    return settle(() => {
      const row = this.statements.lastSent.get(guildId);
      return row === undefined ? undefined : toPost(row);
    });
  }

  latestPost(guildId: string): Promise<DailyPost | undefined> {
    return settle(() => {
      const row = this.statements.latestPost.get(guildId);
      return row === undefined ? undefined : toPost(row);
    });
  }
}

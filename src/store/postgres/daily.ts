/**
 * Daily-post state in PostgreSQL, shared by every process on every machine. Exactly once per
 * server and local date holds through the database, not through memory:
 * - the claim is one atomic statement, INSERT ... ON CONFLICT (guild_id, local_date) DO NOTHING:
 *   of two processes claiming the same date, one inserts the row and the other gets nothing back;
 * - the schedule row is locked FOR UPDATE SKIP LOCKED while a plan is applied, so a process never
 *   waits behind another one advancing the same schedule: it leaves that server to it;
 * - a retry takes its lease with one conditional UPDATE, so only one process sends at a time.
 */
import type pg from "pg";

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
  type PostRecord,
  type ScheduleRecord,
} from "../dailyRepository.js";
import { changes, first, inTransaction, rows, type Queryable } from "./pool.js";

/** The queries every due-check runs; each is answered from an index (tests check their plans). */
export const PG_DAILY_HOT_QUERIES = {
  dueFirst: `SELECT * FROM daily_schedules WHERE enabled = 1 AND next_run_at <= $1
    ORDER BY next_run_at, guild_id LIMIT $2`,
  dueAfter: `SELECT * FROM daily_schedules WHERE enabled = 1 AND next_run_at <= $1
      AND (next_run_at, guild_id) > ($2, $3)
    ORDER BY next_run_at, guild_id LIMIT $4`,
  nextWake: `SELECT
      (SELECT MIN(next_run_at) FROM daily_schedules WHERE enabled = 1 AND next_run_at > $1) AS schedule_at,
      (SELECT MIN(next_attempt_at) FROM daily_posts WHERE status = 'claimed' AND next_attempt_at > $1)
        AS attempt_at`,
  duePostsFirst: `SELECT * FROM daily_posts WHERE status = 'claimed' AND next_attempt_at <= $1
    ORDER BY next_attempt_at, guild_id, local_date LIMIT $2`,
  duePostsAfter: `SELECT * FROM daily_posts WHERE status = 'claimed' AND next_attempt_at <= $1
      AND (next_attempt_at, guild_id, local_date) > ($2, $3, $4)
    ORDER BY next_attempt_at, guild_id, local_date LIMIT $5`,
  expireClaims: `UPDATE daily_posts SET status = 'failed', error = $1, next_attempt_at = NULL
    WHERE status = 'claimed' AND next_attempt_at <= $2 AND scheduled_for < $3`,
} as const;

/**
 * Retention: the oldest rows by time (index), keeping claimed posts and each server's latest sent
 * post (a primary-key probe each), then deleted by physical row id, as SQLite deletes by rowid.
 * Joining back on the primary key instead makes the planner hash the whole table. A row another
 * process updates meanwhile moves to a new ctid and is simply left for the next batch.
 */
export const PG_DAILY_PRUNE_QUERY = `DELETE FROM daily_posts WHERE ctid = ANY(ARRAY(
    SELECT old.ctid FROM daily_posts AS old
    WHERE old.scheduled_for < $1 AND old.status <> 'claimed'
      AND (old.status <> 'sent' OR EXISTS (
        SELECT 1 FROM daily_posts AS newer
        WHERE newer.guild_id = old.guild_id AND newer.local_date > old.local_date AND newer.status = 'sent'))
    ORDER BY old.scheduled_for LIMIT $2))`;

const SAVE_SETTINGS_SQL = `
INSERT INTO daily_schedules
  (guild_id, channel_id, local_time, time_zone, role_id, enabled, next_run_at, next_local_date,
   disabled_reason, revision, updated_at)
VALUES ($1, $2, $3, $4, $5, 1, $6, $7, NULL, 1, $8)
ON CONFLICT (guild_id) DO UPDATE SET
  channel_id = excluded.channel_id, local_time = excluded.local_time,
  time_zone = excluded.time_zone, role_id = excluded.role_id, enabled = 1,
  next_run_at = excluded.next_run_at, next_local_date = excluded.next_local_date,
  disabled_reason = NULL, revision = daily_schedules.revision + 1, updated_at = excluded.updated_at
RETURNING *`;

/** Turning posts off also drops a post still waiting for a retry: "off" means nothing more goes out. */
const DISABLE_SQL = `
WITH turned_off AS (
  UPDATE daily_schedules SET enabled = 0, disabled_reason = $2, revision = revision + 1, updated_at = $3
  WHERE guild_id = $1 RETURNING guild_id
), cancelled AS (
  UPDATE daily_posts SET status = 'failed', error = 'daily posts were turned off', next_attempt_at = NULL
  WHERE guild_id = $1 AND status = 'claimed' RETURNING guild_id
)
SELECT (SELECT COUNT(*) FROM turned_off) AS changed`;

/** Gives up on a post and, when $4 is a reason, turns the schedule off: one statement, atomic. */
const FAIL_SQL = `
WITH failed AS (
  UPDATE daily_posts SET status = 'failed', error = $3, next_attempt_at = NULL
  WHERE guild_id = $1 AND local_date = $2 AND status = 'claimed' RETURNING guild_id
)
UPDATE daily_schedules SET enabled = 0, disabled_reason = $4, revision = revision + 1, updated_at = $5
WHERE guild_id = $1 AND CAST($4 AS TEXT) IS NOT NULL`;

const INSERT_MISSED_SQL = `INSERT INTO daily_posts (guild_id, local_date, status, channel_id, role_id, scheduled_for)
  VALUES ($1, $2, 'missed', $3, $4, $5) ON CONFLICT DO NOTHING`;

/** The claim itself: the row exists afterwards for exactly one caller. */
const CLAIM_SQL = `INSERT INTO daily_posts
    (guild_id, local_date, status, fact_id, channel_id, role_id, scheduled_for, claimed_at, attempts,
     next_attempt_at)
  VALUES ($1, $2, 'claimed', $3, $4, $5, $6, $7, 1, $8)
  ON CONFLICT (guild_id, local_date) DO NOTHING
  RETURNING *`;

const ADVANCE_SQL = `UPDATE daily_schedules SET next_run_at = $1, next_local_date = $2, rotation_cycle = $3,
    rotation_order = $4, rotation_position = $5, last_fact_id = $6, revision = revision + 1, updated_at = $7
  WHERE guild_id = $8`;

const MOVE_SQL = `UPDATE daily_schedules SET next_run_at = $1, next_local_date = $2, revision = revision + 1,
    updated_at = $3
  WHERE guild_id = $4`;

const post = (row: PostRecord | undefined) => (row === undefined ? undefined : toPost(row));

/** Applies a due plan inside a transaction; see PgDailyRepository.advance. */
async function applyAdvance(client: Queryable, change: DailyAdvance): Promise<DailyAdvanceOutcome> {
  const schedule = await first<ScheduleRecord>(
    client,
    "SELECT * FROM daily_schedules WHERE guild_id = $1 FOR UPDATE SKIP LOCKED",
    [change.guildId],
  );
  // Locked by another process (it is advancing this schedule, or an admin is saving it), gone,
  // changed since the plan was made, or off: not ours to apply now.
  if (schedule?.revision !== change.revision || schedule.enabled !== 1) return { kind: "conflict" };
  for (const run of change.missed) {
    await changes(client, INSERT_MISSED_SQL, [
      change.guildId,
      run.localDate,
      schedule.channel_id,
      schedule.role_id,
      run.at.getTime(),
    ]);
  }
  const now = change.now.getTime();
  let claimed: DailyPost | undefined;
  const claim = change.claim;
  if (claim !== undefined) {
    if (claim.replaceMissed) {
      await changes(
        client,
        "DELETE FROM daily_posts WHERE guild_id = $1 AND local_date = $2 AND status = 'missed'",
        [change.guildId, claim.run.localDate],
      );
    }
    claimed = post(
      await first<PostRecord>(client, CLAIM_SQL, [
        change.guildId,
        claim.run.localDate,
        claim.factId,
        schedule.channel_id,
        schedule.role_id,
        claim.run.at.getTime(),
        now,
        claim.leaseUntil.getTime(),
      ]),
    );
  }
  if (claimed !== undefined && claim !== undefined) {
    await changes(client, ADVANCE_SQL, [
      change.next.at.getTime(),
      change.next.localDate,
      claim.rotation.cycle,
      JSON.stringify(claim.rotation.order),
      claim.rotation.position,
      claim.rotation.lastFactId,
      now,
      change.guildId,
    ]);
  } else {
    await changes(client, MOVE_SQL, [change.next.at.getTime(), change.next.localDate, now, change.guildId]);
  }
  return { kind: "applied", claimed };
}

export class PgDailyRepository implements DailyRepository {
  constructor(private readonly pool: pg.Pool) {}

  async getSchedule(guildId: string): Promise<DailySchedule | undefined> {
    const row = await first<ScheduleRecord>(this.pool, "SELECT * FROM daily_schedules WHERE guild_id = $1", [
      guildId,
    ]);
    return row === undefined ? undefined : toSchedule(row);
  }

  async saveSettings(settings: DailySettings, now: Date): Promise<DailySchedule> {
    const row = await first<ScheduleRecord>(this.pool, SAVE_SETTINGS_SQL, [
      settings.guildId,
      settings.channelId,
      settings.localTime,
      settings.timeZone,
      settings.roleId,
      settings.next.at.getTime(),
      settings.next.localDate,
      now.getTime(),
    ]);
    if (row === undefined)
      throw new Error(`daily: saving the schedule of ${settings.guildId} returned nothing`);
    return toSchedule(row);
  }

  async disable(guildId: string, reason: string | null, now: Date): Promise<boolean> {
    const row = await first<{ changed: number }>(this.pool, DISABLE_SQL, [
      guildId,
      reason === null ? null : clip(reason),
      now.getTime(),
    ]);
    return (row?.changed ?? 0) > 0;
  }

  async dueSchedules(now: Date, cursor: DueCursor | undefined, limit: number): Promise<DailySchedule[]> {
    const found =
      cursor === undefined
        ? await rows<ScheduleRecord>(this.pool, PG_DAILY_HOT_QUERIES.dueFirst, [now.getTime(), limit])
        : await rows<ScheduleRecord>(this.pool, PG_DAILY_HOT_QUERIES.dueAfter, [
            now.getTime(),
            cursor.at.getTime(),
            cursor.guildId,
            limit,
          ]);
    return found.map(toSchedule);
  }

  async nextWakeAfter(now: Date): Promise<Date | undefined> {
    const row = await first<{ schedule_at: number | null; attempt_at: number | null }>(
      this.pool,
      PG_DAILY_HOT_QUERIES.nextWake,
      [now.getTime()],
    );
    const times = [row?.schedule_at, row?.attempt_at].filter((at): at is number => typeof at === "number");
    return times.length === 0 ? undefined : new Date(Math.min(...times));
  }

  /**
   * One transaction: lock the schedule (or leave it to whoever holds it), record missed dates,
   * claim the date, advance the schedule and rotation. Deadlock-free: it locks one schedule row,
   * then writes post-log rows of that server only.
   */
  advance(change: DailyAdvance): Promise<DailyAdvanceOutcome> {
    return inTransaction(this.pool, (client) => applyAdvance(client, change));
  }

  async getPost(guildId: string, localDate: string): Promise<DailyPost | undefined> {
    return post(
      await first<PostRecord>(
        this.pool,
        "SELECT * FROM daily_posts WHERE guild_id = $1 AND local_date = $2",
        [guildId, localDate],
      ),
    );
  }

  async duePosts(now: Date, cursor: DuePostCursor | undefined, limit: number): Promise<DailyPost[]> {
    const found =
      cursor === undefined
        ? await rows<PostRecord>(this.pool, PG_DAILY_HOT_QUERIES.duePostsFirst, [now.getTime(), limit])
        : await rows<PostRecord>(this.pool, PG_DAILY_HOT_QUERIES.duePostsAfter, [
            now.getTime(),
            cursor.at.getTime(),
            cursor.guildId,
            cursor.localDate,
            limit,
          ]);
    return found.map(toPost);
  }

  expireClaims(scheduledBefore: Date, now: Date, error: string): Promise<number> {
    return changes(this.pool, PG_DAILY_HOT_QUERIES.expireClaims, [
      clip(error),
      now.getTime(),
      scheduledBefore.getTime(),
    ]);
  }

  prunePosts(before: Date, limit: number): Promise<number> {
    return changes(this.pool, PG_DAILY_PRUNE_QUERY, [before.getTime(), limit]);
  }

  async startAttempt(
    guildId: string,
    localDate: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<DailyPost | undefined> {
    return post(
      await first<PostRecord>(
        this.pool,
        `UPDATE daily_posts SET attempts = attempts + 1, next_attempt_at = $1
         WHERE guild_id = $2 AND local_date = $3 AND status = 'claimed' AND next_attempt_at <= $4
         RETURNING *`,
        [leaseUntil.getTime(), guildId, localDate, now.getTime()],
      ),
    );
  }

  async markSent(guildId: string, localDate: string, messageId: string, now: Date): Promise<void> {
    await changes(
      this.pool,
      `UPDATE daily_posts SET status = 'sent', message_id = $1, sent_at = $2, next_attempt_at = NULL,
         error = NULL
       WHERE guild_id = $3 AND local_date = $4 AND status = 'claimed'`,
      [messageId, now.getTime(), guildId, localDate],
    );
  }

  async retryAt(guildId: string, localDate: string, at: Date, error: string): Promise<void> {
    await changes(
      this.pool,
      `UPDATE daily_posts SET next_attempt_at = $1, error = $2
       WHERE guild_id = $3 AND local_date = $4 AND status = 'claimed'`,
      [at.getTime(), clip(error), guildId, localDate],
    );
  }

  async markFailed(
    guildId: string,
    localDate: string,
    error: string,
    now: Date,
    disableReason?: string,
  ): Promise<void> {
    await changes(this.pool, FAIL_SQL, [
      guildId,
      localDate,
      clip(error),
      disableReason === undefined ? null : clip(disableReason),
      now.getTime(),
    ]);
  }

  async lastSent(guildId: string): Promise<DailyPost | undefined> {
    return post(
      await first<PostRecord>(
        this.pool,
        `SELECT * FROM daily_posts WHERE guild_id = $1 AND status = 'sent'
         ORDER BY local_date DESC LIMIT 1`,
        [guildId],
      ),
    );
  }

  async latestPost(guildId: string): Promise<DailyPost | undefined> {
    return post(
      await first<PostRecord>(
        this.pool,
        "SELECT * FROM daily_posts WHERE guild_id = $1 ORDER BY local_date DESC LIMIT 1",
        [guildId],
      ),
    );
  }
}

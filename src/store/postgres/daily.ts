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
  type DueWork,
  type PostRecord,
  type ScheduleRecord,
} from "../dailyRepository.js";
import {
  PG_DAILY_HOT_QUERIES,
  PG_DAILY_PRUNE_QUERY,
  SAVE_SETTINGS_SQL,
  DISABLE_SQL,
  FIRST_DUE_WORK_SQL,
  FAIL_SQL,
  INSERT_MISSED_SQL,
  CLAIM_SQL,
  ADVANCE_SQL,
  MOVE_SQL,
  ADVANCE_IN_ONE_SQL,
} from "./dailySql.js";
import { changes, first, inTransaction, rows, type Queryable } from "./pool.js";

const post = (row: PostRecord | undefined) => (row === undefined ? undefined : toPost(row));

/** Applies a due plan inside a transaction, step by step: the path of /daily now, which may replace a missed row. */
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

  async firstDueWork(now: Date, expire: { before: Date; error: string }, limit: number): Promise<DueWork> {
    const row = await first<{ expired: number; posts: PostRecord[]; schedules: ScheduleRecord[] }>(
      this.pool,
      FIRST_DUE_WORK_SQL,
      [now.getTime(), clip(expire.error), expire.before.getTime(), limit],
    );
    return {
      expired: row?.expired ?? 0,
      posts: (row?.posts ?? []).map(toPost),
      schedules: (row?.schedules ?? []).map(toSchedule),
    };
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
  async advance(change: DailyAdvance): Promise<DailyAdvanceOutcome> {
    if (change.claim?.replaceMissed === true) {
      return inTransaction(this.pool, (client) => applyAdvance(client, change));
    }
    const claim = change.claim;
    const row = await first<{ locked: number; claimed: PostRecord | null }>(this.pool, ADVANCE_IN_ONE_SQL, [
      change.guildId,
      change.revision,
      change.missed.map((run) => run.localDate),
      change.missed.map((run) => run.at.getTime()),
      claim?.run.localDate ?? null,
      claim?.factId ?? null,
      claim?.run.at.getTime() ?? null,
      change.now.getTime(),
      claim?.leaseUntil.getTime() ?? null,
      change.next.at.getTime(),
      change.next.localDate,
      claim?.rotation.cycle ?? null,
      claim === undefined ? null : JSON.stringify(claim.rotation.order),
      claim?.rotation.position ?? null,
      claim?.rotation.lastFactId ?? null,
    ]);
    if (row === undefined || row.locked === 0) return { kind: "conflict" };
    return { kind: "applied", claimed: row.claimed === null ? undefined : toPost(row.claimed) };
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

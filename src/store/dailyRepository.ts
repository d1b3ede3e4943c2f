/**
 * Daily-post state: each guild's schedule (settings, next run, rotation) and the post log, one
 * row per guild and local date. The unique (guild, local date) key plus "claim in the same
 * transaction that advances the schedule" is what makes a post happen at most once per date;
 * retrying a claimed row (never re-claiming) is what makes it happen at least once.
 */
import { z } from "zod";

import { settle } from "./async.js";
import type { Database } from "./database.js";

export type DailyPostStatus = "claimed" | "sent" | "missed" | "failed";

export interface DailyRotation {
  readonly cycle: number;
  readonly order: readonly string[];
  readonly position: number;
  readonly lastFactId: string | null;
}

export interface DailyRunRef {
  readonly at: Date;
  readonly localDate: string;
}

export interface DailySchedule {
  readonly guildId: string;
  readonly channelId: string;
  /** HH:MM in timeZone. */
  readonly localTime: string;
  readonly timeZone: string;
  readonly roleId: string | null;
  readonly enabled: boolean;
  readonly next: DailyRunRef;
  readonly disabledReason: string | null;
  readonly rotation: DailyRotation;
  readonly revision: number;
  readonly updatedAt: Date;
}

export interface DailyPost {
  readonly guildId: string;
  readonly localDate: string;
  readonly status: DailyPostStatus;
  readonly factId: string | null;
  readonly channelId: string;
  readonly roleId: string | null;
  readonly scheduledFor: Date;
  readonly claimedAt: Date | null;
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
  readonly messageId: string | null;
  readonly sentAt: Date | null;
  readonly error: string | null;
}

export interface DailySettings {
  readonly guildId: string;
  readonly channelId: string;
  readonly localTime: string;
  readonly timeZone: string;
  readonly roleId: string | null;
  readonly next: DailyRunRef;
}

/** Where a due-check page ends, so the next page starts after it (keyset paging). */
export interface DueCursor {
  readonly at: Date;
  readonly guildId: string;
}

/** Where a page of due claimed posts ends: its next attempt time, guild and date. */
export interface DuePostCursor {
  readonly at: Date;
  readonly guildId: string;
  readonly localDate: string;
}

export interface DailyClaim {
  readonly run: DailyRunRef;
  readonly factId: string;
  readonly rotation: DailyRotation;
  /** End of the first attempt's lease: until then nobody else retries this post. */
  readonly leaseUntil: Date;
  /** `/daily now` may post on a date already recorded as missed; the scheduler never does. */
  readonly replaceMissed: boolean;
}

export interface DailyAdvance {
  readonly guildId: string;
  /** The schedule revision the plan was made from; a different one means settings changed. */
  readonly revision: number;
  readonly next: DailyRunRef;
  readonly missed: readonly DailyRunRef[];
  readonly claim?: DailyClaim;
  readonly now: Date;
}

export type DailyAdvanceOutcome =
  | { readonly kind: "conflict" }
  /** `claimed` is undefined when nothing was claimed, or the date already had a post. */
  | { readonly kind: "applied"; readonly claimed: DailyPost | undefined };

export interface DailyRepository {
  getSchedule(guildId: string): Promise<DailySchedule | undefined>;
  /** Creates or replaces the settings and next run; enables the schedule; keeps the rotation. */
  saveSettings(settings: DailySettings, now: Date): Promise<DailySchedule>;
  /** Turns the schedule off, with the reason admins will see (null when they turned it off). */
  disable(guildId: string, reason: string | null, now: Date): Promise<boolean>;
  /** Enabled schedules due at `now`, oldest first, after `cursor`: cost O(rows returned). */
  dueSchedules(now: Date, cursor: DueCursor | undefined, limit: number): Promise<DailySchedule[]>;
  /** The earliest future instant at which a schedule or a claimed post falls due. */
  nextWakeAfter(now: Date): Promise<Date | undefined>;
  /** Applies a due plan atomically: missed rows, the claim, the rotation and the next run. */
  advance(change: DailyAdvance): Promise<DailyAdvanceOutcome>;
  getPost(guildId: string, localDate: string): Promise<DailyPost | undefined>;
  /** Claimed posts whose next attempt may start, oldest first, after `cursor`: cost O(rows returned). */
  duePosts(now: Date, cursor: DuePostCursor | undefined, limit: number): Promise<DailyPost[]>;
  /** Takes the lease for one more attempt; undefined if someone else has it or it is no longer claimed. */
  startAttempt(
    guildId: string,
    localDate: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<DailyPost | undefined>;
  markSent(guildId: string, localDate: string, messageId: string, now: Date): Promise<void>;
  retryAt(guildId: string, localDate: string, at: Date, error: string): Promise<void>;
  /** Gives up on a post; with `disableReason`, also turns the schedule off in the same transaction. */
  markFailed(
    guildId: string,
    localDate: string,
    error: string,
    now: Date,
    disableReason?: string,
  ): Promise<void>;
  /**
   * Gives up, as failed with `error`, every claimed post scheduled before `scheduledBefore` whose
   * lease has run out, whichever server it belongs to. Returns how many.
   */
  expireClaims(scheduledBefore: Date, now: Date, error: string): Promise<number>;
  /**
   * Deletes up to `limit` post-log rows scheduled before `before`, oldest first. Claimed posts and
   * each server's most recent sent post are kept, however old. Returns how many were deleted.
   */
  prunePosts(before: Date, limit: number): Promise<number>;
  /** The most recent post actually sent. */
  lastSent(guildId: string): Promise<DailyPost | undefined>;
  /** The most recent post-log row of any status. */
  latestPost(guildId: string): Promise<DailyPost | undefined>;
}

interface ScheduleRecord {
  guild_id: string;
  channel_id: string;
  local_time: string;
  time_zone: string;
  role_id: string | null;
  enabled: number;
  next_run_at: number;
  next_local_date: string;
  disabled_reason: string | null;
  rotation_cycle: number;
  rotation_order: string;
  rotation_position: number;
  last_fact_id: string | null;
  revision: number;
  updated_at: number;
}

interface PostRecord {
  guild_id: string;
  local_date: string;
  status: DailyPostStatus;
  fact_id: string | null;
  channel_id: string;
  role_id: string | null;
  scheduled_for: number;
  claimed_at: number | null;
  attempts: number;
  next_attempt_at: number | null;
  message_id: string | null;
  sent_at: number | null;
  error: string | null;
}

const rotationOrderSchema = z.array(z.string());

/** A corrupt order is treated as an exhausted cycle: the next pick starts a fresh shuffle. */
function parseOrder(json: string): string[] {
  try {
    const parsed = rotationOrderSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

const toSchedule = (r: ScheduleRecord): DailySchedule => ({
  guildId: r.guild_id,
  channelId: r.channel_id,
  localTime: r.local_time,
  timeZone: r.time_zone,
  roleId: r.role_id,
  enabled: r.enabled === 1,
  next: { at: new Date(r.next_run_at), localDate: r.next_local_date },
  disabledReason: r.disabled_reason,
  rotation: {
    cycle: r.rotation_cycle,
    order: parseOrder(r.rotation_order),
    position: r.rotation_position,
    lastFactId: r.last_fact_id,
  },
  revision: r.revision,
  updatedAt: new Date(r.updated_at),
});

const toPost = (r: PostRecord): DailyPost => ({
  guildId: r.guild_id,
  localDate: r.local_date,
  status: r.status,
  factId: r.fact_id,
  channelId: r.channel_id,
  roleId: r.role_id,
  scheduledFor: new Date(r.scheduled_for),
  claimedAt: dateOrNull(r.claimed_at),
  attempts: r.attempts,
  nextAttemptAt: dateOrNull(r.next_attempt_at),
  messageId: r.message_id,
  sentAt: dateOrNull(r.sent_at),
  error: r.error,
});

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

/** Error text is for admins and logs; a runaway message must not bloat the table. */
const ERROR_TEXT_MAX = 500;
const clip = (text: string): string =>
  text.length > ERROR_TEXT_MAX ? `${text.slice(0, ERROR_TEXT_MAX - 1)}…` : text;

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

  expireClaims(scheduledBefore: Date, now: Date, error: string): Promise<number> {
    return settle(
      () =>
        this.statements.expireClaims.run({
          error: clip(error),
          now: now.getTime(),
          before: scheduledBefore.getTime(),
        }).changes,
    );
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

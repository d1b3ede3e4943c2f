/**
 * Daily-post state, the contract: each guild's schedule (settings, next run, rotation) and the
 * post log, one row per guild and local date. The unique (guild, local date) key plus "claim in
 * the same transaction that advances the schedule" is what makes a post happen at most once per
 * date; retrying a claimed row (never re-claiming) is what makes it happen at least once, in
 * whichever process. The SQL lives in sqlite/daily.ts and postgres/daily.ts; the row shapes and
 * their mapping are shared here.
 */
import { z } from "zod";

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

/** A due-check's first step: stale claims given up, and the first page of each kind of due work. */
export interface DueWork {
  /** Claimed posts given up by this call (past `expire.before`, lease run out). */
  readonly expired: number;
  /** The first page of claimed posts whose next attempt may start, as duePosts returns it. */
  readonly posts: DailyPost[];
  /** The first page of due schedules, as dueSchedules returns it. */
  readonly schedules: DailySchedule[];
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
  /**
   * Gives up, as failed with `expire.error`, every claimed post scheduled before `expire.before`
   * whose lease has run out, whichever server it belongs to; then reads the first page of
   * duePosts and of dueSchedules. One call: every due-check starts with these, and a networked
   * store answers them in one round trip.
   */
  firstDueWork(
    now: Date,
    expire: { readonly before: Date; readonly error: string },
    limit: number,
  ): Promise<DueWork>;
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
   * Deletes up to `limit` post-log rows scheduled before `before`, oldest first. Claimed posts and
   * each server's most recent sent post are kept, however old. Returns how many were deleted.
   */
  prunePosts(before: Date, limit: number): Promise<number>;
  /** The most recent post actually sent. */
  lastSent(guildId: string): Promise<DailyPost | undefined>;
  /** The most recent post-log row of any status. */
  latestPost(guildId: string): Promise<DailyPost | undefined>;
}

/** A daily_schedules row as both dialects return it (instants as epoch milliseconds). */
export interface ScheduleRecord {
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

/** A daily_posts row as both dialects return it. */
export interface PostRecord {
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

export const toSchedule = (r: ScheduleRecord): DailySchedule => ({
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

export const toPost = (r: PostRecord): DailyPost => ({
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

/** Error text is for admins and logs; a runaway message must not bloat the table. */
export const ERROR_TEXT_MAX = 500;
export const clip = (text: string): string =>
  text.length > ERROR_TEXT_MAX ? `${text.slice(0, ERROR_TEXT_MAX - 1)}…` : text;

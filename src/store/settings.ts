/** Per-guild settings. A guild that never changed anything gets the defaults (all null: "use the bot's default"). */
import { z } from "zod";

import { isValidTimeZone } from "../config.js";

export interface GuildSettings {
  readonly guildId: string;
  /** IANA time zone for daily posts and "today"; null means the bot's DEFAULT_TIMEZONE. */
  readonly timezone: string | null;
  /** Seconds a user waits between /ask uses; null means the bot's default. */
  readonly askCooldownSeconds: number | null;
  /** Seconds between quiz games in one channel; null means the bot's default. */
  readonly quizCooldownSeconds: number | null;
  /** The recall probability review cards are scheduled for (FSRS); null means the default, 0.9. */
  readonly desiredRetention: number | null;
  /** When an admin last changed something; null for a guild still on the defaults. */
  readonly updatedAt: Date | null;
}

/** Fields to change; `null` resets a field to the bot's default, a missing field leaves it alone. */
export type GuildSettingsUpdate = Partial<
  Pick<GuildSettings, "timezone" | "askCooldownSeconds" | "quizCooldownSeconds" | "desiredRetention">
>;

export interface GuildSettingsRepository {
  get(guildId: string): Promise<GuildSettings>;
  update(guildId: string, changes: GuildSettingsUpdate, at: Date): Promise<GuildSettings>;
}

/**
 * The desired retentions a server may choose. FSRS's authors advise 0.70 to 0.97: below, cards are
 * forgotten more often than studying is worth; above, each extra point of recall costs many more
 * reviews a day (the workload grows steeply towards 1).
 */
export const MIN_DESIRED_RETENTION = 0.7;
export const MAX_DESIRED_RETENTION = 0.97;

/** A day: longer cooldowns are almost certainly a typo (minutes or milliseconds meant as seconds). */
export const MAX_COOLDOWN_SECONDS = 86_400;

const cooldown = z
  .number()
  .int({ error: "a cooldown must be a whole number of seconds" })
  .min(0, { error: "a cooldown cannot be negative" })
  .max(MAX_COOLDOWN_SECONDS, { error: `a cooldown can be at most ${MAX_COOLDOWN_SECONDS} seconds` })
  .nullable()
  .optional();

export const updateSchema = z.strictObject({
  timezone: z
    .string()
    .refine(isValidTimeZone, { error: "must be an IANA time zone such as Europe/London" })
    .nullable()
    .optional(),
  askCooldownSeconds: cooldown,
  quizCooldownSeconds: cooldown,
  desiredRetention: z
    .number()
    .min(MIN_DESIRED_RETENTION, { error: `a desired retention is at least ${MIN_DESIRED_RETENTION}` })
    .max(MAX_DESIRED_RETENTION, { error: `a desired retention is at most ${MAX_DESIRED_RETENTION}` })
    .nullable()
    .optional(),
});

export interface SettingsRecord {
  guild_id: string;
  timezone: string | null;
  ask_cooldown_seconds: number | null;
  quiz_cooldown_seconds: number | null;
  desired_retention: number | null;
  updated_at: string;
}

export const defaults = (guildId: string): GuildSettings => ({
  guildId,
  timezone: null,
  askCooldownSeconds: null,
  quizCooldownSeconds: null,
  desiredRetention: null,
  updatedAt: null,
});

export const toSettings = (r: SettingsRecord): GuildSettings => ({
  guildId: r.guild_id,
  timezone: r.timezone,
  askCooldownSeconds: r.ask_cooldown_seconds,
  quizCooldownSeconds: r.quiz_cooldown_seconds,
  desiredRetention: r.desired_retention,
  updatedAt: new Date(r.updated_at),
});

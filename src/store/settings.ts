/** Per-guild settings. A guild that never changed anything gets the defaults (all null: "use the bot's default"). */
import { z } from "zod";

import { isValidTimeZone } from "../config.js";
import { settle } from "./async.js";
import type { Database } from "./database.js";

export interface GuildSettings {
  readonly guildId: string;
  /** IANA time zone for daily posts and "today"; null means the bot's DEFAULT_TIMEZONE. */
  readonly timezone: string | null;
  /** Seconds a user waits between /ask uses; null means the bot's default. */
  readonly askCooldownSeconds: number | null;
  /** Seconds between quiz games in one channel; null means the bot's default. */
  readonly quizCooldownSeconds: number | null;
  /** When an admin last changed something; null for a guild still on the defaults. */
  readonly updatedAt: Date | null;
}

/** Fields to change; `null` resets a field to the bot's default, a missing field leaves it alone. */
export type GuildSettingsUpdate = Partial<
  Pick<GuildSettings, "timezone" | "askCooldownSeconds" | "quizCooldownSeconds">
>;

export interface GuildSettingsRepository {
  get(guildId: string): Promise<GuildSettings>;
  update(guildId: string, changes: GuildSettingsUpdate, at: Date): Promise<GuildSettings>;
}

/** A day: longer cooldowns are almost certainly a typo (minutes or milliseconds meant as seconds). */
export const MAX_COOLDOWN_SECONDS = 86_400;

const cooldown = z
  .number()
  .int({ error: "a cooldown must be a whole number of seconds" })
  .min(0, { error: "a cooldown cannot be negative" })
  .max(MAX_COOLDOWN_SECONDS, { error: `a cooldown can be at most ${MAX_COOLDOWN_SECONDS} seconds` })
  .nullable()
  .optional();

const updateSchema = z.strictObject({
  timezone: z
    .string()
    .refine(isValidTimeZone, { error: "must be an IANA time zone such as Europe/London" })
    .nullable()
    .optional(),
  askCooldownSeconds: cooldown,
  quizCooldownSeconds: cooldown,
});

interface SettingsRecord {
  guild_id: string;
  timezone: string | null;
  ask_cooldown_seconds: number | null;
  quiz_cooldown_seconds: number | null;
  updated_at: string;
}

const defaults = (guildId: string): GuildSettings => ({
  guildId,
  timezone: null,
  askCooldownSeconds: null,
  quizCooldownSeconds: null,
  updatedAt: null,
});

const toSettings = (r: SettingsRecord): GuildSettings => ({
  guildId: r.guild_id,
  timezone: r.timezone,
  askCooldownSeconds: r.ask_cooldown_seconds,
  quizCooldownSeconds: r.quiz_cooldown_seconds,
  updatedAt: new Date(r.updated_at),
});

export class SqliteGuildSettingsRepository implements GuildSettingsRepository {
  private readonly select;
  private readonly upsert;

  constructor(private readonly db: Database) {
    this.select = db.prepare<[string], SettingsRecord>("SELECT * FROM guild_settings WHERE guild_id = ?");
    this.upsert = db.prepare<Record<string, unknown>, SettingsRecord>(`
INSERT INTO guild_settings (guild_id, timezone, ask_cooldown_seconds, quiz_cooldown_seconds, updated_at)
VALUES (@guildId, @timezone, @askCooldownSeconds, @quizCooldownSeconds, @at)
ON CONFLICT (guild_id) DO UPDATE SET
  timezone = excluded.timezone,
  ask_cooldown_seconds = excluded.ask_cooldown_seconds,
  quiz_cooldown_seconds = excluded.quiz_cooldown_seconds,
  updated_at = excluded.updated_at
RETURNING *`);
  }

  get(guildId: string): Promise<GuildSettings> {
    return settle(() => {
      const row = this.select.get(guildId);
      return row === undefined ? defaults(guildId) : toSettings(row);
    });
  }

  update(guildId: string, changes: GuildSettingsUpdate, at: Date): Promise<GuildSettings> {
    return settle(() => {
      const valid = updateSchema.parse(changes);
      // Read and write in one transaction so two admins changing different fields both win.
      return this.db
        .transaction(() => {
          const current = this.select.get(guildId);
          const merged = { ...(current === undefined ? defaults(guildId) : toSettings(current)), ...valid };
          const row = this.upsert.get({
            guildId,
            timezone: merged.timezone,
            askCooldownSeconds: merged.askCooldownSeconds,
            quizCooldownSeconds: merged.quizCooldownSeconds,
            at: at.toISOString(),
          });
          if (row === undefined) throw new Error("settings update returned no row");
          return toSettings(row);
        })
        .immediate();
    });
  }
}

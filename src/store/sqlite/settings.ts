/** Per-guild settings in SQLite. */
import { settle } from "../async.js";
import type { Database } from "../database.js";
import {
  defaults,
  toSettings,
  updateSchema,
  type GuildSettings,
  type GuildSettingsRepository,
  type GuildSettingsUpdate,
  type SettingsRecord,
} from "../settings.js";

export class SqliteGuildSettingsRepository implements GuildSettingsRepository {
  private readonly select;
  private readonly upsert;

  constructor(private readonly db: Database) {
    this.select = db.prepare<[string], SettingsRecord>("SELECT * FROM guild_settings WHERE guild_id = ?");
    this.upsert = db.prepare<Record<string, unknown>, SettingsRecord>(`
INSERT INTO guild_settings (guild_id, timezone, ask_cooldown_seconds, quiz_cooldown_seconds, desired_retention, updated_at)
VALUES (@guildId, @timezone, @askCooldownSeconds, @quizCooldownSeconds, @desiredRetention, @at)
ON CONFLICT (guild_id) DO UPDATE SET
  timezone = excluded.timezone,
  ask_cooldown_seconds = excluded.ask_cooldown_seconds,
  quiz_cooldown_seconds = excluded.quiz_cooldown_seconds,
  desired_retention = excluded.desired_retention,
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
            desiredRetention: merged.desiredRetention,
            at: at.toISOString(),
          });
          if (row === undefined) throw new Error("settings update returned no row");
          return toSettings(row);
        })
        .immediate();
    });
  }
}

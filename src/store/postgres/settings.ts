/** Per-guild settings in PostgreSQL. */
import type pg from "pg";

import {
  defaults,
  toSettings,
  updateSchema,
  type GuildSettings,
  type GuildSettingsRepository,
  type GuildSettingsUpdate,
  type SettingsRecord,
} from "../settings.js";
import { first } from "./pool.js";

/**
 * One statement merges the given fields into the row, so two admins changing different fields at
 * once (from two processes, even) both win: each field keeps its stored value unless its flag says
 * this update sets it. No read-then-write, so no lock to take.
 */
const MERGE_SQL = `
INSERT INTO guild_settings (guild_id, timezone, ask_cooldown_seconds, quiz_cooldown_seconds, desired_retention, updated_at)
VALUES ($1, $2, $3, $4, $9, $5)
ON CONFLICT (guild_id) DO UPDATE SET
  timezone = CASE WHEN $6 THEN excluded.timezone ELSE guild_settings.timezone END,
  ask_cooldown_seconds =
    CASE WHEN $7 THEN excluded.ask_cooldown_seconds ELSE guild_settings.ask_cooldown_seconds END,
  quiz_cooldown_seconds =
    CASE WHEN $8 THEN excluded.quiz_cooldown_seconds ELSE guild_settings.quiz_cooldown_seconds END,
  desired_retention =
    CASE WHEN $10 THEN excluded.desired_retention ELSE guild_settings.desired_retention END,
  updated_at = excluded.updated_at
RETURNING *`;

export class PgGuildSettingsRepository implements GuildSettingsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async get(guildId: string): Promise<GuildSettings> {
    const row = await first<SettingsRecord>(this.pool, "SELECT * FROM guild_settings WHERE guild_id = $1", [
      guildId,
    ]);
    return row === undefined ? defaults(guildId) : toSettings(row);
  }

  async update(guildId: string, changes: GuildSettingsUpdate, at: Date): Promise<GuildSettings> {
    const valid = updateSchema.parse(changes);
    const row = await first<SettingsRecord>(this.pool, MERGE_SQL, [
      guildId,
      valid.timezone ?? null,
      valid.askCooldownSeconds ?? null,
      valid.quizCooldownSeconds ?? null,
      at.toISOString(),
      valid.timezone !== undefined,
      valid.askCooldownSeconds !== undefined,
      valid.quizCooldownSeconds !== undefined,
      valid.desiredRetention ?? null,
      valid.desiredRetention !== undefined,
    ]);
    if (row === undefined) throw new Error("settings update returned no row");
    return toSettings(row);
  }
}

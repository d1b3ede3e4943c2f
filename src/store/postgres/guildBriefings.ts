/** Each server's own briefings and its briefing choice, in PostgreSQL. */
import type pg from "pg";

import {
  choiceChangesSchema,
  conflictWith,
  limitSchema,
  newBriefingSchema,
  toChoice,
  toStoredBriefing,
  type AddOutcome,
  type BriefingChoice,
  type BriefingRow,
  type ChoiceRow,
  type GuildBriefingRepository,
  type NewBriefing,
  type StoredBriefing,
} from "../guildBriefings.js";
import { first, inTransaction, rows } from "./pool.js";

const ACTIVE_SQL =
  "SELECT * FROM guild_briefings WHERE guild_id = $1 AND removed_at IS NULL ORDER BY added_at, briefing_id";

/**
 * Serialises the adds and removes of one server across processes (the limit and the duplicate
 * checks read before they write); other servers never wait for it.
 */
const LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtextextended('guild_briefings:' || $1, 0))";

const UPSERT_SQL = `
INSERT INTO guild_briefings (guild_id, briefing_id, hash, title, source, added_by, added_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (guild_id, briefing_id, hash) DO UPDATE SET
  title = excluded.title, source = excluded.source, added_by = excluded.added_by,
  added_at = excluded.added_at, removed_by = NULL, removed_at = NULL
RETURNING *`;

const REMOVE_SQL = `
UPDATE guild_briefings SET removed_by = $3, removed_at = $4
WHERE guild_id = $1 AND briefing_id = $2 AND removed_at IS NULL RETURNING *`;

const CLEAR_CHOICE_SQL = `
UPDATE guild_briefing_choices SET
  current_briefing = CASE WHEN current_briefing = $2 THEN NULL ELSE current_briefing END,
  daily_briefing = CASE WHEN daily_briefing = $2 THEN NULL ELSE daily_briefing END,
  updated_by = $3, updated_at = $4
WHERE guild_id = $1 AND (current_briefing = $2 OR daily_briefing = $2)`;

/** Merges in one statement: each field keeps its stored value unless its flag says it is set. */
const CHOOSE_SQL = `
INSERT INTO guild_briefing_choices (guild_id, current_briefing, daily_briefing, updated_by, updated_at)
VALUES ($1, $2, $3, $6, $7)
ON CONFLICT (guild_id) DO UPDATE SET
  current_briefing = CASE WHEN $4 THEN excluded.current_briefing ELSE guild_briefing_choices.current_briefing END,
  daily_briefing = CASE WHEN $5 THEN excluded.daily_briefing ELSE guild_briefing_choices.daily_briefing END,
  updated_by = excluded.updated_by, updated_at = excluded.updated_at
RETURNING current_briefing, daily_briefing`;

export class PgGuildBriefingRepository implements GuildBriefingRepository {
  constructor(private readonly pool: pg.Pool) {}

  async list(guildId: string): Promise<StoredBriefing[]> {
    return (await rows<BriefingRow>(this.pool, ACTIVE_SQL, [guildId])).map(toStoredBriefing);
  }

  async add(input: NewBriefing, limit: number): Promise<AddOutcome> {
    const valid = newBriefingSchema.parse(input);
    limitSchema.parse(limit);
    return inTransaction(this.pool, async (client) => {
      await client.query(LOCK_SQL, [valid.guildId]);
      const active = (await rows<BriefingRow>(client, ACTIVE_SQL, [valid.guildId])).map(toStoredBriefing);
      const conflict = conflictWith(active, valid, limit);
      if (conflict !== undefined) return conflict;
      const row = await first<BriefingRow>(client, UPSERT_SQL, [
        valid.guildId,
        valid.briefingId,
        valid.hash,
        valid.title,
        valid.source,
        valid.addedBy,
        valid.at.getTime(),
      ]);
      if (row === undefined) throw new Error("guild briefing insert returned no row");
      return { kind: "added", briefing: toStoredBriefing(row) };
    });
  }

  async remove(
    guildId: string,
    briefingId: string,
    by: string,
    at: Date,
  ): Promise<StoredBriefing | undefined> {
    return inTransaction(this.pool, async (client) => {
      await client.query(LOCK_SQL, [guildId]);
      const row = await first<BriefingRow>(client, REMOVE_SQL, [guildId, briefingId, by, at.getTime()]);
      if (row === undefined) return undefined;
      await client.query(CLEAR_CHOICE_SQL, [guildId, briefingId, by, at.getTime()]);
      return toStoredBriefing(row);
    });
  }

  async find(guildId: string, briefingId: string, hash: string): Promise<StoredBriefing | undefined> {
    const row = await first<BriefingRow>(
      this.pool,
      "SELECT * FROM guild_briefings WHERE guild_id = $1 AND briefing_id = $2 AND hash = $3",
      [guildId, briefingId, hash],
    );
    return row === undefined ? undefined : toStoredBriefing(row);
  }

  async choice(guildId: string): Promise<BriefingChoice> {
    return toChoice(
      await first<ChoiceRow>(
        this.pool,
        "SELECT current_briefing, daily_briefing FROM guild_briefing_choices WHERE guild_id = $1",
        [guildId],
      ),
    );
  }

  async choose(
    guildId: string,
    changes: Partial<BriefingChoice>,
    by: string,
    at: Date,
  ): Promise<BriefingChoice> {
    const valid = choiceChangesSchema.parse(changes);
    return toChoice(
      await first<ChoiceRow>(this.pool, CHOOSE_SQL, [
        guildId,
        valid.current ?? null,
        valid.daily ?? null,
        valid.current !== undefined,
        valid.daily !== undefined,
        by,
        at.getTime(),
      ]),
    );
  }
}

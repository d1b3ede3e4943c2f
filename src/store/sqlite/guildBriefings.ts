/** Each server's own briefings and its briefing choice, in SQLite. */
import { settle } from "../async.js";
import type { Database } from "../database.js";
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

export class SqliteGuildBriefingRepository implements GuildBriefingRepository {
  private readonly active;
  private readonly one;
  private readonly upsert;
  private readonly markRemoved;
  private readonly selectChoice;
  private readonly upsertChoice;
  private readonly clearChoice;

  constructor(private readonly db: Database) {
    this.active = db.prepare<[string], BriefingRow>(
      "SELECT * FROM guild_briefings WHERE guild_id = ? AND removed_at IS NULL ORDER BY added_at, briefing_id",
    );
    this.one = db.prepare<[string, string, string], BriefingRow>(
      "SELECT * FROM guild_briefings WHERE guild_id = ? AND briefing_id = ? AND hash = ?",
    );
    this.upsert = db.prepare<Record<string, unknown>, BriefingRow>(`
INSERT INTO guild_briefings (guild_id, briefing_id, hash, title, source, added_by, added_at)
VALUES (@guildId, @briefingId, @hash, @title, @source, @addedBy, @at)
ON CONFLICT (guild_id, briefing_id, hash) DO UPDATE SET
  title = excluded.title, source = excluded.source, added_by = excluded.added_by,
  added_at = excluded.added_at, removed_by = NULL, removed_at = NULL
RETURNING *`);
    this.markRemoved = db.prepare<[string, number, string, string], BriefingRow>(
      `UPDATE guild_briefings SET removed_by = ?, removed_at = ?
       WHERE guild_id = ? AND briefing_id = ? AND removed_at IS NULL RETURNING *`,
    );
    this.selectChoice = db.prepare<[string], ChoiceRow>(
      "SELECT current_briefing, daily_briefing FROM guild_briefing_choices WHERE guild_id = ?",
    );
    this.upsertChoice = db.prepare<Record<string, unknown>, ChoiceRow>(`
INSERT INTO guild_briefing_choices (guild_id, current_briefing, daily_briefing, updated_by, updated_at)
VALUES (@guildId, @current, @daily, @by, @at)
ON CONFLICT (guild_id) DO UPDATE SET
  current_briefing = excluded.current_briefing, daily_briefing = excluded.daily_briefing,
  updated_by = excluded.updated_by, updated_at = excluded.updated_at
RETURNING current_briefing, daily_briefing`);
    this.clearChoice = db.prepare<Record<string, unknown>>(`
UPDATE guild_briefing_choices SET
  current_briefing = CASE WHEN current_briefing = @id THEN NULL ELSE current_briefing END,
  daily_briefing = CASE WHEN daily_briefing = @id THEN NULL ELSE daily_briefing END,
  updated_by = @by, updated_at = @at
WHERE guild_id = @guildId AND (current_briefing = @id OR daily_briefing = @id)`);
  }

  list(guildId: string): Promise<StoredBriefing[]> {
    return settle(() => this.active.all(guildId).map(toStoredBriefing));
  }

  add(input: NewBriefing, limit: number): Promise<AddOutcome> {
    return settle(() => {
      const valid = newBriefingSchema.parse(input);
      limitSchema.parse(limit);
      return this.db
        .transaction((): AddOutcome => {
          const active = this.active.all(valid.guildId).map(toStoredBriefing);
          const conflict = conflictWith(active, valid, limit);
          if (conflict !== undefined) return conflict;
          const row = this.upsert.get({ ...valid, at: valid.at.getTime() });
          if (row === undefined) throw new Error("guild briefing insert returned no row");
          return { kind: "added", briefing: toStoredBriefing(row) };
        })
        .immediate();
    });
  }

  remove(guildId: string, briefingId: string, by: string, at: Date): Promise<StoredBriefing | undefined> {
    return settle(() =>
      this.db
        .transaction(() => {
          const row = this.markRemoved.get(by, at.getTime(), guildId, briefingId);
          if (row === undefined) return undefined;
          this.clearChoice.run({ by, at: at.getTime(), guildId, id: briefingId });
          return toStoredBriefing(row);
        })
        .immediate(),
    );
  }

  find(guildId: string, briefingId: string, hash: string): Promise<StoredBriefing | undefined> {
    return settle(() => {
      const row = this.one.get(guildId, briefingId, hash);
      return row === undefined ? undefined : toStoredBriefing(row);
    });
  }

  choice(guildId: string): Promise<BriefingChoice> {
    return settle(() => toChoice(this.selectChoice.get(guildId)));
  }

  choose(guildId: string, changes: Partial<BriefingChoice>, by: string, at: Date): Promise<BriefingChoice> {
    return settle(() => {
      const valid = choiceChangesSchema.parse(changes);
      return this.db
        .transaction(() => {
          const merged = { ...toChoice(this.selectChoice.get(guildId)), ...valid };
          return toChoice(
            this.upsertChoice.get({
              guildId,
              current: merged.current,
              daily: merged.daily,
              by,
              at: at.getTime(),
            }),
          );
        })
        .immediate();
    });
  }
}

-- Each server's own briefings (/briefing add) and the briefing it studies (/briefing use)
-- (PostgreSQL). Forward-only: never edit once shipped. Instants are BIGINT milliseconds since the
-- epoch (UTC). Columns and names mirror the SQLite migration of the same number.
-- Leaves free: 005 (kept for review cards, written in parallel against 004; it touches none of
-- these tables, so a database may take it after this one).

CREATE TABLE guild_briefings (
  guild_id TEXT COLLATE "C" NOT NULL,
  briefing_id TEXT COLLATE "C" NOT NULL,
  -- The first 12 hex digits of the sha256 of the body, as citations carry it.
  hash TEXT COLLATE "C" NOT NULL,
  title TEXT NOT NULL,
  -- The briefing file as stored (YAML front matter, then the body), parsed again when loaded.
  source TEXT NOT NULL,
  added_by TEXT COLLATE "C" NOT NULL,
  added_at BIGINT NOT NULL,
  -- Set by /briefing remove. The row stays so that quotes already given (a quiz under way, quiz
  -- history) still verify and show as from a removed briefing; it is never listed, searched,
  -- quizzed or posted again. Adding the same text under the same id again revives it.
  removed_by TEXT COLLATE "C",
  removed_at BIGINT,
  PRIMARY KEY (guild_id, briefing_id, hash)
);

-- Among a server's briefings in use: one briefing per id, and one copy of each text.
CREATE UNIQUE INDEX guild_briefings_active_id ON guild_briefings (guild_id, briefing_id)
  WHERE removed_at IS NULL;
CREATE UNIQUE INDEX guild_briefings_active_hash ON guild_briefings (guild_id, hash)
  WHERE removed_at IS NULL;

CREATE TABLE guild_briefing_choices (
  guild_id TEXT COLLATE "C" PRIMARY KEY,
  -- What /ask, /fact and /quiz start use unless told otherwise: a shipped or own briefing's id;
  -- null means every briefing the server can see.
  current_briefing TEXT COLLATE "C",
  -- What the daily post draws from; null means the current briefing.
  daily_briefing TEXT COLLATE "C",
  updated_by TEXT COLLATE "C" NOT NULL,
  updated_at BIGINT NOT NULL
);

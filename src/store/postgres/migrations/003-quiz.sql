-- Quiz games, their rounds and every answer (PostgreSQL). Forward-only: never edit once shipped.
-- Ids, dates and timestamps compare byte by byte (COLLATE "C"), as SQLite's BINARY does: orderings
-- and keyset cursors then agree between the two stores, whatever the database's locale.

CREATE TABLE quiz_games (
  id TEXT COLLATE "C" PRIMARY KEY,
  guild_id TEXT COLLATE "C" NOT NULL,
  channel_id TEXT COLLATE "C" NOT NULL,
  starter_id TEXT COLLATE "C" NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('buttons', 'typed', 'mixed')),
  seconds INTEGER NOT NULL CHECK (seconds > 0),
  topic TEXT,
  -- An unsigned 32-bit seed: above INTEGER's range.
  seed BIGINT NOT NULL,
  -- The drawn questions as JSON, so a restart resumes exactly these whatever the generator does later.
  questions TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'ended')),
  -- 'finished', 'stopped', 'ended-early' (resumed too late) or 'undeliverable'.
  end_reason TEXT,
  created_at TEXT COLLATE "C" NOT NULL,
  ended_at TEXT COLLATE "C"
);

-- One running game per channel, enforced by the database so two racing starts cannot both win.
CREATE UNIQUE INDEX quiz_games_one_running_per_channel ON quiz_games (channel_id) WHERE status = 'running';

CREATE TABLE quiz_rounds (
  game_id TEXT COLLATE "C" NOT NULL REFERENCES quiz_games (id),
  round_no INTEGER NOT NULL CHECK (round_no >= 1),
  -- posting: about to be sent; open: accepting answers; revealed: scored and closed; shown: reveal edited in.
  status TEXT NOT NULL CHECK (status IN ('posting', 'open', 'revealed', 'shown')),
  message_id TEXT,
  started_at TEXT COLLATE "C" NOT NULL,
  deadline_at TEXT COLLATE "C",
  revealed_at TEXT COLLATE "C",
  PRIMARY KEY (game_id, round_no)
);

CREATE TABLE quiz_answers (
  game_id TEXT COLLATE "C" NOT NULL,
  round_no INTEGER NOT NULL,
  user_id TEXT COLLATE "C" NOT NULL,
  -- The name shown in reveals and standings (mentions in embeds would not render).
  username TEXT NOT NULL,
  choice INTEGER,
  typed TEXT,
  correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
  base_points INTEGER NOT NULL,
  speed_points INTEGER NOT NULL,
  streak_points INTEGER NOT NULL,
  answered_at TEXT COLLATE "C" NOT NULL,
  -- One answer per player per question: a second click is refused, never counted twice.
  PRIMARY KEY (game_id, round_no, user_id),
  FOREIGN KEY (game_id, round_no) REFERENCES quiz_rounds (game_id, round_no)
);

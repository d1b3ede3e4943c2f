-- Daily fact posts (PostgreSQL): one schedule per guild, one post-log row per guild and local date.
-- Forward-only: never edit once shipped. Instants are BIGINT milliseconds since the epoch (UTC).
-- Ids, dates and timestamps compare byte by byte (COLLATE "C"), as SQLite's BINARY does: orderings
-- and keyset cursors then agree between the two stores, whatever the database's locale.

CREATE TABLE daily_schedules (
  guild_id TEXT COLLATE "C" PRIMARY KEY,
  channel_id TEXT COLLATE "C" NOT NULL,
  -- Wall-clock time in time_zone, HH:MM.
  local_time TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  role_id TEXT,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  -- The next run as a UTC instant, and the local date it posts for.
  next_run_at BIGINT NOT NULL,
  next_local_date TEXT COLLATE "C" NOT NULL,
  disabled_reason TEXT,
  rotation_cycle INTEGER NOT NULL DEFAULT 0 CHECK (rotation_cycle >= 0),
  -- JSON array of fact ids: this cycle's shuffled order.
  rotation_order TEXT NOT NULL DEFAULT '[]',
  rotation_position INTEGER NOT NULL DEFAULT 0 CHECK (rotation_position >= 0),
  last_fact_id TEXT,
  -- Bumped on every write, so a due-check never applies a plan made from stale settings.
  revision INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

-- The due-check: WHERE enabled = 1 AND next_run_at <= $1 ORDER BY next_run_at, guild_id.
CREATE INDEX daily_schedules_due ON daily_schedules (enabled, next_run_at, guild_id);

CREATE TABLE daily_posts (
  guild_id TEXT COLLATE "C" NOT NULL,
  local_date TEXT COLLATE "C" NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'missed', 'failed')),
  fact_id TEXT,
  channel_id TEXT COLLATE "C" NOT NULL,
  role_id TEXT,
  scheduled_for BIGINT NOT NULL,
  claimed_at BIGINT,
  -- Send attempts started. The claim itself starts the first one.
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- While claimed: when the next attempt may start (a lease on the one in flight, or a backoff).
  next_attempt_at BIGINT,
  message_id TEXT,
  sent_at BIGINT,
  error TEXT,
  PRIMARY KEY (guild_id, local_date)
);

-- Claimed posts waiting for a (re)try.
CREATE INDEX daily_posts_pending ON daily_posts (next_attempt_at) WHERE status = 'claimed';

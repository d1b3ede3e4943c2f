-- Guild settings, answer feedback and quiz scores. Forward-only: never edit once shipped.

CREATE TABLE guild_settings (
  guild_id TEXT PRIMARY KEY,
  timezone TEXT,
  ask_cooldown_seconds INTEGER CHECK (ask_cooldown_seconds >= 0),
  quiz_cooldown_seconds INTEGER CHECK (quiz_cooldown_seconds >= 0),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE answer_feedback (
  id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  guild_id TEXT,
  question TEXT NOT NULL,
  -- Folded question text, so the same question asked twice is recognised as the same.
  question_key TEXT NOT NULL,
  -- "briefing:hash:paragraph:sentence" of the cited answer, or "decline".
  answer_key TEXT NOT NULL,
  citation_briefing TEXT,
  citation_hash TEXT,
  citation_paragraph INTEGER,
  citation_sentence INTEGER,
  vote TEXT NOT NULL CHECK (vote IN ('up', 'down', 'wrong-citation')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (user_id, question_key, answer_key)
) STRICT;

CREATE TABLE scores (
  guild_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  points INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0 CHECK (answered >= 0),
  correct INTEGER NOT NULL DEFAULT 0 CHECK (correct >= 0 AND correct <= answered),
  current_streak INTEGER NOT NULL DEFAULT 0 CHECK (current_streak >= 0),
  best_streak INTEGER NOT NULL DEFAULT 0 CHECK (best_streak >= current_streak),
  games_played INTEGER NOT NULL DEFAULT 0 CHECK (games_played >= 0),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (guild_id, channel_id, user_id)
) STRICT;

CREATE INDEX scores_by_guild_user ON scores (guild_id, user_id);

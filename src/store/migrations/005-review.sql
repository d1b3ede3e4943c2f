-- Spaced-repetition review: members' cards with their FSRS state, every grade, members' review
-- preferences, daily reminders, and each server's desired retention.
-- Forward-only: never edit once shipped. Instants are INTEGER milliseconds since the epoch (UTC).

-- The retention FSRS schedules for (0.9 when unset); the command accepts 0.70 to 0.97.
ALTER TABLE guild_settings ADD COLUMN desired_retention REAL
  CHECK (desired_retention > 0 AND desired_retention < 1);

-- One cited fact a member is learning, in one server's deck.
CREATE TABLE review_cards (
  -- Random and compact: it travels in the buttons' custom ids.
  id TEXT PRIMARY KEY,
  guild_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  -- The sentence the card asks about ("briefing:paragraph.sentence"): one card per sentence per deck.
  fact_key TEXT NOT NULL,
  briefing_id TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('remember', 'quiz', 'add')),
  -- The prompt (a quiz question as JSON), drawn once so the card always asks the same thing.
  prompt TEXT NOT NULL,
  -- FSRS memory state, as ts-fsrs's Card: 0 new, 1 learning, 2 review, 3 relearning.
  state INTEGER NOT NULL CHECK (state IN (0, 1, 2, 3)),
  due_at INTEGER NOT NULL,
  stability REAL NOT NULL,
  difficulty REAL NOT NULL,
  elapsed_days INTEGER NOT NULL,
  scheduled_days INTEGER NOT NULL,
  learning_steps INTEGER NOT NULL,
  reps INTEGER NOT NULL CHECK (reps >= 0),
  lapses INTEGER NOT NULL CHECK (lapses >= 0),
  last_review_at INTEGER,
  -- Bumped by every grade. Buttons carry it, so a second grade of the same showing changes nothing.
  revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
  created_at INTEGER NOT NULL,
  UNIQUE (guild_id, user_id, fact_key)
) STRICT;

-- A member's next due card: WHERE guild_id = ? AND user_id = ? ORDER BY due_at, id LIMIT 1.
CREATE INDEX review_cards_due ON review_cards (guild_id, user_id, due_at, id);
-- Reminders: does this member have anything due, in any server?
CREATE INDEX review_cards_user_due ON review_cards (user_id, due_at);

-- Every grade, with the card's state before it: the retention figures and the audit of FSRS.
CREATE TABLE review_log (
  card_id TEXT NOT NULL REFERENCES review_cards (id),
  -- The card's revision this grade moved it from: a grade is recorded once per revision.
  revision INTEGER NOT NULL CHECK (revision >= 0),
  guild_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  rating INTEGER NOT NULL CHECK (rating IN (1, 2, 3, 4)),
  state INTEGER NOT NULL CHECK (state IN (0, 1, 2, 3)),
  due_at INTEGER NOT NULL,
  stability REAL NOT NULL,
  difficulty REAL NOT NULL,
  elapsed_days INTEGER NOT NULL,
  last_elapsed_days INTEGER NOT NULL,
  scheduled_days INTEGER NOT NULL,
  learning_steps INTEGER NOT NULL,
  reviewed_at INTEGER NOT NULL,
  PRIMARY KEY (card_id, revision)
) STRICT;

CREATE INDEX review_log_member_time ON review_log (guild_id, user_id, reviewed_at);
CREATE INDEX review_log_guild_time ON review_log (guild_id, reviewed_at);
-- Forgetting a member: their rows without scanning.
CREATE INDEX review_log_user ON review_log (user_id);

-- A member's review preferences in one server.
CREATE TABLE review_members (
  guild_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  -- Quiz questions answered wrong become cards.
  add_wrong_answers INTEGER NOT NULL CHECK (add_wrong_answers IN (0, 1)),
  -- Appear by name in /progress server, and let others see /progress of this member.
  show_name INTEGER NOT NULL CHECK (show_name IN (0, 1)),
  -- The name shown while show_name is on; cleared with it.
  display_name TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (guild_id, user_id)
) STRICT;

-- One reminder DM a day, at the member's local time, when cards are due. Opt-in.
CREATE TABLE review_reminders (
  user_id TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  -- Wall-clock time in time_zone, HH:MM.
  local_time TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  -- The next reminder as a UTC instant; claimed by moving it on, so one process sends each.
  next_at INTEGER NOT NULL,
  -- Why reminders turned themselves off (DMs closed): told once at the next /review, then cleared.
  off_reason TEXT,
  last_sent_at INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;

-- The reminder due-check: WHERE enabled = 1 AND next_at <= ? ORDER BY next_at, user_id.
CREATE INDEX review_reminders_due ON review_reminders (enabled, next_at, user_id);

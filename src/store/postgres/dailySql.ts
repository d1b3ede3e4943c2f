/**
 * The SQL of the PostgreSQL daily repository (postgres/daily.ts), kept apart so that file holds
 * the logic. Parameters are numbered ($1...); instants are BIGINT milliseconds.
 */

/** The queries every due-check runs; each is answered from an index (tests check their plans). */
export const PG_DAILY_HOT_QUERIES = {
  dueFirst: `SELECT * FROM daily_schedules WHERE enabled = 1 AND next_run_at <= $1
    ORDER BY next_run_at, guild_id LIMIT $2`,
  dueAfter: `SELECT * FROM daily_schedules WHERE enabled = 1 AND next_run_at <= $1
      AND (next_run_at, guild_id) > ($2, $3)
    ORDER BY next_run_at, guild_id LIMIT $4`,
  nextWake: `SELECT
      (SELECT MIN(next_run_at) FROM daily_schedules WHERE enabled = 1 AND next_run_at > $1) AS schedule_at,
      (SELECT MIN(next_attempt_at) FROM daily_posts WHERE status = 'claimed' AND next_attempt_at > $1)
        AS attempt_at`,
  duePostsFirst: `SELECT * FROM daily_posts WHERE status = 'claimed' AND next_attempt_at <= $1
    ORDER BY next_attempt_at, guild_id, local_date LIMIT $2`,
  duePostsAfter: `SELECT * FROM daily_posts WHERE status = 'claimed' AND next_attempt_at <= $1
      AND (next_attempt_at, guild_id, local_date) > ($2, $3, $4)
    ORDER BY next_attempt_at, guild_id, local_date LIMIT $5`,
} as const;

/**
 * Retention: the oldest rows by time (index), keeping claimed posts and each server's latest sent
 * post (a primary-key probe each), then deleted by physical row id, as SQLite deletes by rowid.
 * Joining back on the primary key instead makes the planner hash the whole table. A row another
 * process updates meanwhile moves to a new ctid and is simply left for the next batch.
 */
export const PG_DAILY_PRUNE_QUERY = `DELETE FROM daily_posts WHERE ctid = ANY(ARRAY(
    SELECT old.ctid FROM daily_posts AS old
    WHERE old.scheduled_for < $1 AND old.status <> 'claimed'
      AND (old.status <> 'sent' OR EXISTS (
        SELECT 1 FROM daily_posts AS newer
        WHERE newer.guild_id = old.guild_id AND newer.local_date > old.local_date AND newer.status = 'sent'))
    ORDER BY old.scheduled_for LIMIT $2))`;

export const SAVE_SETTINGS_SQL = `
INSERT INTO daily_schedules
  (guild_id, channel_id, local_time, time_zone, role_id, enabled, next_run_at, next_local_date,
   disabled_reason, revision, updated_at)
VALUES ($1, $2, $3, $4, $5, 1, $6, $7, NULL, 1, $8)
ON CONFLICT (guild_id) DO UPDATE SET
  channel_id = excluded.channel_id, local_time = excluded.local_time,
  time_zone = excluded.time_zone, role_id = excluded.role_id, enabled = 1,
  next_run_at = excluded.next_run_at, next_local_date = excluded.next_local_date,
  disabled_reason = NULL, revision = daily_schedules.revision + 1, updated_at = excluded.updated_at
RETURNING *`;

/** Turning posts off also drops a post still waiting for a retry: "off" means nothing more goes out. */
export const DISABLE_SQL = `
WITH turned_off AS (
  UPDATE daily_schedules SET enabled = 0, disabled_reason = $2, revision = revision + 1, updated_at = $3
  WHERE guild_id = $1 RETURNING guild_id
), cancelled AS (
  UPDATE daily_posts SET status = 'failed', error = 'daily posts were turned off', next_attempt_at = NULL
  WHERE guild_id = $1 AND status = 'claimed' RETURNING guild_id
)
SELECT (SELECT COUNT(*) FROM turned_off) AS changed`;

/** Gives up on a post and, when $4 is a reason, turns the schedule off: one statement, atomic. */
export const FAIL_SQL = `
WITH failed AS (
  UPDATE daily_posts SET status = 'failed', error = $3, next_attempt_at = NULL
  WHERE guild_id = $1 AND local_date = $2 AND status = 'claimed' RETURNING guild_id
)
UPDATE daily_schedules SET enabled = 0, disabled_reason = $4, revision = revision + 1, updated_at = $5
WHERE guild_id = $1 AND CAST($4 AS TEXT) IS NOT NULL`;

export const INSERT_MISSED_SQL = `INSERT INTO daily_posts (guild_id, local_date, status, channel_id, role_id, scheduled_for)
  VALUES ($1, $2, 'missed', $3, $4, $5) ON CONFLICT DO NOTHING`;

/** The claim itself: the row exists afterwards for exactly one caller. */
export const CLAIM_SQL = `INSERT INTO daily_posts
    (guild_id, local_date, status, fact_id, channel_id, role_id, scheduled_for, claimed_at, attempts,
     next_attempt_at)
  VALUES ($1, $2, 'claimed', $3, $4, $5, $6, $7, 1, $8)
  ON CONFLICT (guild_id, local_date) DO NOTHING
  RETURNING *`;

export const ADVANCE_SQL = `UPDATE daily_schedules SET next_run_at = $1, next_local_date = $2, rotation_cycle = $3,
    rotation_order = $4, rotation_position = $5, last_fact_id = $6, revision = revision + 1, updated_at = $7
  WHERE guild_id = $8`;

export const MOVE_SQL = `UPDATE daily_schedules SET next_run_at = $1, next_local_date = $2, revision = revision + 1,
    updated_at = $3
  WHERE guild_id = $4`;

/**
 * The scheduler's advance in one statement, so one round trip: lock the schedule if it is still
 * at the planned revision and nobody holds it (SKIP LOCKED: a process never queues behind
 * another claiming the same server), record the missed dates, claim the date (INSERT ... ON
 * CONFLICT DO NOTHING), and advance the schedule, with the rotation only if the claim went in.
 * Sibling statements of one WITH see the same snapshot, so a claim that replaces a missed row
 * (/daily now) takes the transaction in applyAdvance instead.
 * $1 guild, $2 revision, $3 missed dates, $4 their instants, $5 claim date (null: no claim),
 * $6 fact, $7 scheduled for, $8 now, $9 lease until, $10 next run, $11 next date, $12 cycle,
 * $13 order (JSON), $14 position, $15 last fact.
 */
export const ADVANCE_IN_ONE_SQL = `
WITH schedule AS (
  SELECT guild_id, channel_id, role_id FROM daily_schedules
  WHERE guild_id = $1 AND revision = $2 AND enabled = 1
  FOR UPDATE SKIP LOCKED
), missed AS (
  INSERT INTO daily_posts (guild_id, local_date, status, channel_id, role_id, scheduled_for)
  SELECT schedule.guild_id, run.local_date, 'missed', schedule.channel_id, schedule.role_id, run.at
  FROM schedule, unnest(CAST($3 AS TEXT[]), CAST($4 AS BIGINT[])) AS run (local_date, at)
  ON CONFLICT DO NOTHING
), claimed AS (
  INSERT INTO daily_posts
    (guild_id, local_date, status, fact_id, channel_id, role_id, scheduled_for, claimed_at, attempts,
     next_attempt_at)
  SELECT schedule.guild_id, $5, 'claimed', $6, schedule.channel_id, schedule.role_id, $7, $8, 1, $9
  FROM schedule WHERE CAST($5 AS TEXT) IS NOT NULL
  ON CONFLICT (guild_id, local_date) DO NOTHING
  RETURNING *
), advanced AS (
  UPDATE daily_schedules AS s SET next_run_at = $10, next_local_date = $11,
    rotation_cycle = CASE WHEN EXISTS (SELECT 1 FROM claimed) THEN $12 ELSE s.rotation_cycle END,
    rotation_order = CASE WHEN EXISTS (SELECT 1 FROM claimed) THEN $13 ELSE s.rotation_order END,
    rotation_position = CASE WHEN EXISTS (SELECT 1 FROM claimed) THEN $14 ELSE s.rotation_position END,
    last_fact_id = CASE WHEN EXISTS (SELECT 1 FROM claimed) THEN $15 ELSE s.last_fact_id END,
    revision = s.revision + 1, updated_at = $8
  FROM schedule WHERE s.guild_id = schedule.guild_id
)
SELECT (SELECT COUNT(*) FROM schedule) AS locked, (SELECT row_to_json(claimed) FROM claimed) AS claimed`;

/**
 * A due-check's first step in one statement, one round trip: give up stale claims, and read the
 * first page of due posts and of due schedules (as JSON arrays, BIGINTs as JSON numbers). The
 * reads see the statement's snapshot, from before the UPDATE, so they leave out by condition the
 * posts it gives up. $1 now, $2 error, $3 scheduled before (give up older ones), $4 page size.
 */
export const FIRST_DUE_WORK_SQL = `
WITH expired AS (
  UPDATE daily_posts SET status = 'failed', error = $2, next_attempt_at = NULL
  WHERE status = 'claimed' AND next_attempt_at <= $1 AND scheduled_for < $3
  RETURNING 1
), posts AS (
  SELECT * FROM daily_posts
  WHERE status = 'claimed' AND next_attempt_at <= $1 AND scheduled_for >= $3
  ORDER BY next_attempt_at, guild_id, local_date LIMIT $4
), schedules AS (
  SELECT * FROM daily_schedules WHERE enabled = 1 AND next_run_at <= $1
  ORDER BY next_run_at, guild_id LIMIT $4
)
SELECT (SELECT COUNT(*) FROM expired) AS expired,
  (SELECT COALESCE(json_agg(posts ORDER BY next_attempt_at, guild_id, local_date), '[]') FROM posts) AS posts,
  (SELECT COALESCE(json_agg(schedules ORDER BY next_run_at, guild_id), '[]') FROM schedules) AS schedules`;

-- Daily post log (PostgreSQL): keyset paging over claimed posts, and pruning by age.
-- Forward-only: never edit once shipped.

-- The due-check pages through claimed posts in (next_attempt_at, guild_id, local_date) order, so
-- posts of servers this process does not serve can never hide the rest behind a LIMIT.
DROP INDEX daily_posts_pending;
CREATE INDEX daily_posts_pending ON daily_posts (next_attempt_at, guild_id, local_date)
  WHERE status = 'claimed';

-- Retention: the oldest rows first, without scanning the table.
CREATE INDEX daily_posts_by_time ON daily_posts (scheduled_for);

/**
 * Quiz scores in PostgreSQL. An upsert is one atomic statement: two processes adding points to the
 * same row at once are serialised by its row lock, and neither update is lost.
 */
import type pg from "pg";

import {
  deltaSchema,
  gamePlayedSchema,
  ORDER_BY,
  planLeaderboard,
  rankEntries,
  toRow,
  userStats,
  type GamePlayed,
  type LeaderboardEntry,
  type LeaderboardQuery,
  type LeaderboardRecord,
  type ScoreDelta,
  type ScoreRecord,
  type ScoreRepository,
  type ScoreRow,
  type UserStats,
} from "../scores.js";
import { changes, first, inTransaction, rows, type Queryable } from "./pool.js";

/**
 * Adds one answer to a player's row. Parameters: guild, channel, user, points, correct (0 or 1),
 * at. PostgreSQL needs the existing row named (scores.points) where SQLite reads a bare column,
 * and GREATEST where SQLite has a two-argument MAX.
 */
export const APPLY_SCORE_SQL = `
INSERT INTO scores (guild_id, channel_id, user_id, points, answered, correct, current_streak, best_streak, updated_at)
VALUES ($1, $2, $3, $4, 1, $5, $5, $5, $6)
ON CONFLICT (guild_id, channel_id, user_id) DO UPDATE SET
  points = scores.points + excluded.points,
  answered = scores.answered + 1,
  correct = scores.correct + excluded.correct,
  current_streak = CASE WHEN excluded.correct = 1 THEN scores.current_streak + 1 ELSE 0 END,
  best_streak = GREATEST(scores.best_streak,
    CASE WHEN excluded.correct = 1 THEN scores.current_streak + 1 ELSE 0 END),
  updated_at = excluded.updated_at
RETURNING *`;

/**
 * Counts one game for each player, in one statement. Rows are taken in user order, so two games
 * ending at once with players in common lock their rows in the same order and cannot deadlock.
 */
const GAME_PLAYED_SQL = `
INSERT INTO scores (guild_id, channel_id, user_id, games_played, updated_at)
SELECT $1, $2, player, 1, $4 FROM unnest(CAST($3 AS TEXT[])) AS player ORDER BY player
ON CONFLICT (guild_id, channel_id, user_id) DO UPDATE SET
  games_played = scores.games_played + 1, updated_at = excluded.updated_at`;

const USER_ROWS_SQL =
  "SELECT * FROM scores WHERE guild_id = $1 AND user_id = $2 ORDER BY updated_at DESC, channel_id";

const RANK_SQL = `
WITH totals AS (
  SELECT user_id, SUM(points) AS points, SUM(correct) AS correct
  FROM scores WHERE guild_id = $1 GROUP BY user_id HAVING SUM(answered) > 0
)
SELECT COUNT(*) + 1 AS rank FROM totals, (SELECT points AS p, correct AS c FROM totals WHERE user_id = $2) me
WHERE totals.points > me.p OR (totals.points = me.p AND totals.correct > me.c)`;

async function applyScore(db: Queryable, delta: ScoreDelta): Promise<ScoreRow> {
  const valid = deltaSchema.parse(delta);
  const row = await first<ScoreRecord>(db, APPLY_SCORE_SQL, [
    valid.guildId,
    valid.channelId,
    valid.userId,
    valid.points,
    valid.correct ? 1 : 0,
    valid.at.toISOString(),
  ]);
  if (row === undefined) throw new Error("score update returned no row");
  return toRow(row);
}

export class PgScoreRepository implements ScoreRepository {
  constructor(private readonly pool: pg.Pool) {}

  addResult(delta: ScoreDelta): Promise<ScoreRow> {
    return applyScore(this.pool, delta);
  }

  addResults(deltas: readonly ScoreDelta[]): Promise<ScoreRow[]> {
    // A bad delta anywhere in the batch rolls back the ones before it: all or none.
    return inTransaction(this.pool, async (client) => {
      const updated: ScoreRow[] = [];
      for (const delta of deltas) updated.push(await applyScore(client, delta));
      return updated;
    });
  }

  async recordGamePlayed(game: GamePlayed): Promise<void> {
    const valid = gamePlayedSchema.parse(game);
    await changes(this.pool, GAME_PLAYED_SQL, [
      valid.guildId,
      valid.channelId,
      [...new Set(valid.userIds)],
      valid.at.toISOString(),
    ]);
  }

  async leaderboard(guildId: string, query: LeaderboardQuery): Promise<LeaderboardEntry[]> {
    const plan = planLeaderboard(guildId, query);
    const values: unknown[] = [guildId];
    // Numbered as they are used: PostgreSQL refuses a parameter the statement never mentions.
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const channelFilter = plan.channelId === null ? "" : `AND channel_id = ${param(plan.channelId)}`;
    const having =
      plan.having === "games" ? "SUM(games_played) > 0" : `SUM(answered) >= ${param(plan.minAnswered)}`;
    // Aggregate first, then sort the totals, so ORDER BY never mixes up totals and raw columns.
    const sql = `
SELECT * FROM (
  SELECT user_id, SUM(points) AS points, SUM(answered) AS answered, SUM(correct) AS correct,
         SUM(games_played) AS games_played, MAX(best_streak) AS best_streak
  FROM scores WHERE guild_id = $1 ${channelFilter}
  GROUP BY user_id HAVING ${having}
) AS totals
ORDER BY ${ORDER_BY[plan.sort]}
LIMIT ${param(plan.limit)}`;
    const found = await rows<LeaderboardRecord>(this.pool, sql, values);
    return rankEntries(found, plan.sort);
  }

  async stats(guildId: string, userId: string): Promise<UserStats> {
    const channels = (await rows<ScoreRecord>(this.pool, USER_ROWS_SQL, [guildId, userId])).map(toRow);
    const rank =
      channels.length > 0
        ? ((await first<{ rank: number }>(this.pool, RANK_SQL, [guildId, userId]))?.rank ?? null)
        : null;
    return userStats(guildId, userId, channels, rank);
  }
}

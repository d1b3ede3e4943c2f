/**
 * Quiz scores in SQLite. `applyScore` is the synchronous building block the quiz repository calls
 * inside its own transaction, so that "answer recorded" and "score updated" commit together;
 * `SqliteScoreRepository` wraps it for everyone else.
 */
import { settle } from "../async.js";
import type { Database } from "../database.js";
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

const APPLY_SQL = `
INSERT INTO scores (guild_id, channel_id, user_id, points, answered, correct, current_streak, best_streak, updated_at)
VALUES (@guildId, @channelId, @userId, @points, 1, @correct, @correct, @correct, @at)
ON CONFLICT (guild_id, channel_id, user_id) DO UPDATE SET
  points = points + excluded.points,
  answered = answered + 1,
  correct = correct + excluded.correct,
  current_streak = CASE WHEN excluded.correct = 1 THEN current_streak + 1 ELSE 0 END,
  best_streak = MAX(best_streak, CASE WHEN excluded.correct = 1 THEN current_streak + 1 ELSE 0 END),
  updated_at = excluded.updated_at
RETURNING *`;

const statements = new WeakMap<Database, ReturnType<typeof prepare>>();

function prepare(db: Database) {
  return {
    apply: db.prepare<Record<string, unknown>, ScoreRecord>(APPLY_SQL),
    game: db.prepare(`
INSERT INTO scores (guild_id, channel_id, user_id, games_played, updated_at)
VALUES (@guildId, @channelId, @userId, 1, @at)
ON CONFLICT (guild_id, channel_id, user_id) DO UPDATE SET
  games_played = games_played + 1, updated_at = excluded.updated_at`),
    userRows: db.prepare<[string, string], ScoreRecord>(
      "SELECT * FROM scores WHERE guild_id = ? AND user_id = ? ORDER BY updated_at DESC, channel_id",
    ),
    rank: db.prepare<[string, string], { rank: number }>(`
WITH totals AS (
  SELECT user_id, SUM(points) AS points, SUM(correct) AS correct
  FROM scores WHERE guild_id = ? GROUP BY user_id HAVING SUM(answered) > 0
)
SELECT COUNT(*) + 1 AS rank FROM totals, (SELECT points AS p, correct AS c FROM totals WHERE user_id = ?) me
WHERE totals.points > me.p OR (totals.points = me.p AND totals.correct > me.c)`),
  };
}

function statementsFor(db: Database) {
  let prepared = statements.get(db);
  if (prepared === undefined) {
    prepared = prepare(db);
    statements.set(db, prepared);
  }
  return prepared;
}

/**
 * Adds one answer to a player's score. Synchronous and transaction-agnostic on purpose: call it
 * inside the transaction that records the answer itself. Validates its input.
 */
export function applyScore(db: Database, delta: ScoreDelta): ScoreRow {
  const valid = deltaSchema.parse(delta);
  const row = statementsFor(db).apply.get({
    guildId: valid.guildId,
    channelId: valid.channelId,
    userId: valid.userId,
    points: valid.points,
    correct: valid.correct ? 1 : 0,
    at: valid.at.toISOString(),
  });
  if (row === undefined) throw new Error("score update returned no row");
  return toRow(row);
}

/** Counts one finished game for each listed player. Call inside a transaction. */
export function applyGamePlayed(db: Database, game: GamePlayed): void {
  const valid = gamePlayedSchema.parse(game);
  const insert = statementsFor(db).game;
  for (const userId of new Set(valid.userIds)) {
    insert.run({ guildId: valid.guildId, channelId: valid.channelId, userId, at: valid.at.toISOString() });
  }
}

export class SqliteScoreRepository implements ScoreRepository {
  constructor(private readonly db: Database) {}

  addResult(delta: ScoreDelta): Promise<ScoreRow> {
    return settle(() => this.db.transaction(() => applyScore(this.db, delta))());
  }

  addResults(deltas: readonly ScoreDelta[]): Promise<ScoreRow[]> {
    return settle(() => this.db.transaction(() => deltas.map((delta) => applyScore(this.db, delta)))());
  }

  recordGamePlayed(game: GamePlayed): Promise<void> {
    return settle(() => {
      this.db.transaction(() => {
        applyGamePlayed(this.db, game);
      })();
    });
  }

  leaderboard(guildId: string, query: LeaderboardQuery): Promise<LeaderboardEntry[]> {
    return settle(() => {
      const plan = planLeaderboard(guildId, query);
      const channelFilter = plan.channelId === null ? "" : "AND channel_id = @channelId";
      const having = plan.having === "games" ? "SUM(games_played) > 0" : "SUM(answered) >= @minAnswered";
      // Aggregate first, then sort the totals, so ORDER BY never mixes up totals and raw columns.
      const sql = `
SELECT * FROM (
  SELECT user_id, SUM(points) AS points, SUM(answered) AS answered, SUM(correct) AS correct,
         SUM(games_played) AS games_played, MAX(best_streak) AS best_streak
  FROM scores WHERE guild_id = @guildId ${channelFilter}
  GROUP BY user_id HAVING ${having}
)
ORDER BY ${ORDER_BY[plan.sort]}
LIMIT @limit`;
      const rows = this.db.prepare<Record<string, unknown>, LeaderboardRecord>(sql).all({
        guildId,
        channelId: plan.channelId,
        minAnswered: plan.minAnswered,
        limit: plan.limit,
      });
      return rankEntries(rows, plan.sort);
    });
  }

  stats(guildId: string, userId: string): Promise<UserStats> {
    return settle(() => {
      const prepared = statementsFor(this.db);
      const channels = prepared.userRows.all(guildId, userId).map(toRow);
      const rank = channels.length > 0 ? (prepared.rank.get(guildId, userId)?.rank ?? null) : null;
      return userStats(guildId, userId, channels, rank);
    });
  }
}

/**
 * Quiz scores per guild, channel and user. `applyScore` is the synchronous building block the
 * quiz repository calls inside its own transaction, so that "answer recorded" and "score updated"
 * commit together; `SqliteScoreRepository` wraps it for everyone else.
 */
import { z } from "zod";

import { settle } from "./async.js";
import type { Database } from "./database.js";

/** One answered quiz question for one player. */
export interface ScoreDelta {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  /** Points earned by this answer (0 for a wrong one; may be negative if a mode penalises). */
  readonly points: number;
  readonly correct: boolean;
  readonly at: Date;
}

export interface ScoreRow {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly points: number;
  readonly answered: number;
  readonly correct: number;
  readonly currentStreak: number;
  readonly bestStreak: number;
  readonly gamesPlayed: number;
  readonly updatedAt: Date;
}

export interface GamePlayed {
  readonly guildId: string;
  readonly channelId: string;
  readonly userIds: readonly string[];
  readonly at: Date;
}

export type LeaderboardSort = "points" | "accuracy" | "games";

export interface LeaderboardQuery {
  readonly scope: "server" | "channel";
  /** Required when scope is "channel". */
  readonly channelId?: string;
  readonly sort: LeaderboardSort;
  /** Players with fewer answers are left out of an accuracy ranking (one lucky answer is not 100%). */
  readonly minAnsweredForAccuracy?: number;
  readonly limit?: number;
}

export interface LeaderboardEntry {
  readonly rank: number;
  readonly userId: string;
  readonly points: number;
  readonly answered: number;
  readonly correct: number;
  /** correct / answered, 0 when nothing was answered. */
  readonly accuracy: number;
  readonly gamesPlayed: number;
  readonly bestStreak: number;
}

export interface UserStats {
  readonly guildId: string;
  readonly userId: string;
  readonly points: number;
  readonly answered: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly gamesPlayed: number;
  /** The streak in the channel the user played in most recently. */
  readonly currentStreak: number;
  readonly bestStreak: number;
  /** Position on the server's points leaderboard; null before the first answer. */
  readonly rank: number | null;
  readonly channels: readonly ScoreRow[];
}

export interface ScoreRepository {
  /** Records one answer and returns the player's updated row for that channel. */
  addResult(delta: ScoreDelta): Promise<ScoreRow>;
  /** Records several answers (e.g. a whole round) in one transaction: all or none. */
  addResults(deltas: readonly ScoreDelta[]): Promise<ScoreRow[]>;
  /** Counts one finished game for each player, in one transaction. */
  recordGamePlayed(game: GamePlayed): Promise<void>;
  leaderboard(guildId: string, query: LeaderboardQuery): Promise<LeaderboardEntry[]>;
  stats(guildId: string, userId: string): Promise<UserStats>;
}

/** A page longer than this would not fit one embed anyway; it also bounds the query's cost. */
export const MAX_LEADERBOARD_LIMIT = 100;
export const DEFAULT_LEADERBOARD_LIMIT = 10;
/** Below five answers an accuracy figure says more about luck than about knowledge. */
export const DEFAULT_MIN_ANSWERED_FOR_ACCURACY = 5;

const id = z.string().min(1, { error: "id must not be empty" });
const deltaSchema = z.object({
  guildId: id,
  channelId: id,
  userId: id,
  points: z.number().int({ error: "points must be a whole number" }),
  correct: z.boolean(),
  at: z.date(),
});
const leaderboardSchema = z.object({
  scope: z.enum(["server", "channel"]),
  channelId: id.optional(),
  sort: z.enum(["points", "accuracy", "games"]),
  minAnsweredForAccuracy: z.number().int().min(0).default(DEFAULT_MIN_ANSWERED_FOR_ACCURACY),
  limit: z.number().int().min(1).max(MAX_LEADERBOARD_LIMIT).default(DEFAULT_LEADERBOARD_LIMIT),
});

interface ScoreRecord {
  guild_id: string;
  channel_id: string;
  user_id: string;
  points: number;
  answered: number;
  correct: number;
  current_streak: number;
  best_streak: number;
  games_played: number;
  updated_at: string;
}

const toRow = (r: ScoreRecord): ScoreRow => ({
  guildId: r.guild_id,
  channelId: r.channel_id,
  userId: r.user_id,
  points: r.points,
  answered: r.answered,
  correct: r.correct,
  currentStreak: r.current_streak,
  bestStreak: r.best_streak,
  gamesPlayed: r.games_played,
  updatedAt: new Date(r.updated_at),
});

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
  const valid = z.object({ guildId: id, channelId: id, userIds: z.array(id), at: z.date() }).parse(game);
  const insert = statementsFor(db).game;
  for (const userId of new Set(valid.userIds)) {
    insert.run({ guildId: valid.guildId, channelId: valid.channelId, userId, at: valid.at.toISOString() });
  }
}

const ORDER_BY: Record<LeaderboardSort, string> = {
  points: "points DESC, correct DESC, answered ASC, user_id ASC",
  accuracy: "CAST(correct AS REAL) / answered DESC, answered DESC, points DESC, user_id ASC",
  games: "games_played DESC, points DESC, user_id ASC",
};

interface LeaderboardRecord {
  user_id: string;
  points: number;
  answered: number;
  correct: number;
  games_played: number;
  best_streak: number;
}

const TIE_KEY: Record<LeaderboardSort, (r: LeaderboardRecord) => string> = {
  points: (r) => `${r.points}:${r.correct}`,
  accuracy: (r) => String(r.correct / r.answered),
  games: (r) => `${r.games_played}:${r.points}`,
};

const toEntry = (r: LeaderboardRecord, rank: number): LeaderboardEntry => ({
  rank,
  userId: r.user_id,
  points: r.points,
  answered: r.answered,
  correct: r.correct,
  accuracy: r.answered > 0 ? r.correct / r.answered : 0,
  gamesPlayed: r.games_played,
  bestStreak: r.best_streak,
});

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
      const q = leaderboardSchema.parse(query);
      if (q.scope === "channel" && q.channelId === undefined) {
        throw new Error("a channel leaderboard needs a channelId");
      }
      const channelFilter = q.scope === "channel" ? "AND channel_id = @channelId" : "";
      const minAnswered = q.sort === "accuracy" ? Math.max(1, q.minAnsweredForAccuracy) : 1;
      // Players who only sat in on games (no answers yet) still count on the games board.
      const having = q.sort === "games" ? "SUM(games_played) > 0" : "SUM(answered) >= @minAnswered";
      // Aggregate first, then sort the totals, so ORDER BY never mixes up totals and raw columns.
      const sql = `
SELECT * FROM (
  SELECT user_id, SUM(points) AS points, SUM(answered) AS answered, SUM(correct) AS correct,
         SUM(games_played) AS games_played, MAX(best_streak) AS best_streak
  FROM scores WHERE guild_id = @guildId ${channelFilter}
  GROUP BY user_id HAVING ${having}
)
ORDER BY ${ORDER_BY[q.sort]}
LIMIT @limit`;
      const rows = this.db.prepare<Record<string, unknown>, LeaderboardRecord>(sql).all({
        guildId,
        channelId: q.channelId ?? null,
        minAnswered,
        limit: q.limit,
      });
      // Competition ranking ("1, 2, 2, 4"): players tied on the sort key share a place.
      const tieKey = TIE_KEY[q.sort];
      let previousKey: string | undefined;
      let previousRank = 0;
      return rows.map((r, index) => {
        const key = tieKey(r);
        const rank = key === previousKey ? previousRank : index + 1;
        previousKey = key;
        previousRank = rank;
        return toEntry(r, rank);
      });
    });
  }

  stats(guildId: string, userId: string): Promise<UserStats> {
    return settle(() => {
      const prepared = statementsFor(this.db);
      const channels = prepared.userRows.all(guildId, userId).map(toRow);
      const sum = (pick: (row: ScoreRow) => number) => channels.reduce((total, row) => total + pick(row), 0);
      const answered = sum((row) => row.answered);
      const correct = sum((row) => row.correct);
      return {
        guildId,
        userId,
        points: sum((row) => row.points),
        answered,
        correct,
        accuracy: answered > 0 ? correct / answered : 0,
        gamesPlayed: sum((row) => row.gamesPlayed),
        currentStreak: channels[0]?.currentStreak ?? 0,
        bestStreak: Math.max(0, ...channels.map((row) => row.bestStreak)),
        rank: answered > 0 ? (prepared.rank.get(guildId, userId)?.rank ?? null) : null,
        channels,
      };
    });
  }
}

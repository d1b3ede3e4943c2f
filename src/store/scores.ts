/**
 * Quiz scores per guild, channel and user, the contract: types, validation and ranking, shared by
 * sqlite/scores.ts and postgres/scores.ts. Each dialect adds an answer's points inside the quiz
 * repository's own transaction, so that "answer recorded" and "score updated" commit together.
 */
import { z } from "zod";

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

export const idSchema = z.string().min(1, { error: "id must not be empty" });
export const deltaSchema = z.object({
  guildId: idSchema,
  channelId: idSchema,
  userId: idSchema,
  points: z.number().int({ error: "points must be a whole number" }),
  correct: z.boolean(),
  at: z.date(),
});
export const leaderboardSchema = z.object({
  scope: z.enum(["server", "channel"]),
  channelId: idSchema.optional(),
  sort: z.enum(["points", "accuracy", "games"]),
  minAnsweredForAccuracy: z.number().int().min(0).default(DEFAULT_MIN_ANSWERED_FOR_ACCURACY),
  limit: z.number().int().min(1).max(MAX_LEADERBOARD_LIMIT).default(DEFAULT_LEADERBOARD_LIMIT),
});

export interface ScoreRecord {
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

export const toRow = (r: ScoreRecord): ScoreRow => ({
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

/**
 * How each board sorts the per-user totals. Plain SQL both dialects read alike; accuracy divides
 * as a double in both (SQLite's REAL is one; PostgreSQL's REAL would be single precision).
 */
export const ORDER_BY: Record<LeaderboardSort, string> = {
  points: "points DESC, correct DESC, answered ASC, user_id ASC",
  accuracy: "CAST(correct AS DOUBLE PRECISION) / answered DESC, answered DESC, points DESC, user_id ASC",
  games: "games_played DESC, points DESC, user_id ASC",
};

export interface LeaderboardRecord {
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

export const gamePlayedSchema = z.object({
  guildId: idSchema,
  channelId: idSchema,
  userIds: z.array(idSchema),
  at: z.date(),
});

export interface LeaderboardPlan {
  readonly guildId: string;
  /** Null for a server-wide board. */
  readonly channelId: string | null;
  readonly sort: LeaderboardSort;
  readonly minAnswered: number;
  readonly limit: number;
  /** Players who only sat in on games (no answers yet) still count on the games board. */
  readonly having: "games" | "answered";
}

/** Validates a leaderboard query into what both dialects' SQL needs. Throws on a bad query. */
export function planLeaderboard(guildId: string, query: LeaderboardQuery): LeaderboardPlan {
  const q = leaderboardSchema.parse(query);
  if (q.scope === "channel" && q.channelId === undefined) {
    throw new Error("a channel leaderboard needs a channelId");
  }
  return {
    guildId,
    channelId: q.scope === "channel" ? (q.channelId ?? null) : null,
    sort: q.sort,
    minAnswered: q.sort === "accuracy" ? Math.max(1, q.minAnsweredForAccuracy) : 1,
    limit: q.limit,
    having: q.sort === "games" ? "games" : "answered",
  };
}

/** Competition ranking ("1, 2, 2, 4"): players tied on the sort key share a place. */
export function rankEntries(rows: readonly LeaderboardRecord[], sort: LeaderboardSort): LeaderboardEntry[] {
  const tieKey = TIE_KEY[sort];
  let previousKey: string | undefined;
  let previousRank = 0;
  return rows.map((r, index) => {
    const key = tieKey(r);
    const rank = key === previousKey ? previousRank : index + 1;
    previousKey = key;
    previousRank = rank;
    return toEntry(r, rank);
  });
}

/** A user's stats from their per-channel rows (most recently updated first) and server rank. */
export function userStats(
  guildId: string,
  userId: string,
  channels: readonly ScoreRow[],
  rank: number | null,
): UserStats {
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
    rank: answered > 0 ? rank : null,
    channels,
  };
}

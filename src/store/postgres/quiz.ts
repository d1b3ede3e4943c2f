/**
 * Quiz games, rounds and answers in PostgreSQL. An answer may reach any process (a double click
 * can land on two), so recording one is a single statement, one transaction: it locks the round
 * FOR SHARE (a reveal waits for it, and no answer slips in after a reveal), inserts the answer
 * unless the player already has one, and adds the points to the score only if it did.
 */
import type pg from "pg";

import {
  toAnswer,
  toGame,
  toRound,
  type AnswerRecord,
  type AnswerRow,
  type EndReason,
  type GameRecord,
  type GameRow,
  type NewAnswer,
  type NewGame,
  type QuizRepository,
  type RecordAnswerResult,
  type RoundRecord,
  type RoundRow,
  type Standing,
} from "../quizRepository.js";
import { deltaSchema } from "../scores.js";
import { changes, first, rows, sqlState, UNIQUE_VIOLATION } from "./pool.js";

/**
 * $1 game, $2 round, $3 user, $4 username, $5 choice, $6 typed, $7 correct (0/1), $8 base,
 * $9 speed, $10 streak, $11 answered at (ISO), $12 guild, $13 channel, $14 total points.
 * ISO timestamps of one format compare correctly as text (the columns are COLLATE "C").
 */
const RECORD_ANSWER_SQL = `
WITH round AS (
  SELECT 1 FROM quiz_rounds
  WHERE game_id = $1 AND round_no = $2 AND status = 'open' AND deadline_at IS NOT NULL
    AND CAST($11 AS TEXT) < deadline_at
  FOR SHARE
), answer AS (
  INSERT INTO quiz_answers
    (game_id, round_no, user_id, username, choice, typed, correct, base_points, speed_points, streak_points,
     answered_at)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM round
  ON CONFLICT (game_id, round_no, user_id) DO NOTHING
  RETURNING user_id
), score AS (
  INSERT INTO scores (guild_id, channel_id, user_id, points, answered, correct, current_streak, best_streak,
    updated_at)
  SELECT $12, $13, user_id, $14, 1, $7, $7, $7, $11 FROM answer
  ON CONFLICT (guild_id, channel_id, user_id) DO UPDATE SET
    points = scores.points + excluded.points,
    answered = scores.answered + 1,
    correct = scores.correct + excluded.correct,
    current_streak = CASE WHEN excluded.correct = 1 THEN scores.current_streak + 1 ELSE 0 END,
    best_streak = GREATEST(scores.best_streak,
      CASE WHEN excluded.correct = 1 THEN scores.current_streak + 1 ELSE 0 END),
    updated_at = excluded.updated_at
  RETURNING user_id
)
SELECT (SELECT COUNT(*) FROM round) AS open, (SELECT COUNT(*) FROM answer) AS recorded,
  (SELECT COUNT(*) FROM score) AS scored`;

/** Ends the game and counts it as played for everyone who answered, in one statement. */
const END_GAME_SQL = `
WITH ended AS (
  UPDATE quiz_games SET status = 'ended', end_reason = $2, ended_at = $3
  WHERE id = $1 AND status = 'running'
  RETURNING guild_id, channel_id
), played AS (
  INSERT INTO scores (guild_id, channel_id, user_id, games_played, updated_at)
  SELECT ended.guild_id, ended.channel_id, players.user_id, 1, $3
  FROM ended, (SELECT DISTINCT user_id FROM quiz_answers WHERE game_id = $1) AS players
  ORDER BY players.user_id
  ON CONFLICT (guild_id, channel_id, user_id) DO UPDATE SET
    games_played = scores.games_played + 1, updated_at = excluded.updated_at
)
SELECT COUNT(*) AS ended FROM ended`;

const STANDINGS_SQL = `
SELECT user_id, MAX(username) AS username, SUM(base_points + speed_points + streak_points) AS points,
       SUM(correct) AS correct, COUNT(*) AS answered
FROM quiz_answers WHERE game_id = $1 GROUP BY user_id
ORDER BY points DESC, correct DESC, MIN(answered_at), user_id`;

const round = (row: RoundRow | undefined) => (row === undefined ? undefined : toRound(row));

export class PgQuizRepository implements QuizRepository {
  constructor(private readonly pool: pg.Pool) {}

  async createGame(game: NewGame): Promise<"created" | "channel-busy"> {
    try {
      await changes(
        this.pool,
        `INSERT INTO quiz_games
          (id, guild_id, channel_id, starter_id, mode, seconds, topic, seed, questions, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running', $10)`,
        [
          game.id,
          game.guildId,
          game.channelId,
          game.starterId,
          game.mode,
          game.seconds,
          game.topic,
          game.seed,
          game.questionsJson,
          game.at.toISOString(),
        ],
      );
      return "created";
    } catch (error) {
      // The partial unique index allows one running game per channel, whichever process started it.
      if (sqlState(error) === UNIQUE_VIOLATION) return "channel-busy";
      throw error;
    }
  }

  async getGame(id: string): Promise<GameRecord | undefined> {
    const row = await first<GameRow>(this.pool, "SELECT * FROM quiz_games WHERE id = $1", [id]);
    return row === undefined ? undefined : toGame(row);
  }

  async runningGameInChannel(channelId: string): Promise<GameRecord | undefined> {
    const row = await first<GameRow>(
      this.pool,
      "SELECT * FROM quiz_games WHERE channel_id = $1 AND status = 'running'",
      [channelId],
    );
    return row === undefined ? undefined : toGame(row);
  }

  async runningGames(): Promise<GameRecord[]> {
    const found = await rows<GameRow>(
      this.pool,
      "SELECT * FROM quiz_games WHERE status = 'running' ORDER BY created_at",
    );
    return found.map(toGame);
  }

  async beginRound(gameId: string, roundNo: number, at: Date): Promise<void> {
    await changes(
      this.pool,
      `INSERT INTO quiz_rounds (game_id, round_no, status, started_at) VALUES ($1, $2, 'posting', $3)
       ON CONFLICT DO NOTHING`,
      [gameId, roundNo, at.toISOString()],
    );
  }

  async openRound(gameId: string, roundNo: number, messageId: string, deadline: Date): Promise<void> {
    await changes(
      this.pool,
      `UPDATE quiz_rounds SET status = 'open', message_id = $1, deadline_at = $2
       WHERE game_id = $3 AND round_no = $4 AND status = 'posting'`,
      [messageId, deadline.toISOString(), gameId, roundNo],
    );
  }

  async getRound(gameId: string, roundNo: number): Promise<RoundRecord | undefined> {
    return round(
      await first<RoundRow>(this.pool, "SELECT * FROM quiz_rounds WHERE game_id = $1 AND round_no = $2", [
        gameId,
        roundNo,
      ]),
    );
  }

  async latestRound(gameId: string): Promise<RoundRecord | undefined> {
    return round(
      await first<RoundRow>(
        this.pool,
        "SELECT * FROM quiz_rounds WHERE game_id = $1 ORDER BY round_no DESC LIMIT 1",
        [gameId],
      ),
    );
  }

  async recordAnswer(answer: NewAnswer): Promise<RecordAnswerResult> {
    const points = answer.basePoints + answer.speedPoints + answer.streakPoints;
    // The same validation as the SQLite path's applyScore, before anything is written.
    deltaSchema.parse({
      guildId: answer.guildId,
      channelId: answer.channelId,
      userId: answer.userId,
      points,
      correct: answer.correct,
      at: answer.at,
    });
    const result = await first<{ open: number; recorded: number; scored: number }>(
      this.pool,
      RECORD_ANSWER_SQL,
      [
        answer.gameId,
        answer.roundNo,
        answer.userId,
        answer.username ?? "",
        answer.choice,
        answer.typed,
        answer.correct ? 1 : 0,
        answer.basePoints,
        answer.speedPoints,
        answer.streakPoints,
        answer.at.toISOString(),
        answer.guildId,
        answer.channelId,
        points,
      ],
    );
    if (result === undefined || result.open === 0) return "closed";
    if (result.recorded === 0) return "duplicate";
    if (result.scored !== result.recorded) throw new Error("quiz answer recorded without its score");
    return "recorded";
  }

  async answers(gameId: string, roundNo: number): Promise<AnswerRecord[]> {
    const found = await rows<AnswerRow>(
      this.pool,
      "SELECT * FROM quiz_answers WHERE game_id = $1 AND round_no = $2 ORDER BY answered_at, user_id",
      [gameId, roundNo],
    );
    return found.map(toAnswer);
  }

  async streakBefore(gameId: string, roundNo: number, userId: string): Promise<number> {
    const history = await rows<{ round_no: number; correct: number | null }>(
      this.pool,
      `SELECT r.round_no, a.correct FROM quiz_rounds r
       LEFT JOIN quiz_answers a ON a.game_id = r.game_id AND a.round_no = r.round_no AND a.user_id = $1
       WHERE r.game_id = $2 AND r.round_no < $3 ORDER BY r.round_no DESC`,
      [userId, gameId, roundNo],
    );
    let streak = 0;
    for (const row of history) {
      if (row.correct !== 1) break;
      streak++;
    }
    return streak;
  }

  async revealRound(gameId: string, roundNo: number, at: Date): Promise<boolean> {
    const changed = await changes(
      this.pool,
      `UPDATE quiz_rounds SET status = 'revealed', revealed_at = $1
       WHERE game_id = $2 AND round_no = $3 AND status IN ('posting', 'open')`,
      [at.toISOString(), gameId, roundNo],
    );
    return changed > 0;
  }

  async markShown(gameId: string, roundNo: number): Promise<void> {
    await changes(
      this.pool,
      "UPDATE quiz_rounds SET status = 'shown' WHERE game_id = $1 AND round_no = $2 AND status = 'revealed'",
      [gameId, roundNo],
    );
  }

  async endGame(gameId: string, reason: EndReason, at: Date): Promise<boolean> {
    const row = await first<{ ended: number }>(this.pool, END_GAME_SQL, [gameId, reason, at.toISOString()]);
    return (row?.ended ?? 0) > 0;
  }

  async standings(gameId: string): Promise<Standing[]> {
    const found = await rows<{
      user_id: string;
      username: string;
      points: number;
      correct: number;
      answered: number;
    }>(this.pool, STANDINGS_SQL, [gameId]);
    return found.map((row) => ({
      userId: row.user_id,
      username: row.username,
      points: row.points,
      correct: row.correct,
      answered: row.answered,
    }));
  }

  async playerNames(userIds: readonly string[]): Promise<Map<string, string>> {
    const found = await rows<{ user_id: string; username: string }>(
      this.pool,
      `SELECT DISTINCT ON (user_id) user_id, username FROM quiz_answers
       WHERE user_id = ANY(CAST($1 AS TEXT[])) ORDER BY user_id, answered_at DESC`,
      [[...userIds]],
    );
    const byId = new Map(found.map((row) => [row.user_id, row.username]));
    // In the order asked, as the SQLite version returns them.
    const names = new Map<string, string>();
    for (const userId of userIds) {
      const name = byId.get(userId);
      if (name !== undefined) names.set(userId, name);
    }
    return names;
  }
}

/**
 * Quiz games, rounds and answers in SQLite. better-sqlite3 runs each transaction synchronously,
 * so "check the round is open, insert the answer, add the score" cannot interleave with a reveal.
 */
import { settle } from "../async.js";
import type { Database } from "../database.js";
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
import { applyGamePlayed, applyScore } from "./scores.js";

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && "code" in error && String(error.code).startsWith("SQLITE_CONSTRAINT");

export class SqliteQuizRepository implements QuizRepository {
  private readonly sql;

  constructor(private readonly db: Database) {
    this.sql = {
      insertGame: db.prepare(`INSERT INTO quiz_games
        (id, guild_id, channel_id, starter_id, mode, seconds, topic, seed, questions, status, created_at)
        VALUES (@id, @guildId, @channelId, @starterId, @mode, @seconds, @topic, @seed, @questionsJson, 'running', @at)`),
      game: db.prepare<[string], GameRow>("SELECT * FROM quiz_games WHERE id = ?"),
      runningInChannel: db.prepare<[string], GameRow>(
        "SELECT * FROM quiz_games WHERE channel_id = ? AND status = 'running'",
      ),
      running: db.prepare<[], GameRow>(
        "SELECT * FROM quiz_games WHERE status = 'running' ORDER BY created_at",
      ),
      beginRound: db.prepare(
        "INSERT OR IGNORE INTO quiz_rounds (game_id, round_no, status, started_at) VALUES (?, ?, 'posting', ?)",
      ),
      openRound: db.prepare(
        "UPDATE quiz_rounds SET status = 'open', message_id = ?, deadline_at = ? WHERE game_id = ? AND round_no = ? AND status = 'posting'",
      ),
      round: db.prepare<[string, number], RoundRow>(
        "SELECT * FROM quiz_rounds WHERE game_id = ? AND round_no = ?",
      ),
      latestRound: db.prepare<[string], RoundRow>(
        "SELECT * FROM quiz_rounds WHERE game_id = ? ORDER BY round_no DESC LIMIT 1",
      ),
      insertAnswer: db.prepare(`INSERT INTO quiz_answers
        (game_id, round_no, user_id, username, choice, typed, correct, base_points, speed_points, streak_points, answered_at)
        VALUES (@gameId, @roundNo, @userId, @username, @choice, @typed, @correct, @basePoints, @speedPoints, @streakPoints, @at)
        ON CONFLICT (game_id, round_no, user_id) DO NOTHING`),
      answers: db.prepare<[string, number], AnswerRow>(
        "SELECT * FROM quiz_answers WHERE game_id = ? AND round_no = ? ORDER BY answered_at, user_id",
      ),
      history: db.prepare<[string, string, number], { round_no: number; correct: number | null }>(`
        SELECT r.round_no, a.correct FROM quiz_rounds r
        LEFT JOIN quiz_answers a ON a.game_id = r.game_id AND a.round_no = r.round_no AND a.user_id = ?
        WHERE r.game_id = ? AND r.round_no < ? ORDER BY r.round_no DESC`),
      reveal: db.prepare(
        "UPDATE quiz_rounds SET status = 'revealed', revealed_at = ? WHERE game_id = ? AND round_no = ? AND status IN ('posting', 'open')",
      ),
      shown: db.prepare(
        "UPDATE quiz_rounds SET status = 'shown' WHERE game_id = ? AND round_no = ? AND status = 'revealed'",
      ),
      end: db.prepare(
        "UPDATE quiz_games SET status = 'ended', end_reason = ?, ended_at = ? WHERE id = ? AND status = 'running'",
      ),
      name: db.prepare<[string], { username: string }>(
        "SELECT username FROM quiz_answers WHERE user_id = ? ORDER BY answered_at DESC LIMIT 1",
      ),
      players: db.prepare<[string], { user_id: string }>(
        "SELECT DISTINCT user_id FROM quiz_answers WHERE game_id = ? ORDER BY user_id",
      ),
      standings: db.prepare<
        [string],
        { user_id: string; username: string; points: number; correct: number; answered: number }
      >(`
        SELECT user_id, MAX(username) AS username, SUM(base_points + speed_points + streak_points) AS points, SUM(correct) AS correct,
               COUNT(*) AS answered
        FROM quiz_answers WHERE game_id = ? GROUP BY user_id
        ORDER BY points DESC, correct DESC, MIN(answered_at), user_id`),
    };
  }

  createGame(game: NewGame): Promise<"created" | "channel-busy"> {
    return settle(() => {
      try {
        this.sql.insertGame.run({ ...game, at: game.at.toISOString() });
        return "created" as const;
      } catch (error) {
        if (isUniqueViolation(error)) return "channel-busy" as const;
        throw error;
      }
    });
  }

  getGame(id: string): Promise<GameRecord | undefined> {
    return settle(() => {
      const row = this.sql.game.get(id);
      return row === undefined ? undefined : toGame(row);
    });
  }

  runningGameInChannel(channelId: string): Promise<GameRecord | undefined> {
    return settle(() => {
      const row = this.sql.runningInChannel.get(channelId);
      return row === undefined ? undefined : toGame(row);
    });
  }

  runningGames(): Promise<GameRecord[]> {
    return settle(() => this.sql.running.all().map(toGame));
  }

  beginRound(gameId: string, roundNo: number, at: Date): Promise<void> {
    return settle(() => {
      this.sql.beginRound.run(gameId, roundNo, at.toISOString());
    });
  }

  openRound(gameId: string, roundNo: number, messageId: string, deadline: Date): Promise<void> {
    return settle(() => {
      this.sql.openRound.run(messageId, deadline.toISOString(), gameId, roundNo);
    });
  }

  getRound(gameId: string, roundNo: number): Promise<RoundRecord | undefined> {
    return settle(() => {
      const row = this.sql.round.get(gameId, roundNo);
      return row === undefined ? undefined : toRound(row);
    });
  }

  latestRound(gameId: string): Promise<RoundRecord | undefined> {
    return settle(() => {
      const row = this.sql.latestRound.get(gameId);
      return row === undefined ? undefined : toRound(row);
    });
  }

  /**
   * IMMEDIATE, because it reads the round before writing: a deferred transaction that has read
   * cannot wait for another process's write lock, and SQLite fails it at once with SQLITE_BUSY
   * (two shard processes on one file, a double click reaching both).
   */
  recordAnswer(answer: NewAnswer): Promise<RecordAnswerResult> {
    return settle(() =>
      this.db
        .transaction((): RecordAnswerResult => {
          const round = this.sql.round.get(answer.gameId, answer.roundNo);
          const at = answer.at.toISOString();
          // ISO timestamps of one format compare correctly as text.
          if (round?.status !== "open" || round.deadline_at === null || at >= round.deadline_at)
            return "closed";
          const inserted = this.sql.insertAnswer.run({
            gameId: answer.gameId,
            roundNo: answer.roundNo,
            userId: answer.userId,
            username: answer.username ?? "",
            choice: answer.choice,
            typed: answer.typed,
            correct: answer.correct ? 1 : 0,
            basePoints: answer.basePoints,
            speedPoints: answer.speedPoints,
            streakPoints: answer.streakPoints,
            at,
          });
          if (inserted.changes === 0) return "duplicate";
          applyScore(this.db, {
            guildId: answer.guildId,
            channelId: answer.channelId,
            userId: answer.userId,
            points: answer.basePoints + answer.speedPoints + answer.streakPoints,
            correct: answer.correct,
            at: answer.at,
          });
          return "recorded";
        })
        .immediate(),
    );
  }

  answers(gameId: string, roundNo: number): Promise<AnswerRecord[]> {
    return settle(() => this.sql.answers.all(gameId, roundNo).map(toAnswer));
  }

  streakBefore(gameId: string, roundNo: number, userId: string): Promise<number> {
    return settle(() => {
      let streak = 0;
      for (const row of this.sql.history.all(userId, gameId, roundNo)) {
        if (row.correct !== 1) break;
        streak++;
      }
      return streak;
    });
  }

  revealRound(gameId: string, roundNo: number, at: Date): Promise<boolean> {
    return settle(() => this.sql.reveal.run(at.toISOString(), gameId, roundNo).changes > 0);
  }

  markShown(gameId: string, roundNo: number): Promise<void> {
    return settle(() => {
      this.sql.shown.run(gameId, roundNo);
    });
  }

  /** IMMEDIATE for the same reason as recordAnswer: it reads the game before writing. */
  endGame(gameId: string, reason: EndReason, at: Date): Promise<boolean> {
    return settle(() =>
      this.db
        .transaction(() => {
          const game = this.sql.game.get(gameId);
          if (game === undefined) return false;
          if (this.sql.end.run(reason, at.toISOString(), gameId).changes === 0) return false;
          const userIds = this.sql.players.all(gameId).map((row) => row.user_id);
          applyGamePlayed(this.db, { guildId: game.guild_id, channelId: game.channel_id, userIds, at });
          return true;
        })
        .immediate(),
    );
  }

  standings(gameId: string): Promise<Standing[]> {
    return settle(() =>
      this.sql.standings.all(gameId).map((row) => ({
        userId: row.user_id,
        username: row.username,
        points: row.points,
        correct: row.correct,
        answered: row.answered,
      })),
    );
  }

  playerNames(userIds: readonly string[]): Promise<Map<string, string>> {
    return settle(() => {
      const names = new Map<string, string>();
      for (const userId of userIds) {
        const row = this.sql.name.get(userId);
        if (row !== undefined) names.set(userId, row.username);
      }
      return names;
    });
  }
}

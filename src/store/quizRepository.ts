/**
 * Quiz games, rounds and answers, the contract. Every state change of a game is one call here, and
 * recording an answer adds its points to the player's score in the same transaction, so the points
 * are in the database before any reveal shows them and a crash can never keep one without the
 * other. The SQL lives in sqlite/quiz.ts and postgres/quiz.ts; rows and their mapping are shared.
 */

export type GameMode = "buttons" | "typed" | "mixed";
export type GameStatus = "running" | "ended";
export type EndReason = "finished" | "stopped" | "ended-early" | "undeliverable";
export type RoundStatus = "posting" | "open" | "revealed" | "shown";

export interface NewGame {
  readonly id: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly starterId: string;
  readonly mode: GameMode;
  readonly seconds: number;
  readonly topic: string | null;
  readonly seed: number;
  /** The drawn questions, serialised by the caller. */
  readonly questionsJson: string;
  readonly at: Date;
}

export interface GameRecord extends Omit<NewGame, "at"> {
  readonly status: GameStatus;
  readonly endReason: EndReason | null;
  readonly createdAt: Date;
  readonly endedAt: Date | null;
}

export interface RoundRecord {
  readonly gameId: string;
  readonly roundNo: number;
  readonly status: RoundStatus;
  readonly messageId: string | null;
  readonly startedAt: Date;
  readonly deadlineAt: Date | null;
  readonly revealedAt: Date | null;
}

export interface AnswerRecord {
  readonly userId: string;
  readonly username: string;
  readonly choice: number | null;
  readonly typed: string | null;
  readonly correct: boolean;
  readonly basePoints: number;
  readonly speedPoints: number;
  readonly streakPoints: number;
  readonly answeredAt: Date;
}

export interface NewAnswer extends Omit<AnswerRecord, "answeredAt" | "username"> {
  /** The name to show in reveals and standings; empty when unknown. */
  readonly username?: string;
  readonly gameId: string;
  readonly roundNo: number;
  readonly guildId: string;
  readonly channelId: string;
  readonly at: Date;
}

export type RecordAnswerResult = "recorded" | "duplicate" | "closed";

export interface Standing {
  readonly userId: string;
  readonly username: string;
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
}

export interface QuizRepository {
  /** "channel-busy" when the channel already has a running game. */
  createGame(game: NewGame): Promise<"created" | "channel-busy">;
  getGame(id: string): Promise<GameRecord | undefined>;
  runningGameInChannel(channelId: string): Promise<GameRecord | undefined>;
  runningGames(): Promise<GameRecord[]>;
  /** Records that a round is about to be posted (idempotent). */
  beginRound(gameId: string, roundNo: number, at: Date): Promise<void>;
  /** The round's message is out: answers are accepted until `deadline`. */
  openRound(gameId: string, roundNo: number, messageId: string, deadline: Date): Promise<void>;
  getRound(gameId: string, roundNo: number): Promise<RoundRecord | undefined>;
  latestRound(gameId: string): Promise<RoundRecord | undefined>;
  /** Records an answer and its points, in one transaction, if the round is open and time is not up. */
  recordAnswer(answer: NewAnswer): Promise<RecordAnswerResult>;
  answers(gameId: string, roundNo: number): Promise<AnswerRecord[]>;
  /** Right answers in a row the player gave in the rounds before `roundNo` (a missed round breaks it). */
  streakBefore(gameId: string, roundNo: number, userId: string): Promise<number>;
  /** Closes an open round. False when it was not open (already revealed). */
  revealRound(gameId: string, roundNo: number, at: Date): Promise<boolean>;
  /** The reveal has been edited into the question message. */
  markShown(gameId: string, roundNo: number): Promise<void>;
  /** Ends a running game and counts it as played for everyone who answered. False if already ended. */
  endGame(gameId: string, reason: EndReason, at: Date): Promise<boolean>;
  standings(gameId: string): Promise<Standing[]>;
  /** The name each player last answered under, for showing scores without mentions. */
  playerNames(userIds: readonly string[]): Promise<Map<string, string>>;
}

export interface GameRow {
  id: string;
  guild_id: string;
  channel_id: string;
  starter_id: string;
  mode: GameMode;
  seconds: number;
  topic: string | null;
  seed: number;
  questions: string;
  status: GameStatus;
  end_reason: EndReason | null;
  created_at: string;
  ended_at: string | null;
}

export interface RoundRow {
  game_id: string;
  round_no: number;
  status: RoundStatus;
  message_id: string | null;
  started_at: string;
  deadline_at: string | null;
  revealed_at: string | null;
}

export interface AnswerRow {
  user_id: string;
  username: string;
  choice: number | null;
  typed: string | null;
  correct: number;
  base_points: number;
  speed_points: number;
  streak_points: number;
  answered_at: string;
}

const date = (text: string | null): Date | null => (text === null ? null : new Date(text));

export const toGame = (row: GameRow): GameRecord => ({
  id: row.id,
  guildId: row.guild_id,
  channelId: row.channel_id,
  starterId: row.starter_id,
  mode: row.mode,
  seconds: row.seconds,
  topic: row.topic,
  seed: row.seed,
  questionsJson: row.questions,
  status: row.status,
  endReason: row.end_reason,
  createdAt: new Date(row.created_at),
  endedAt: date(row.ended_at),
});

export const toRound = (row: RoundRow): RoundRecord => ({
  gameId: row.game_id,
  roundNo: row.round_no,
  status: row.status,
  messageId: row.message_id,
  startedAt: new Date(row.started_at),
  deadlineAt: date(row.deadline_at),
  revealedAt: date(row.revealed_at),
});

export const toAnswer = (row: AnswerRow): AnswerRecord => ({
  userId: row.user_id,
  username: row.username,
  choice: row.choice,
  typed: row.typed,
  correct: row.correct === 1,
  basePoints: row.base_points,
  speedPoints: row.speed_points,
  streakPoints: row.streak_points,
  answeredAt: new Date(row.answered_at),
});

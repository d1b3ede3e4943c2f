/**
 * The quiz game state machine: start, post a question, take answers, reveal when time is up,
 * pause, next question, final standings. Every transition is persisted before it is shown, timers
 * run on the injected clock, and `resume` picks unfinished games up again after a restart.
 */
import { randomBytes } from "node:crypto";

import type { Actor } from "../command.js";
import type { Clock } from "../clock.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import type { Logger } from "../log.js";
import { DeliveryError, type Messenger } from "../messenger.js";
import type { GameRecord, QuizRepository, RoundRecord } from "../store/quizRepository.js";
import { generateQuiz, type QuizMode } from "./generate.js";
import { answerMatches } from "./match.js";
import { OPTION_LETTERS, optionLabel, questionListSchema, type Question } from "./question.js";
import { seedFromText } from "./random.js";
import { scoreAnswer } from "./scoring.js";
import { questionView, revealView, standingsView, type RoundInfo } from "./views.js";

/** Pause between a reveal and the next question: time to read the quote, short enough to keep pace. */
export const PAUSE_BETWEEN_QUESTIONS_MS = 5_000;
/**
 * After a restart, a game whose next step was due longer ago than this is ended instead of
 * continued: the players have most likely left, and a question popping up much later confuses.
 */
export const RESUME_GRACE_MS = 5 * 60_000;
/** A typed answer is stored (and echoed) up to this length; longer input is cut. */
const TYPED_ANSWER_MAX = 100;

export interface QuizDeps {
  readonly repository: QuizRepository;
  readonly knowledge: KnowledgeBase;
  readonly messenger: Messenger;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Told of each wrong answer once it is recorded (review cards are made from them). Its failure
   * is logged and never costs the player their answer.
   */
  readonly onWrongAnswer?: (guildId: string, userId: string, question: Question) => Promise<unknown>;
}

export interface StartRequest {
  readonly guildId: string;
  readonly channelId: string;
  readonly starter: Actor;
  readonly questions: number;
  readonly seconds: number;
  readonly topic?: string;
  readonly mode: QuizMode;
  /** What the questions come from: the server's chosen briefing; the service's knowledge when absent. */
  readonly knowledge?: KnowledgeBase;
  /** For tests; otherwise derived from the game id. */
  readonly seed?: number;
}

export type StartResult =
  | { readonly kind: "started"; readonly gameId: string; readonly questions: number }
  | { readonly kind: "busy" }
  | { readonly kind: "cannot-post"; readonly reason: string }
  | { readonly kind: "no-questions" };

export interface AnswerRequest {
  readonly gameId: string;
  readonly roundNo: number;
  readonly guildId: string | null;
  readonly channelId: string;
  readonly user: Actor;
  readonly choice?: number;
  readonly typed?: string;
}

export type AnswerOutcome =
  | { readonly kind: "locked"; readonly label: string }
  | { readonly kind: "duplicate" }
  | { readonly kind: "closed" }
  | { readonly kind: "ended" }
  | { readonly kind: "forged" }
  | { readonly kind: "bot" };

export type StopResult =
  { readonly kind: "stopped" } | { readonly kind: "none" } | { readonly kind: "not-allowed" };

interface LoadedGame {
  readonly record: GameRecord;
  readonly questions: readonly Question[];
}

export class QuizService {
  /** Pending timers per game, so stop and shutdown can cancel them. */
  private readonly timers = new Map<string, () => void>();
  /** Per-game chain of transitions: one game's steps never overlap. */
  private readonly chains = new Map<string, Promise<void>>();
  private stopped = false;
  private readonly questionCache = new Map<string, readonly Question[]>();

  constructor(private readonly deps: QuizDeps) {}

  async start(request: StartRequest): Promise<StartResult> {
    const { repository, messenger, knowledge, clock } = this.deps;
    if ((await repository.runningGameInChannel(request.channelId)) !== undefined) return { kind: "busy" };
    const check = await messenger.checkCanPost(request.channelId);
    if (!check.ok) return { kind: "cannot-post", reason: check.reason };
    const id = randomBytes(6).toString("base64url");
    const seed = request.seed ?? seedFromText(id);
    const questions = generateQuiz(request.knowledge ?? knowledge, {
      count: request.questions,
      seed,
      mode: request.mode,
      ...(request.topic === undefined ? {} : { topic: request.topic }),
    });
    if (questions.length === 0) return { kind: "no-questions" };
    const created = await repository.createGame({
      id,
      guildId: request.guildId,
      channelId: request.channelId,
      starterId: request.starter.id,
      mode: request.mode,
      seconds: request.seconds,
      topic: request.topic ?? null,
      seed,
      questionsJson: JSON.stringify(questions),
      at: clock.now(),
    });
    if (created === "channel-busy") return { kind: "busy" };
    void this.enqueue(id, () => this.postRound(id, 1));
    return { kind: "started", gameId: id, questions: questions.length };
  }

  async answer(request: AnswerRequest): Promise<AnswerOutcome> {
    if (request.user.bot) return { kind: "bot" };
    const { repository, clock } = this.deps;
    // Three reads that do not depend on each other, issued together: with a networked store
    // (PostgreSQL) they cost one round trip instead of three. The streak is read even for a wrong
    // answer, which then ignores it.
    const [game, round, streak] = await Promise.all([
      this.load(request.gameId),
      repository.getRound(request.gameId, request.roundNo),
      repository.streakBefore(request.gameId, request.roundNo, request.user.id),
    ]);
    if (game === undefined) return { kind: "ended" };
    if (game.record.channelId !== request.channelId || game.record.guildId !== request.guildId) {
      return { kind: "forged" };
    }
    if (game.record.status === "ended") return { kind: "ended" };
    const question = game.questions[request.roundNo - 1];
    if (question === undefined || round === undefined || round.status === "posting")
      return { kind: "forged" };
    if (request.choice !== undefined) {
      const buttons = game.record.mode !== "typed" && question.options.length > 0;
      if (!buttons || request.choice < 0 || request.choice >= question.options.length)
        return { kind: "forged" };
    }
    if (round.status !== "open" || round.deadlineAt === null) return { kind: "closed" };
    const now = clock.now();
    const typed = request.typed?.trim().slice(0, TYPED_ANSWER_MAX);
    // Where the options are on screen (mixed mode), typing their letter ("b") picks that option.
    const typedLetter =
      game.record.mode === "mixed" && question.kind !== "truefalse" && typed !== undefined
        ? OPTION_LETTERS.findIndex((letter) => letter === typed.replace(/[^a-z]/gi, "").toUpperCase())
        : -1;
    const correct =
      request.choice !== undefined
        ? request.choice === question.answerIndex
        : typedLetter >= 0 && typedLetter < question.options.length
          ? typedLetter === question.answerIndex
          : typed !== undefined && answerMatches(question.answer, typed, question.alsoAccepted);
    const limitMs = game.record.seconds * 1000;
    const elapsedMs = limitMs - (round.deadlineAt.getTime() - now.getTime());
    const streakBefore = correct ? streak : 0;
    const points = scoreAnswer({ correct, elapsedMs, limitMs, streakBefore });
    const result = await repository.recordAnswer({
      gameId: request.gameId,
      roundNo: request.roundNo,
      guildId: game.record.guildId,
      channelId: game.record.channelId,
      userId: request.user.id,
      username: request.user.username,
      choice: request.choice ?? null,
      typed: typed ?? null,
      correct,
      basePoints: points.base,
      speedPoints: points.speed,
      streakPoints: points.streak,
      at: now,
    });
    if (result === "duplicate") return { kind: "duplicate" };
    if (result === "closed") return { kind: "closed" };
    if (!correct && this.deps.onWrongAnswer !== undefined) {
      await this.deps.onWrongAnswer(game.record.guildId, request.user.id, question).catch((err: unknown) => {
        this.deps.logger.warn(
          { err, userId: request.user.id },
          "quiz: could not add a wrong answer for review",
        );
      });
    }
    const label = request.choice !== undefined ? optionLabel(question, request.choice) : `"${typed ?? ""}"`;
    return { kind: "locked", label };
  }

  /** Stops the channel's game: the starter, or someone allowed to manage messages. */
  async stop(channelId: string, actor: Actor, canManageMessages: boolean): Promise<StopResult> {
    const game = await this.deps.repository.runningGameInChannel(channelId);
    if (game === undefined) return { kind: "none" };
    if (game.starterId !== actor.id && !canManageMessages) return { kind: "not-allowed" };
    this.cancelTimer(game.id);
    await this.enqueue(game.id, async () => {
      const loaded = await this.load(game.id);
      const round = await this.deps.repository.latestRound(game.id);
      if (loaded !== undefined && round !== undefined) await this.reveal(loaded, round);
      await this.finish(game.id, "stopped");
    });
    return { kind: "stopped" };
  }

  /**
   * Picks up every unfinished game of the servers this process serves after a restart. A game's
   * timers belong to one process: other shards' games are theirs to resume.
   */
  async resume(): Promise<void> {
    for (const game of await this.deps.repository.runningGames()) {
      if (!this.deps.messenger.servesGuild(game.guildId)) continue;
      void this.enqueue(game.id, () => this.resumeGame(game.id));
    }
    await this.idle();
  }

  /** Cancels every timer; games stay persisted and are resumed on the next start. */
  shutdown(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    return this.idle();
  }

  /** Resolves once no transition is running (tests use it after moving the clock). */
  async idle(): Promise<void> {
    for (;;) {
      const pending = [...this.chains.values()];
      if (pending.length === 0) return;
      await Promise.all(pending);
      if ([...this.chains.values()].every((chain) => pending.includes(chain))) return;
    }
  }

  private enqueue(gameId: string, step: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(gameId) ?? Promise.resolve();
    const next = previous
      .then(step)
      .catch((err: unknown) => {
        this.deps.logger.error({ err, gameId }, "quiz step failed");
      })
      .finally(() => {
        if (this.chains.get(gameId) === next) this.chains.delete(gameId);
      });
    this.chains.set(gameId, next);
    return next;
  }

  private schedule(gameId: string, ms: number, step: () => Promise<void>): void {
    if (this.stopped) return;
    this.cancelTimer(gameId);
    const cancel = this.deps.clock.setTimeout(() => {
      this.timers.delete(gameId);
      void this.enqueue(gameId, step);
    }, ms);
    this.timers.set(gameId, cancel);
  }

  private cancelTimer(gameId: string): void {
    this.timers.get(gameId)?.();
    this.timers.delete(gameId);
  }

  private async load(gameId: string): Promise<LoadedGame | undefined> {
    const record = await this.deps.repository.getGame(gameId);
    if (record === undefined) return undefined;
    // A game's questions never change once drawn, so each game's JSON is validated only once.
    let questions = this.questionCache.get(gameId);
    if (questions === undefined) {
      const parsed = questionListSchema.safeParse(JSON.parse(record.questionsJson));
      if (!parsed.success) {
        this.deps.logger.error({ gameId }, "stored quiz questions do not parse");
        return undefined;
      }
      questions = parsed.data;
      this.questionCache.set(gameId, questions);
    }
    if (record.status === "ended") this.questionCache.delete(gameId);
    return { record, questions };
  }

  private roundInfo(game: LoadedGame, roundNo: number, deadline: Date): RoundInfo {
    return {
      gameId: game.record.id,
      roundNo,
      total: game.questions.length,
      mode: game.record.mode,
      deadline,
      seconds: game.record.seconds,
    };
  }

  private async postRound(gameId: string, roundNo: number): Promise<void> {
    const { repository, messenger, clock, logger } = this.deps;
    const game = await this.load(gameId);
    const question = game?.questions[roundNo - 1];
    if (game?.record.status !== "running" || question === undefined) return;
    await repository.beginRound(gameId, roundNo, clock.now());
    const limitMs = game.record.seconds * 1000;
    const deadline = new Date(clock.now().getTime() + limitMs);
    let messageId: string;
    try {
      // The nonce makes a re-send after a crash mid-post return the first message, not a second.
      ({ messageId } = await messenger.send(
        game.record.channelId,
        questionView(question, this.roundInfo(game, roundNo, deadline)),
        {
          nonce: `quiz-${gameId}-${roundNo}`,
        },
      ));
    } catch (err) {
      logger.warn({ err, gameId, channelId: game.record.channelId }, "quiz question could not be posted");
      if (err instanceof DeliveryError && err.retryable) {
        this.schedule(gameId, PAUSE_BETWEEN_QUESTIONS_MS, () => this.postRound(gameId, roundNo));
        return;
      }
      await repository.endGame(gameId, "undeliverable", clock.now());
      return;
    }
    // The deadline counts from when the question is out, so a slow post does not eat into it.
    const openedDeadline = new Date(clock.now().getTime() + limitMs);
    await repository.openRound(gameId, roundNo, messageId, openedDeadline);
    this.schedule(gameId, limitMs, () => this.revealAndContinue(gameId, roundNo));
  }

  private async revealAndContinue(gameId: string, roundNo: number): Promise<void> {
    const game = await this.load(gameId);
    const round = await this.deps.repository.getRound(gameId, roundNo);
    if (game?.record.status !== "running" || round === undefined) return;
    await this.reveal(game, round);
    this.continueAfter(game, roundNo, PAUSE_BETWEEN_QUESTIONS_MS);
  }

  private continueAfter(game: LoadedGame, roundNo: number, delayMs: number): void {
    const gameId = game.record.id;
    if (roundNo >= game.questions.length) {
      this.schedule(gameId, delayMs, () => this.finish(gameId, "finished"));
    } else {
      this.schedule(gameId, delayMs, () => this.postRound(gameId, roundNo + 1));
    }
  }

  /** Closes the round (points are already stored with each answer), then edits the reveal in. */
  private async reveal(game: LoadedGame, round: RoundRecord): Promise<void> {
    const { repository, messenger, clock, logger } = this.deps;
    if (round.status === "shown") return;
    if (round.status === "open" || round.status === "posting") {
      await repository.revealRound(game.record.id, round.roundNo, clock.now());
    }
    const question = game.questions[round.roundNo - 1];
    if (round.messageId === null || question === undefined) return;
    const answers = await repository.answers(game.record.id, round.roundNo);
    const info = this.roundInfo(game, round.roundNo, round.deadlineAt ?? clock.now());
    try {
      await messenger.edit(game.record.channelId, round.messageId, revealView(question, info, answers));
      await repository.markShown(game.record.id, round.roundNo);
    } catch (err) {
      logger.warn({ err, gameId: game.record.id }, "quiz reveal could not be shown");
    }
  }

  private async finish(gameId: string, reason: "finished" | "stopped" | "ended-early"): Promise<void> {
    const { repository, messenger, clock, logger } = this.deps;
    this.cancelTimer(gameId);
    const game = await repository.getGame(gameId);
    if (game === undefined || !(await repository.endGame(gameId, reason, clock.now()))) return;
    const standings = await repository.standings(gameId);
    try {
      await messenger.send(
        game.channelId,
        standingsView(standings, { endedEarly: reason === "ended-early", stopped: reason === "stopped" }),
        { nonce: `quiz-${gameId}-end` },
      );
    } catch (err) {
      logger.warn({ err, gameId }, "quiz standings could not be posted");
    }
  }

  private async resumeGame(gameId: string): Promise<void> {
    const { repository, clock, logger } = this.deps;
    const game = await this.load(gameId);
    if (game?.record.status !== "running") return;
    const now = clock.now().getTime();
    const round = await repository.latestRound(gameId);
    const late = (due: number) => now - due > RESUME_GRACE_MS;
    logger.info({ gameId, round: round?.roundNo ?? 0 }, "resuming quiz");
    if (round === undefined || round.status === "posting") {
      const due = round?.startedAt.getTime() ?? game.record.createdAt.getTime();
      if (late(due)) return this.finish(gameId, "ended-early");
      return this.postRound(gameId, round?.roundNo ?? 1);
    }
    if (round.status === "open") {
      const deadline = round.deadlineAt?.getTime() ?? now;
      if (deadline > now) {
        this.schedule(gameId, deadline - now, () => this.revealAndContinue(gameId, round.roundNo));
        return;
      }
      await this.reveal(game, round);
      if (late(deadline)) return this.finish(gameId, "ended-early");
      this.continueAfter(game, round.roundNo, PAUSE_BETWEEN_QUESTIONS_MS);
      return;
    }
    // Revealed (perhaps not yet shown): the next step was due one pause after the reveal.
    if (round.status === "revealed") await this.reveal(game, round);
    const due = (round.revealedAt?.getTime() ?? now) + PAUSE_BETWEEN_QUESTIONS_MS;
    if (late(due)) return this.finish(gameId, "ended-early");
    this.continueAfter(game, round.roundNo, Math.max(0, due - now));
  }
}

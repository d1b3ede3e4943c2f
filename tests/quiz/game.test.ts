import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { quizAnswerId } from "../../src/quiz/customIds.js";
import { questionListSchema, type Question } from "../../src/quiz/question.js";
import { BASE_POINTS } from "../../src/quiz/scoring.js";
import { PAUSE_BETWEEN_QUESTIONS_MS, RESUME_GRACE_MS } from "../../src/quiz/service.js";
import { CHANNEL, GUILD, OTHER_CHANNEL, harness, player, type Harness } from "./helpers.js";

const SECONDS = 10;
let h: Harness;

beforeEach(() => {
  h = harness();
});
afterEach(() => {
  h.cleanup();
});

async function startGame(
  questions = 2,
  seconds = SECONDS,
): Promise<{ gameId: string; questions: Question[] }> {
  const result = await h.service.start({
    guildId: GUILD,
    channelId: CHANNEL,
    starter: player(1),
    questions,
    seconds,
    mode: "buttons",
    seed: 7,
  });
  if (result.kind !== "started") throw new Error(`not started: ${result.kind}`);
  await h.service.idle();
  const game = await h.store.quiz.getGame(result.gameId);
  return {
    gameId: result.gameId,
    questions: questionListSchema.parse(JSON.parse(game?.questionsJson ?? "[]")),
  };
}

const wrongChoice = (question: Question) => (question.answerIndex + 1) % question.options.length;

const answer = (gameId: string, roundNo: number, n: number, choice: number, channelId = CHANNEL) =>
  h.service.answer({ gameId, roundNo, guildId: GUILD, channelId, user: player(n), choice });

describe("a full game", () => {
  it("posts, locks answers, scores before the reveal, reveals by editing, continues and ends with standings", async () => {
    const { gameId, questions } = await startGame(2);
    const [q1, q2] = questions;
    if (q1 === undefined || q2 === undefined) throw new Error("two questions expected");
    expect(h.messenger.titles()).toEqual(["Question 1 of 2"]);

    h.clock.advance(2_000);
    expect(await answer(gameId, 1, 1, q1.answerIndex)).toEqual({
      kind: "locked",
      label: expect.any(String) as string,
    });
    expect(await answer(gameId, 1, 2, wrongChoice(q1))).toMatchObject({ kind: "locked" });
    // A second click is refused and changes nothing.
    expect(await answer(gameId, 1, 2, q1.answerIndex)).toEqual({ kind: "duplicate" });
    expect(
      await h.service.answer({
        gameId,
        roundNo: 1,
        guildId: GUILD,
        channelId: CHANNEL,
        user: player(9, true),
        choice: 0,
      }),
    ).toEqual({ kind: "bot" });

    // The points are in the scores table before anything is revealed.
    const before = await h.store.scores.stats(GUILD, player(1).id);
    expect(before.points).toBeGreaterThan(BASE_POINTS);
    expect(h.messenger.posts[0]?.edits).toHaveLength(0);

    await h.advance(SECONDS * 1000);
    const reveal = h.messenger.posts[0]?.view;
    expect(reveal?.title).toContain(q1.answer);
    expect(reveal?.quotes?.[0]?.quote).toEqual(q1.quote);
    expect(reveal?.description).toContain("2 answered, 1 right");
    expect(reveal?.description).toContain(`${player(1).username} +`);
    expect(reveal?.description).not.toContain(player(2).username);
    expect(reveal?.actions).toEqual([]);
    expect(await answer(gameId, 1, 3, q1.answerIndex)).toEqual({ kind: "closed" });

    await h.advance(PAUSE_BETWEEN_QUESTIONS_MS);
    expect(h.messenger.titles()).toEqual([expect.stringContaining("the answer is"), "Question 2 of 2"]);
    expect(await answer(gameId, 2, 1, q2.answerIndex)).toMatchObject({ kind: "locked" });
    await h.advance(SECONDS * 1000 + PAUSE_BETWEEN_QUESTIONS_MS);

    expect(h.messenger.titles().at(-1)).toBe("Quiz over: final standings");
    const standings = h.messenger.posts.at(-1)?.view.description ?? "";
    expect(standings.indexOf(player(1).username)).toBeGreaterThanOrEqual(0);
    expect(standings.indexOf(player(1).username)).toBeLessThan(standings.indexOf(player(2).username));
    expect((await h.store.quiz.getGame(gameId))?.endReason).toBe("finished");
    const stats = await h.store.scores.stats(GUILD, player(1).id);
    expect(stats).toMatchObject({ answered: 2, correct: 2, gamesPlayed: 1, bestStreak: 2 });
    // The second right answer carried a streak bonus.
    const second = await h.store.quiz.answers(gameId, 2);
    expect(second[0]?.streakPoints).toBeGreaterThan(0);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it("allows one game per channel and says why it cannot post", async () => {
    await startGame(1);
    const again = await h.service.start({
      guildId: GUILD,
      channelId: CHANNEL,
      starter: player(2),
      questions: 1,
      seconds: SECONDS,
      mode: "buttons",
    });
    expect(again).toEqual({ kind: "busy" });
    h.messenger.canPost = { ok: false, reason: "missing Send Messages" };
    const blocked = await h.service.start({
      guildId: GUILD,
      channelId: OTHER_CHANNEL,
      starter: player(2),
      questions: 1,
      seconds: SECONDS,
      mode: "buttons",
    });
    expect(blocked).toEqual({ kind: "cannot-post", reason: "missing Send Messages" });
  });

  it("lets only the starter or a moderator stop the game", async () => {
    const { gameId } = await startGame(3);
    expect(await h.service.stop(CHANNEL, player(2), false)).toEqual({ kind: "not-allowed" });
    expect(await h.service.stop(CHANNEL, player(2), true)).toEqual({ kind: "stopped" });
    expect((await h.store.quiz.getGame(gameId))?.endReason).toBe("stopped");
    expect(h.messenger.posts.at(-1)?.view.description).toContain("stopped");
    expect(h.clock.pendingTimers).toBe(0);
  });
});

describe("forged and stale answers", () => {
  it("rejects another channel's game, a bad choice index, an unposted round, and ended or unknown games", async () => {
    const { gameId, questions } = await startGame(2);
    const q1 = questions[0];
    if (q1 === undefined) throw new Error("question expected");
    expect(await answer(gameId, 1, 1, q1.answerIndex, OTHER_CHANNEL)).toEqual({ kind: "forged" });
    if (q1.kind === "truefalse") expect(await answer(gameId, 1, 1, 3)).toEqual({ kind: "forged" });
    expect(await answer(gameId, 2, 1, 0)).toEqual({ kind: "forged" });
    expect(await answer(gameId, 7, 1, 0)).toEqual({ kind: "forged" });
    expect(await answer("nosuchgame", 1, 1, 0)).toEqual({ kind: "ended" });
    expect(await h.store.quiz.answers(gameId, 1)).toEqual([]);
    expect((await h.store.scores.stats(GUILD, player(1).id)).answered).toBe(0);

    await h.service.stop(CHANNEL, player(1), false);
    expect(await answer(gameId, 1, 1, q1.answerIndex)).toEqual({ kind: "ended" });
    // The codec itself refuses an index no question has.
    expect(quizAnswerId.decode(`quiz:v1:${gameId}:1:7`)).toBeUndefined();
  });
});

describe("50 simultaneous answers", () => {
  it("counts each player exactly once, even when every one of them clicks twice at once", async () => {
    const { gameId, questions } = await startGame(1);
    const q1 = questions[0];
    if (q1 === undefined) throw new Error("question expected");
    const players = Array.from({ length: 50 }, (_, index) => index + 1);
    const results = await Promise.all(
      [...players, ...players].map((n) =>
        answer(gameId, 1, n, n % 2 === 0 ? q1.answerIndex : wrongChoice(q1)),
      ),
    );
    expect(results.filter((r) => r.kind === "locked")).toHaveLength(50);
    expect(results.filter((r) => r.kind === "duplicate")).toHaveLength(50);
    expect(await h.store.quiz.answers(gameId, 1)).toHaveLength(50);
    const board = await h.store.scores.leaderboard(GUILD, { scope: "server", sort: "points", limit: 100 });
    expect(board).toHaveLength(50);
    expect(board.reduce((sum, entry) => sum + entry.answered, 0)).toBe(50);
    expect(board.filter((entry) => entry.correct === 1)).toHaveLength(25);
  });
});

describe("restarts", () => {
  it("keeps waiting for a question whose time is not up, and keeps what was scored", async () => {
    const { gameId, questions } = await startGame(2);
    const q1 = questions[0];
    if (q1 === undefined) throw new Error("question expected");
    h.clock.advance(3_000);
    await answer(gameId, 1, 1, q1.answerIndex);
    const scored = (await h.store.scores.stats(GUILD, player(1).id)).points;

    await h.restart(2_000);
    expect(h.messenger.posts[0]?.edits).toHaveLength(0);
    // Still open: a late-comer can answer after the restart.
    expect(await answer(gameId, 1, 2, q1.answerIndex)).toMatchObject({ kind: "locked" });
    // Started at 0, answered at 3 s, restarted at 5 s: the deadline is still at 10 s.
    await h.advance(4_000);
    expect(h.messenger.posts[0]?.edits).toHaveLength(0);
    await h.advance(1_000);
    expect(h.messenger.posts[0]?.edits).toHaveLength(1);
    expect(h.messenger.posts[0]?.view.description).toContain("2 answered, 2 right");
    await h.advance(PAUSE_BETWEEN_QUESTIONS_MS + SECONDS * 1000 + PAUSE_BETWEEN_QUESTIONS_MS);
    expect(h.messenger.titles()).toEqual([
      expect.any(String),
      expect.any(String),
      "Quiz over: final standings",
    ]);
    expect((await h.store.scores.stats(GUILD, player(1).id)).points).toBe(scored);
  });

  it("reveals a question whose time ran out while down, then carries on", async () => {
    await startGame(2);
    await h.restart(SECONDS * 1000 + 30_000);
    expect(h.messenger.posts[0]?.edits).toHaveLength(1);
    await h.advance(PAUSE_BETWEEN_QUESTIONS_MS);
    expect(h.messenger.titles().at(-1)).toBe("Question 2 of 2");
  });

  it("ends a game cleanly with standings when the bot was down far longer than the grace period", async () => {
    const { gameId, questions } = await startGame(3);
    const q1 = questions[0];
    if (q1 === undefined) throw new Error("question expected");
    await answer(gameId, 1, 1, q1.answerIndex);
    await h.restart(RESUME_GRACE_MS + 60 * 60_000);
    const game = await h.store.quiz.getGame(gameId);
    expect(game).toMatchObject({ status: "ended", endReason: "ended-early" });
    const last = h.messenger.posts.at(-1)?.view;
    expect(last?.title).toBe("Quiz over: final standings");
    expect(last?.description).toContain("ended early");
    expect(last?.description).toContain(player(1).username);
    expect((await h.store.scores.stats(GUILD, player(1).id)).gamesPlayed).toBe(1);
    expect(h.clock.pendingTimers).toBe(0);
    // A new game may start in the channel again.
    expect(
      (
        await h.service.start({
          guildId: GUILD,
          channelId: CHANNEL,
          starter: player(2),
          questions: 1,
          seconds: SECONDS,
          mode: "buttons",
        })
      ).kind,
    ).toBe("started");
  });
});

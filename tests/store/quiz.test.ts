import { describe, expect, it } from "vitest";

import type { NewAnswer } from "../../src/store/quizRepository.js";
import type { Store } from "../../src/store/index.js";
import { spawnScript } from "../helpers/runScript.js";
import { BACKENDS, useDatabases } from "./backends.js";

/** Time for both writer processes to boot tsx and connect before their shared start instant. */
const BOOT_ALLOWANCE_MS = 5_000;
const WRITER_PLAYERS = 200;

/** Runs answerWriter.ts with these arguments to the end; its outcomes, one per player. */
function writer(args: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawnScript("tests/store/fixtures/answerWriter.ts", [...args]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => {
      if (code === 0) resolve(stdout.trim().split("\n"));
      else reject(new Error(`answer writer failed (${String(code)}): ${stderr}`));
    });
  });
}

const GUILD = "200000000000000001";
const CHANNEL = "300000000000000001";
const START = Date.UTC(2026, 2, 1, 12);
const at = (ms: number) => new Date(START + ms);

async function openGame(store: Store, id = "game-1", deadlineMs = 20_000): Promise<void> {
  const created = await store.quiz.createGame({
    id,
    guildId: GUILD,
    channelId: CHANNEL,
    starterId: "starter",
    mode: "buttons",
    seconds: 20,
    topic: null,
    // Above 2^31: the seed is an unsigned 32-bit number.
    seed: 4_000_000_000,
    questionsJson: "[]",
    at: at(0),
  });
  expect(created).toBe("created");
  await store.quiz.beginRound(id, 1, at(0));
  await store.quiz.openRound(id, 1, "message-1", at(deadlineMs));
}

const answer = (userId: string, overrides: Partial<NewAnswer> = {}): NewAnswer => ({
  gameId: "game-1",
  roundNo: 1,
  guildId: GUILD,
  channelId: CHANNEL,
  userId,
  username: `name-${userId}`,
  choice: 1,
  typed: null,
  correct: true,
  basePoints: 100,
  speedPoints: 20,
  streakPoints: 0,
  at: at(1_000),
  ...overrides,
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`QuizRepository on ${backend.title}`, () => {
    const fresh = useDatabases(backend);

    it("keeps one running game per channel, and reads games and rounds back as written", async () => {
      const store = await (await fresh()).open();
      await openGame(store);
      const again = await store.quiz.createGame({
        id: "game-2",
        guildId: GUILD,
        channelId: CHANNEL,
        starterId: "x",
        mode: "typed",
        seconds: 10,
        topic: "t",
        seed: 1,
        questionsJson: "[]",
        at: at(5),
      });
      expect(again).toBe("channel-busy");
      expect(await store.quiz.getGame("game-1")).toMatchObject({
        id: "game-1",
        seed: 4_000_000_000,
        status: "running",
        endReason: null,
        createdAt: at(0),
      });
      expect((await store.quiz.runningGameInChannel(CHANNEL))?.id).toBe("game-1");
      expect((await store.quiz.runningGames()).map((game) => game.id)).toEqual(["game-1"]);
      // Beginning a round twice changes nothing (a resumed game may do so).
      await store.quiz.beginRound("game-1", 1, at(9));
      expect(await store.quiz.getRound("game-1", 1)).toMatchObject({
        status: "open",
        messageId: "message-1",
        startedAt: at(0),
        deadlineAt: at(20_000),
      });
      expect((await store.quiz.latestRound("game-1"))?.roundNo).toBe(1);
    });

    it("records an answer with its score, refuses a second one, and refuses answers after the deadline or the reveal", async () => {
      const store = await (await fresh()).open();
      await openGame(store);
      expect(await store.quiz.recordAnswer(answer("ann"))).toBe("recorded");
      expect(await store.quiz.recordAnswer(answer("ann", { choice: 2, correct: false }))).toBe("duplicate");
      expect(await store.quiz.recordAnswer(answer("bob", { at: at(20_000) }))).toBe("closed");
      expect(await store.quiz.recordAnswer(answer("cat", { correct: false, basePoints: 0 }))).toBe(
        "recorded",
      );
      expect(await store.quiz.streakBefore("game-1", 2, "ann")).toBe(1);
      expect(await store.quiz.streakBefore("game-1", 2, "cat")).toBe(0);

      expect(await store.quiz.revealRound("game-1", 1, at(2_000))).toBe(true);
      expect(await store.quiz.revealRound("game-1", 1, at(2_001))).toBe(false);
      expect(await store.quiz.recordAnswer(answer("dan"))).toBe("closed");
      await store.quiz.markShown("game-1", 1);
      expect((await store.quiz.getRound("game-1", 1))?.status).toBe("shown");

      expect((await store.quiz.answers("game-1", 1)).map((row) => [row.userId, row.correct])).toEqual([
        ["ann", true],
        ["cat", false],
      ]);
      expect(await store.scores.stats(GUILD, "ann")).toMatchObject({ points: 120, answered: 1, correct: 1 });
      expect((await store.scores.stats(GUILD, "dan")).answered).toBe(0);

      expect(await store.quiz.endGame("game-1", "finished", at(3_000))).toBe(true);
      expect(await store.quiz.endGame("game-1", "finished", at(3_001))).toBe(false);
      expect(await store.quiz.getGame("game-1")).toMatchObject({ status: "ended", endReason: "finished" });
      expect((await store.scores.stats(GUILD, "ann")).gamesPlayed).toBe(1);
      expect((await store.scores.stats(GUILD, "cat")).gamesPlayed).toBe(1);
      expect(await store.quiz.runningGames()).toEqual([]);

      expect(await store.quiz.standings("game-1")).toEqual([
        { userId: "ann", username: "name-ann", points: 120, correct: 1, answered: 1 },
        { userId: "cat", username: "name-cat", points: 20, correct: 0, answered: 1 },
      ]);
      expect([...(await store.quiz.playerNames(["cat", "nobody", "ann"])).entries()]).toEqual([
        ["cat", "name-cat"],
        ["ann", "name-ann"],
      ]);
    });

    it("counts each of 50 players once when their clicks reach two processes, double clicks included", async () => {
      const db = await fresh();
      const [one, two] = [await db.open(), await db.open()];
      await openGame(one);
      const players = Array.from({ length: 50 }, (_, index) => `player-${String(index).padStart(2, "0")}`);
      // Every player clicks on both processes at once; every fifth clicks twice more.
      const clicks = players.flatMap((userId, index) => {
        const mine = answer(userId, { correct: index % 3 !== 0, basePoints: index % 3 !== 0 ? 100 : 0 });
        const times = index % 5 === 0 ? 2 : 1;
        return Array.from({ length: times }, () => [
          one.quiz.recordAnswer(mine),
          two.quiz.recordAnswer(mine),
        ]).flat();
      });
      const results = await Promise.all(clicks);
      expect(results.filter((result) => result === "recorded")).toHaveLength(50);
      expect(results.filter((result) => result === "duplicate")).toHaveLength(clicks.length - 50);

      const answers = await two.quiz.answers("game-1", 1);
      expect(answers.map((row) => row.userId).sort()).toEqual(players);
      const board = await one.scores.leaderboard(GUILD, { scope: "server", sort: "points", limit: 100 });
      const expected = players.reduce((sum, _, index) => sum + (index % 3 !== 0 ? 120 : 20), 0);
      expect(board).toHaveLength(50);
      expect(board.reduce((sum, row) => sum + row.points, 0)).toBe(expected);
      expect(board.every((row) => row.answered === 1)).toBe(true);
    });

    it("records each player once when two processes receive the same 200 clicks at the same instant", async () => {
      const db = await fresh();
      const store = await db.open();
      // A deadline in real time: the writers answer with the system clock.
      await openGame(store, "game-1", Date.now() - START + 3_600_000);
      const target = db.target.dialect === "sqlite" ? db.target.path : db.target.url;
      const startAt = String(Date.now() + BOOT_ALLOWANCE_MS);
      const runs = await Promise.all([0, 1].map(() => writer([target, startAt, String(WRITER_PLAYERS)])));
      const outcomes = runs.flat();
      expect(outcomes.filter((outcome) => outcome === "recorded")).toHaveLength(WRITER_PLAYERS);
      expect(outcomes.filter((outcome) => outcome === "duplicate")).toHaveLength(WRITER_PLAYERS);
      expect(await db.rows("SELECT COUNT(*) AS n FROM quiz_answers")).toEqual([{ n: WRITER_PLAYERS }]);
      expect(await db.rows("SELECT SUM(answered) AS n FROM scores")).toEqual([{ n: WRITER_PLAYERS }]);
    }, 30_000);

    it("never records an answer after the reveal that another process commits at the same moment", async () => {
      const db = await fresh();
      const [one, two] = [await db.open(), await db.open()];
      await openGame(one);
      const players = Array.from({ length: 40 }, (_, index) => `late-${index}`);
      const answering = players.map((userId, index) =>
        (index % 2 === 0 ? one : two).quiz.recordAnswer(answer(userId)),
      );
      const revealed = two.quiz.revealRound("game-1", 1, at(1_500));
      expect(await revealed).toBe(true);
      // What the reveal shows is read as soon as it commits: no answer may be added after that.
      const shownAtReveal = (await two.quiz.answers("game-1", 1)).map((row) => row.userId).sort();
      const results = await Promise.all(answering);
      expect(results.every((result) => result === "recorded" || result === "closed")).toBe(true);
      const recorded = players.filter((_, index) => results[index] === "recorded").sort();
      expect((await one.quiz.answers("game-1", 1)).map((row) => row.userId).sort()).toEqual(shownAtReveal);
      expect(shownAtReveal).toEqual(recorded);
      // Every recorded answer has its points, and no refused one has any.
      const board = await one.scores.leaderboard(GUILD, { scope: "server", sort: "points", limit: 100 });
      expect(board.map((row) => row.userId).sort()).toEqual(recorded);
      // Once revealed, the round takes nothing more, from either process.
      expect(await one.quiz.recordAnswer(answer("after-1"))).toBe("closed");
      expect(await two.quiz.recordAnswer(answer("after-2"))).toBe("closed");
    });
  });
}

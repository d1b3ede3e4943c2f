import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { ManualClock } from "../../src/clock.js";
import { openDatabase } from "../../src/store/database.js";
import { createStore } from "../../src/store/index.js";
import { applyScore } from "../../src/store/sqlite/scores.js";
import { BACKENDS, useDatabases } from "./backends.js";
import { useTempDir } from "./tempDb.js";

const tempDir = useTempDir();
const G = "guild-1";

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`ScoreRepository on ${backend.title}`, () => {
    const fresh = useDatabases(backend);

    it("tracks points, accuracy and streaks per channel, and sums them per user", async () => {
      const clock = new ManualClock(Date.UTC(2026, 2, 1));
      const store = await (await fresh()).open();
      const answer = async (
        channelId: string,
        userId: string,
        correct: boolean,
        points = correct ? 10 : 0,
      ) => {
        clock.advance(1_000);
        return store.scores.addResult({ guildId: G, channelId, userId, points, correct, at: clock.now() });
      };
      await answer("c1", "ann", true);
      await answer("c1", "ann", true);
      await answer("c1", "ann", true);
      const broken = await answer("c1", "ann", false);
      expect(broken).toMatchObject({
        points: 30,
        answered: 4,
        correct: 3,
        currentStreak: 0,
        bestStreak: 3,
      });
      const resumed = await answer("c1", "ann", true);
      expect(resumed).toMatchObject({ currentStreak: 1, bestStreak: 3 });
      const elsewhere = await answer("c2", "ann", true, 5);
      expect(elsewhere).toMatchObject({ points: 5, answered: 1, currentStreak: 1, bestStreak: 1 });
      expect(elsewhere.updatedAt).toEqual(clock.now());

      const stats = await store.scores.stats(G, "ann");
      expect(stats).toMatchObject({ points: 45, answered: 6, correct: 5, bestStreak: 3, rank: 1 });
      expect(stats.accuracy).toBeCloseTo(5 / 6);
      expect(stats.channels.map((row) => row.channelId)).toEqual(["c2", "c1"]);

      const nobody = await store.scores.stats(G, "nobody");
      expect(nobody).toMatchObject({ points: 0, answered: 0, accuracy: 0, rank: null, channels: [] });
    });

    it("ranks by points, accuracy (with a minimum) or games, per server or per channel", async () => {
      const store = await (await fresh()).open();
      const at = new Date("2026-03-01T00:00:00Z");
      const play = (channelId: string, userId: string, results: readonly boolean[]) =>
        store.scores.addResults(
          results.map((correct) => ({
            guildId: G,
            channelId,
            userId,
            points: correct ? 10 : 0,
            correct,
            at,
          })),
        );
      await play("c1", "ann", [true, true, true, true, false, false]); // 40 pts, 4/6
      await play("c1", "bob", [true, true]); // 20 pts, 2/2 (too few for accuracy)
      await play("c2", "bob", [true, true, true]); // server: 50 pts, 5/5
      await play("c2", "cat", [true, true, true, true, false]); // 40 pts, 4/5
      await play("c1", "dan", [false]);
      await store.scores.addResult({
        guildId: "other-guild",
        channelId: "c1",
        userId: "eve",
        points: 999,
        correct: true,
        at,
      });
      await store.scores.recordGamePlayed({
        guildId: G,
        channelId: "c1",
        userIds: ["ann", "bob", "zed", "ann"],
        at,
      });
      await store.scores.recordGamePlayed({ guildId: G, channelId: "c2", userIds: ["bob"], at });

      const board = (query: Parameters<typeof store.scores.leaderboard>[1]) =>
        store.scores.leaderboard(G, query).then((rows) => rows.map((row) => `${row.rank}:${row.userId}`));

      // ann and cat tie on points and correct answers; cat needed fewer tries, so is listed first.
      expect(await board({ scope: "server", sort: "points" })).toEqual(["1:bob", "2:cat", "2:ann", "4:dan"]);
      expect(await board({ scope: "channel", channelId: "c1", sort: "points" })).toEqual([
        "1:ann",
        "2:bob",
        "3:dan",
      ]);
      expect(await board({ scope: "server", sort: "accuracy", minAnsweredForAccuracy: 5 })).toEqual([
        "1:bob",
        "2:cat",
        "3:ann",
      ]);
      expect(
        await board({ scope: "channel", channelId: "c1", sort: "accuracy", minAnsweredForAccuracy: 5 }),
      ).toEqual(["1:ann"]);
      // "zed" played a game without answering; he still counts on the games board. Duplicates count once.
      expect(await board({ scope: "server", sort: "games" })).toEqual(["1:bob", "2:ann", "3:zed"]);
      expect(await board({ scope: "server", sort: "points", limit: 2 })).toEqual(["1:bob", "2:cat"]);

      const [top] = await store.scores.leaderboard(G, { scope: "server", sort: "points" });
      expect(top).toEqual({
        rank: 1,
        userId: "bob",
        points: 50,
        answered: 5,
        correct: 5,
        accuracy: 1,
        gamesPlayed: 2,
        bestStreak: 3,
      });
      expect((await store.scores.stats(G, "cat")).rank).toBe(2);

      await expect(store.scores.leaderboard(G, { scope: "channel", sort: "points" })).rejects.toThrow(
        /channelId/,
      );
      await expect(
        store.scores.leaderboard(G, { scope: "server", sort: "points", limit: 0 }),
      ).rejects.toThrow();
    });

    it("applies a batch all-or-nothing", async () => {
      const store = await (await fresh()).open();
      const at = new Date();
      const good = { guildId: G, channelId: "c", userId: "ann", points: 10, correct: true, at };
      await expect(store.scores.addResults([good, { ...good, userId: "" }])).rejects.toThrow();
      expect((await store.scores.stats(G, "ann")).answered).toBe(0);
    });

    it("adds up 1,000 concurrent updates for 50 users exactly", async () => {
      const db = await fresh();
      // Two stores on one database: two processes, each with its own connections.
      const stores = [await db.open(), await db.open()];
      const users = Array.from({ length: 50 }, (_, index) => `user-${index}`);
      const at = new Date("2026-03-01T00:00:00Z");
      const expected = new Map<string, { points: number; answered: number; correct: number }>();
      const updates = Array.from({ length: 1_000 }, (_, index) => {
        const userId = users[(index * 7) % users.length] ?? "";
        const correct = index % 3 !== 0;
        const points = correct ? (index % 11) + 1 : 0;
        const channelId = index % 2 === 0 ? "c-even" : "c-odd";
        const total = expected.get(userId) ?? { points: 0, answered: 0, correct: 0 };
        expected.set(userId, {
          points: total.points + points,
          answered: total.answered + 1,
          correct: total.correct + (correct ? 1 : 0),
        });
        return { guildId: G, channelId, userId, points, correct, at };
      });

      // Interleave the calls with other async work so they really are in flight together.
      await Promise.all(
        updates.map(async (delta, index) => {
          if (index % 2 === 0) await Promise.resolve();
          await stores[index % 2]?.scores.addResult(delta);
        }),
      );
      for (const store of stores) await store.close();

      const reopened = await db.open();
      let grandTotal = 0;
      for (const userId of users) {
        const stats = await reopened.scores.stats(G, userId);
        expect({ points: stats.points, answered: stats.answered, correct: stats.correct }).toEqual(
          expected.get(userId),
        );
        grandTotal += stats.answered;
      }
      expect(grandTotal).toBe(1_000);
    });
  });
}

describe("ScoreRepository on sqlite only", () => {
  it("lets another repository fold a score update into its own transaction", () => {
    const db = openDatabase(join(tempDir(), "helper.sqlite"));
    const store = createStore(db);
    const at = new Date();
    try {
      expect(() =>
        db.transaction(() => {
          applyScore(db, { guildId: G, channelId: "c", userId: "ann", points: 10, correct: true, at });
          throw new Error("the answer insert failed");
        })(),
      ).toThrow("the answer insert failed");
      return expect(store.scores.stats(G, "ann")).resolves.toMatchObject({ answered: 0, points: 0 });
    } finally {
      void store.close();
    }
  });
});

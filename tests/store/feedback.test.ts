import { describe, expect, it } from "vitest";

import type { Citation } from "../../src/knowledge/types.js";
import { toEvalQuestion, toJsonLines } from "../../src/store/feedbackExport.js";
import { BACKENDS, useDatabases } from "./backends.js";

const citation: Citation = { briefing: "china-rust-belt", hash: "0123456789ab", paragraph: 2, sentence: 1 };
const t0 = new Date("2026-03-01T12:00:00Z");
const t1 = new Date("2026-03-01T12:05:00Z");

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`FeedbackRepository on ${backend.title}`, () => {
    const fresh = useDatabases(backend);

    it("updates a user's vote on the same answer instead of duplicating it", async () => {
      const store = await (await fresh()).open();
      const base = { question: "What is Dongbei?", citation, userId: "u1", guildId: "g1" } as const;
      const first = await store.feedback.record({ ...base, vote: "up", at: t0 });
      expect(first.outcome).toBe("created");
      // Same question up to case and spacing, same citation: the same vote, changed.
      const second = await store.feedback.record({
        ...base,
        question: "what is  dongbei?",
        vote: "wrong-citation",
        at: t1,
      });
      expect(second.outcome).toBe("updated");
      expect(second.feedback.id).toBe(first.feedback.id);
      expect(second.feedback.vote).toBe("wrong-citation");
      expect(second.feedback.createdAt).toEqual(t0);
      expect(second.feedback.updatedAt).toEqual(t1);
      expect(second.feedback.question).toBe("What is Dongbei?");

      // A different user, a different citation, or a decline are separate votes.
      await store.feedback.record({ ...base, userId: "u2", vote: "down", at: t1 });
      await store.feedback.record({ ...base, citation: { ...citation, sentence: 2 }, vote: "up", at: t1 });
      await store.feedback.record({ ...base, citation: null, guildId: null, vote: "down", at: t1 });

      const all = await store.feedback.exportAll();
      expect(all).toHaveLength(4);
      expect(all.map((record) => record.id)).toEqual(
        [...all.map((record) => record.id)].sort((a, b) => a - b),
      );
      expect(all[0]).toMatchObject({ userId: "u1", vote: "wrong-citation", citation });
      expect(all[3]).toMatchObject({ citation: null, guildId: null, vote: "down" });

      expect(await store.feedback.list({ vote: "down" })).toHaveLength(2);
      expect(await store.feedback.list({ limit: 1 })).toHaveLength(1);
    });

    it("keeps one vote when the same click reaches two processes at once", async () => {
      const db = await fresh();
      const [one, two] = [await db.open(), await db.open()];
      for (let round = 0; round < 10; round++) {
        const vote = {
          question: `Question ${round}?`,
          citation,
          userId: "u1",
          guildId: "g1",
          at: t0,
        } as const;
        const results = await Promise.all([
          one.feedback.record({ ...vote, vote: "up" }),
          two.feedback.record({ ...vote, vote: "down" }),
        ]);
        expect(results.map((result) => result.outcome).sort()).toEqual(["created", "updated"]);
        expect(results[0].feedback.id).toBe(results[1].feedback.id);
      }
      expect(await one.feedback.exportAll()).toHaveLength(10);
    });

    it("rejects empty questions and malformed citations", async () => {
      const store = await (await fresh()).open();
      const base = { citation, userId: "u1", guildId: "g1", vote: "up", at: t0 } as const;
      await expect(store.feedback.record({ ...base, question: "   " })).rejects.toThrow(/empty/);
      await expect(
        store.feedback.record({ ...base, question: "q", citation: { ...citation, paragraph: 0 } }),
      ).rejects.toThrow();
      expect(await store.feedback.exportAll()).toEqual([]);
    });
  });
}

describe("feedback export format", () => {
  const record = (vote: "up" | "down" | "wrong-citation", cited: Citation | null) => ({
    id: 7,
    question: "Which three provinces?",
    citation: cited,
    userId: "u",
    guildId: "g",
    vote,
    createdAt: t0,
    updatedAt: t0,
  });

  it("maps each vote to what the bot should have done", () => {
    expect(toEvalQuestion(record("up", citation)).expect).toBe("answer");
    expect(toEvalQuestion(record("up", null)).expect).toBe("decline");
    expect(toEvalQuestion(record("down", citation)).expect).toBe("decline");
    expect(toEvalQuestion(record("down", null)).expect).toBe("answer");
    expect(toEvalQuestion(record("wrong-citation", citation)).expect).toBe("answer");
  });

  it("writes one eval question per line with the shared fields", () => {
    const lines = toJsonLines([record("down", citation), record("up", null)]).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(JSON.parse(lines[0] ?? "")).toEqual({
      id: "feedback-7",
      kind: "feedback",
      q: "Which three provinces?",
      expect: "decline",
      must_quote_any: [],
      vote: "down",
      citation,
    });
  });
});

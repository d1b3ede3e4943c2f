import { describe, expect, it } from "vitest";

import { readOnce } from "../../src/knowledge/reader.js";
import {
  IDLE_UNLOAD_MS,
  Library,
  OWN_BRIEFINGS_MAX,
  answerableQuestions,
} from "../../src/library/library.js";
import { generateQuiz } from "../../src/quiz/generate.js";
import { BACKENDS, useDatabases } from "../store/backends.js";
import { eels, libraryOver, museum, SAME_QUESTION, shippedDeps } from "./helpers.js";

const SHIPPED = "china-rust-belt";

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`Library on ${backend.title}`, () => {
    const fresh = useDatabases(backend);

    it("adds a server's briefing, reads it, and answers from it with citations; nothing of it reaches another server", async () => {
      const db = await fresh();
      const { library } = libraryOver(await db.open());
      const added = await library.add("A", eels(), "admin-a");
      if (!added.ok) throw new Error(added.problem);
      expect(added.briefing).toMatchObject({ id: "harbour-eels", title: "The Harbour Eel Case" });
      expect(answerableQuestions(added.library.answers, "harbour-eels", 3)).toHaveLength(3);
      const museumAdded = await library.add("B", museum(), "admin-b");
      if (!museumAdded.ok) throw new Error(museumAdded.problem);
      expect(museumAdded.briefing.id).toBe("stolen-munch-returned");

      const [a, b, c] = [
        await library.forGuild("A"),
        await library.forGuild("B"),
        await library.forGuild("C"),
      ];
      const cited = (server: typeof a) => {
        const result = server.answers.answer(SAME_QUESTION);
        return result.kind === "answer" ? result.best.citation.briefing : "declined";
      };
      expect(cited(a)).toBe("harbour-eels");
      expect(cited(b)).toBe("stolen-munch-returned");
      expect(cited(c)).not.toMatch(/harbour-eels|stolen-munch-returned/);
      expect(a.knowledge.briefings.map((briefing) => briefing.id)).toEqual([SHIPPED, "harbour-eels"]);
      expect(b.knowledge.briefings.map((briefing) => briefing.id)).toEqual([
        SHIPPED,
        "stolen-munch-returned",
      ]);
      expect(c.knowledge.briefings.map((briefing) => briefing.id)).toEqual([SHIPPED]);
      // Facts (the daily post, /fact) and quizzes come only from the server's own set.
      expect(new Set(a.knowledge.facts.map((fact) => fact.briefing))).toEqual(
        new Set([SHIPPED, "harbour-eels"]),
      );
      const quiz = generateQuiz(a.scoped("harbour-eels"), { count: 5, seed: 7, mode: "buttons" });
      expect(quiz.length).toBeGreaterThan(0);
      for (const question of quiz) expect(question.quote.citation.briefing).toBe("harbour-eels");
      // Autocomplete and suggestions never offer the other server's questions.
      expect(b.answers.suggestQuestions("eels", 25).join(" ")).not.toMatch(/\beels?\b/i);
      expect(a.answers.suggestQuestions("Munch", 25).join(" ")).not.toMatch(/Munch/);
    });

    it("refuses bad input with the problem named, and stores nothing", async () => {
      const db = await fresh();
      const store = await db.open();
      const { library } = libraryOver(store);
      const shippedText = (await import("node:fs")).readFileSync(
        "knowledge/briefings/china-rust-belt.md",
        "utf8",
      );
      const cases: [Parameters<typeof library.add>[1], RegExp][] = [
        [{ ...eels(), fileName: "eels.pdf" }, /not a \.md or \.txt file/],
        [{ ...eels(), text: "x".repeat(20_001) }, /at most 20,000/],
        [{ fileName: museum().fileName, text: museum().text }, /needs the `title` and `publisher`/],
        [{ fileName: "blank.txt", text: "\n\n  \n", title: "Blank", publisher: "Nobody" }, /no paragraphs/],
        [
          {
            fileName: "long.txt",
            text: Array.from({ length: 41 }, (_, n) => `Paragraph ${n}.`).join("\n\n"),
            title: "Long",
            publisher: "P",
          },
          /41 paragraphs; a briefing can have at most 40/,
        ],
        [{ fileName: "copy.md", text: shippedText }, /already exists/],
        [
          { fileName: "copy.md", text: shippedText.replace("id: china-rust-belt", "id: my-copy") },
          /already here/,
        ],
        [{ fileName: "bad.md", text: "---\nid: Bad Id\ntitle: T\npublisher: P\n---\nText." }, /id/],
        [{ fileName: "all.txt", text: "Some text here.", title: "All", publisher: "P" }, /reserved/],
      ];
      for (const [upload, problem] of cases) {
        const result = await library.add("A", upload, "admin");
        expect(result.ok, String(problem)).toBe(false);
        if (!result.ok) expect(result.problem).toMatch(problem);
      }
      expect(await store.briefings.list("A")).toEqual([]);

      expect((await library.add("A", eels(), "admin")).ok).toBe(true);
      const again = await library.add("A", { ...eels(), fileName: "again.md" }, "admin");
      expect(again.ok ? "added" : again.problem).toMatch(/already has a briefing with the id "harbour-eels"/);
      const renamed = await library.add(
        "A",
        { ...eels(), text: eels().text.replace("id: harbour-eels", "id: eels-2") },
        "admin",
      );
      expect(renamed.ok ? "added" : renamed.problem).toMatch(/already has that text/);
      expect(await store.briefings.list("A")).toHaveLength(1);
      expect(OWN_BRIEFINGS_MAX).toBe(50);
    });

    it("shares one Briefing object, its reading and one engine between servers with the same set", async () => {
      const db = await fresh();
      const { library } = libraryOver(await db.open());
      await library.add("A", eels(), "admin");
      await library.add("B", eels(), "admin");
      const [a, b] = [await library.forGuild("A"), await library.forGuild("B")];
      const briefingA = a.knowledge.getBriefing("harbour-eels");
      expect(briefingA).toBeDefined();
      expect(b.knowledge.getBriefing("harbour-eels")).toBe(briefingA);
      expect(b.knowledge).toBe(a.knowledge);
      expect(b.answers).toBe(a.answers);
      if (briefingA !== undefined) expect(readOnce(briefingA)).toBe(readOnce(briefingA));
      expect(library.stats()).toEqual({ guilds: 2, sets: 1, ownBriefings: 1 });
      // A server without its own shares the shipped knowledge.
      expect((await library.forGuild("C")).knowledge.briefings).toHaveLength(1);
    });

    it("uses the current briefing, clears it on removal, and keeps removed quotes checkable and marked", async () => {
      const db = await fresh();
      const store = await db.open();
      const { library } = libraryOver(store);
      await library.add("A", eels(), "admin");
      expect((await library.use("A", "nope", "admin")).ok).toBe(false);
      const chosen = await library.use("A", "harbour-eels", "admin");
      expect(chosen.ok && chosen.library.current?.id).toBe("harbour-eels");
      const server = await library.forGuild("A");
      const answer = server.answers.answer("Who leads the harbour police?", { briefing: "harbour-eels" });
      if (answer.kind !== "answer") throw new Error("expected an answer");
      expect(library.quotes.verifyQuote(answer.best)).toBe(true);
      expect(library.quotes.retired?.(answer.best.citation)).toBe(false);

      expect(await library.remove("A", "harbour-eels", "admin")).toMatchObject({
        briefingId: "harbour-eels",
      });
      const after = await library.forGuild("A");
      expect(after.current).toBeUndefined();
      expect(after.knowledge.getBriefing("harbour-eels")).toBeUndefined();
      expect(await store.briefings.choice("A")).toEqual({ current: null, daily: null });
      // The quote already given still verifies, and shows as from a removed briefing.
      expect(library.quotes.verifyQuote(answer.best)).toBe(true);
      expect(library.quotes.retired?.(answer.best.citation)).toBe(true);
      expect(library.quotes.verifyQuote({ ...answer.best, text: "Made up." })).toBe(false);
      expect(await library.remove("A", "harbour-eels", "admin")).toBeUndefined();
    });

    it("keeps the read briefings within budget, unloading the servers used longest ago first", async () => {
      const db = await fresh();
      const store = await db.open();
      const { library: unbounded, clock } = libraryOver(store);
      await unbounded.add("A", eels(), "admin");
      await unbounded.add("B", museum(), "admin");
      const library = new Library({ ...shippedDeps(store, clock), loadedBriefingsMax: 1 });
      await library.forGuild("A");
      clock.advance(1_000);
      await library.forGuild("B");
      expect(library.stats()).toEqual({ guilds: 1, sets: 1, ownBriefings: 1 });
      // A comes back: read again, and B (now the oldest) makes room.
      clock.advance(1_000);
      const a = await library.forGuild("A");
      expect(a.answers.answer(SAME_QUESTION)).toMatchObject({
        best: { citation: { briefing: "harbour-eels" } },
      });
      expect(library.stats()).toEqual({ guilds: 1, sets: 1, ownBriefings: 1 });
    });

    it("unloads servers idle for 30 days and reads their briefings again on demand", async () => {
      const db = await fresh();
      const { library, clock } = libraryOver(await db.open());
      await library.add("A", eels(), "admin");
      await library.add("B", museum(), "admin");
      const before = (await library.forGuild("A")).knowledge.getBriefing("harbour-eels");
      clock.advance(IDLE_UNLOAD_MS - 60_000);
      await library.forGuild("B");
      clock.advance(120_000);
      expect(library.sweep()).toBe(1);
      expect(library.stats()).toEqual({ guilds: 1, sets: 1, ownBriefings: 1 });
      const again = await library.forGuild("A");
      const reread = again.knowledge.getBriefing("harbour-eels");
      expect(reread).toBeDefined();
      expect(reread).not.toBe(before);
      expect(again.answers.answer(SAME_QUESTION)).toMatchObject({
        kind: "answer",
        best: { citation: { briefing: "harbour-eels" } },
      });
      expect(library.stats()).toEqual({ guilds: 2, sets: 2, ownBriefings: 2 });
    });
  });
}

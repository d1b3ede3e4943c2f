/**
 * Crash safety of review: a process SIGKILLed between "Show answer" and grading loses nothing and
 * grades nothing twice, and one killed in the middle of grading leaves every card's revision equal
 * to the grades logged for it (a grade is the card's new state and its log row, or neither).
 */
import { describe, expect, it } from "vitest";

import { systemClock } from "../../src/clock.js";
import { ReviewService } from "../../src/review/service.js";
import { spawnScript } from "../helpers/runScript.js";
import { realKnowledge } from "../quiz/helpers.js";
import { BACKENDS, useDatabases } from "../store/backends.js";
import { CRASH_DECK, CRASH_MEMBER } from "./fixtures/crashMember.js";

/** Runs the reviewer until `killAfter` says so, SIGKILLs it, and returns what it printed. */
function runAndKill(
  target: string,
  mode: "show" | "grade",
  killAfter: (lines: string[]) => boolean,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawnScript("tests/review/fixtures/reviewer.ts", [target, mode]);
    const lines: string[] = [];
    let buffered = "";
    let stderr = "";
    let pid: number | undefined;
    let killed = false;
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const line of parts) {
        const start = /^start pid (\d+)$/.exec(line);
        if (start !== null) pid = Number(start[1]);
        else lines.push(line);
      }
      if (!killed && pid !== undefined && killAfter(lines)) {
        killed = true;
        // The reviewer itself, not tsx's launcher: that is the process holding the database.
        process.kill(pid, "SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("close", () => {
      if (!killed)
        reject(
          new Error(
            `the reviewer ended before it was killed, after ${lines.length} lines (last: ${lines.at(-1) ?? "none"}, pid ${pid ?? "never printed"}): ${stderr}`,
          ),
        );
      else resolve(lines);
    });
  });
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`review crash safety on ${backend.title}`, () => {
    const fresh = useDatabases(backend);
    const targetOf = (db: Awaited<ReturnType<typeof fresh>>) =>
      db.target.dialect === "sqlite" ? db.target.path : db.target.url;

    it(
      "SIGKILL between Show answer and grading loses nothing and grades nothing twice",
      { timeout: 60_000 },
      async () => {
        const db = await fresh();
        const lines = await runAndKill(targetOf(db), "show", (seen) =>
          seen.some((l) => l.startsWith("shown ")),
        );
        const [, cardId = "", revision = "-1"] = lines.find((l) => l.startsWith("shown "))?.split(" ") ?? [];
        const store = await db.open();
        const before = await store.review.card(cardId);
        expect(before?.revision).toBe(Number(revision));
        expect(await db.rows("SELECT COUNT(*) AS n FROM review_log")).toEqual([{ n: 0 }]);
        // The buttons the killed process showed still work once, on the card as it was.
        const review = new ReviewService({
          repository: store.review,
          settings: store.settings,
          knowledge: realKnowledge(),
          clock: systemClock,
        });
        expect((await review.grade(CRASH_DECK, CRASH_MEMBER, cardId, Number(revision), 3)).kind).toBe(
          "graded",
        );
        expect(await review.grade(CRASH_DECK, CRASH_MEMBER, cardId, Number(revision), 3)).toEqual({
          kind: "moved-on",
        });
        expect(await db.rows("SELECT COUNT(*) AS n FROM review_log")).toEqual([{ n: 1 }]);
      },
    );

    it(
      "SIGKILL in the middle of grading leaves every card's state and log in step",
      { timeout: 60_000 },
      async () => {
        const db = await fresh();
        // Somewhere in the middle of the deck: the shipped briefing gives the reviewer 11 cards, and
        // a kill point past them would find the reviewer already finished.
        const killAt = 3 + Math.floor(Math.random() * 6);
        const lines = await runAndKill(targetOf(db), "grade", (seen) => seen.length >= killAt);
        const graded = lines.filter((l) => l.startsWith("graded ")).map((l) => l.split(" ")[1]);
        expect(graded.length).toBeGreaterThanOrEqual(killAt);
        const cards = await db.rows<{ id: string; revision: number; logged: number }>(
          "SELECT c.id, c.revision, (SELECT COUNT(*) FROM review_log l WHERE l.card_id = c.id) AS logged FROM review_cards c",
        );
        for (const card of cards) expect(card.logged, card.id).toBe(card.revision);
        // Everything it said it graded is there, once.
        for (const id of graded) expect(cards.find((c) => c.id === id)?.revision).toBe(1);
      },
    );
  });
}

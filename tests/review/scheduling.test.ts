/**
 * Scheduling is ts-fsrs's, unchanged: after any sequence of grades at any times, the card the store
 * holds (state, due date, stability, difficulty...) equals what ts-fsrs computes directly.
 */
import fc from "fast-check";
import { createEmptyCard, fsrs, generatorParameters, Rating, type Grade } from "ts-fsrs";
import { describe, expect, it } from "vitest";

import { ManualClock } from "../../src/clock.js";
import { toMemory } from "../../src/review/scheduler.js";
import { BACKENDS, useDatabases } from "../store/backends.js";
import { DECK, MEMBER, reviewService } from "./helpers.js";

const GRADES: readonly Grade[] = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy];
const START = Date.UTC(2026, 2, 1, 9);
/** Up to 60 days between reviews: short learning steps and long review intervals alike. */
const MAX_GAP_MINUTES = 60 * 24 * 60;

const gradeSequence = fc.array(
  fc.record({
    rating: fc.integer({ min: 1, max: 4 }),
    gapMinutes: fc.integer({ min: 0, max: MAX_GAP_MINUTES }),
  }),
  { minLength: 1, maxLength: 12 },
);

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`review scheduling on ${backend.title}`, () => {
    const fresh = useDatabases(backend);

    it("stores after every grade exactly what ts-fsrs computes for the same grades and clock", async () => {
      const db = await fresh();
      const store = await db.open();
      let round = 0;
      await fc.assert(
        fc.asyncProperty(gradeSequence, fc.constantFrom(0.8, 0.9, 0.95), async (steps, retention) => {
          round += 1;
          const deck = `${DECK}${round}`;
          await store.settings.update(deck, { desiredRetention: retention }, new Date(START));
          const clock = new ManualClock(START);
          const service = reviewService(store, clock);
          await service.addAll(deck, MEMBER, { briefing: "china-rust-belt" });
          const first = await service.next(deck, MEMBER);
          if (first.kind !== "card") throw new Error("no card due after adding a briefing");
          const cardId = first.shown.card.id;

          const direct = fsrs(generatorParameters({ request_retention: retention }));
          let expected = createEmptyCard(new Date(START));
          for (const [index, { rating, gapMinutes }] of steps.entries()) {
            clock.advance(gapMinutes * 60_000);
            const outcome = await service.grade(deck, MEMBER, cardId, index, rating as 1 | 2 | 3 | 4);
            expect(outcome.kind).toBe("graded");
            expected = direct.next(expected, clock.now(), GRADES[rating - 1] ?? Rating.Good).card;
            const stored = await store.review.card(cardId);
            expect(stored?.memory).toEqual(toMemory(expected));
            expect(stored?.revision).toBe(index + 1);
          }
        }),
        { numRuns: backend.dialect === "sqlite" ? 40 : 15 },
      );
    });

    it("counts a grade once: a second click or a second open message changes nothing", async () => {
      const db = await fresh();
      const store = await db.open();
      const clock = new ManualClock(START);
      const service = reviewService(store, clock);
      expect((await service.addAll(DECK, MEMBER, { briefing: "china-rust-belt" })).added).toBeGreaterThan(5);
      const shown = await service.next(DECK, MEMBER);
      if (shown.kind !== "card") throw new Error("expected a due card");
      const { id, revision } = shown.shown.card;
      const [a, b] = await Promise.all([
        service.grade(DECK, MEMBER, id, revision, 3),
        service.grade(DECK, MEMBER, id, revision, 1),
      ]);
      expect([a.kind, b.kind].sort()).toEqual(["graded", "moved-on"]);
      expect(await service.grade(DECK, MEMBER, id, revision, 4)).toEqual({ kind: "moved-on" });
      expect(await db.rows(`SELECT COUNT(*) AS n FROM review_log WHERE card_id = '${id}'`)).toEqual([
        { n: 1 },
      ]);
      // Someone else's click on the member's card, or a forged revision, grades nothing either.
      expect(await service.grade(DECK, "400000000000000002", id, revision + 1, 3)).toEqual({
        kind: "moved-on",
      });
      expect(await service.grade(DECK, MEMBER, id, revision + 7, 3)).toEqual({ kind: "moved-on" });
    });

    it("adds a sentence once per member, and says when the next card is due", async () => {
      const db = await fresh();
      const store = await db.open();
      const clock = new ManualClock(START);
      const service = reviewService(store, clock);
      expect(await service.next(DECK, MEMBER)).toEqual({ kind: "none", nextDue: undefined });
      const sentence = (await service.addAll(DECK, MEMBER, { briefing: "china-rust-belt" })).sentences;
      expect(await service.addAll(DECK, MEMBER, { briefing: "china-rust-belt" })).toEqual({
        added: 0,
        sentences: sentence,
      });
      let graded = 0;
      for (;;) {
        const next = await service.next(DECK, MEMBER);
        if (next.kind !== "card") {
          expect(next.nextDue?.getTime()).toBeGreaterThan(clock.now().getTime());
          break;
        }
        await service.grade(DECK, MEMBER, next.shown.card.id, next.shown.card.revision, 4);
        graded += 1;
      }
      expect(graded).toBe(sentence);
    });
  });
}

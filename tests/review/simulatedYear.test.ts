/**
 * A year of review, simulated: members check their deck every hour and answer with a seeded model
 * whose memory follows the forgetting curve FSRS assumes. No card is ever shown before it is due,
 * every due card is shown, and the measured retention lands near the desired one.
 */
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { ManualClock } from "../../src/clock.js";
import { schedulerFor, toFsrsCard } from "../../src/review/scheduler.js";
import { openStore } from "../../src/store/index.js";
import { useTempDir } from "../store/tempDb.js";
import { DECK, reviewService, seeded } from "./helpers.js";

const DAYS = 365;
const HOUR_MS = 3_600_000;
/** Enough members that the retention measured has a standard error near half a point. */
const MEMBERS = 8;
/** The bound: measured retention within ±3 points of the desired. */
const TOLERANCE = 0.03;
/** A few seconds per card within a session. */
const SECONDS_PER_CARD = 8;

const tempDir = useTempDir();

describe("a simulated year of review", () => {
  it.each([0.9, 0.8])(
    "shows every due card, none early, and retains about %s",
    { timeout: 120_000 },
    async (retention) => {
      const store = openStore(join(tempDir(), "year.sqlite"));
      const start = Date.UTC(2026, 0, 5, 7);
      const clock = new ManualClock(start);
      const service = reviewService(store, clock);
      await store.settings.update(DECK, { desiredRetention: retention }, clock.now());
      const members = Array.from({ length: MEMBERS }, (_, i) => `40000000000000010${i}`);
      for (const member of members) await service.addAll(DECK, member, {});
      const random = seeded(Math.round(retention * 1000));
      const fsrsModel = schedulerFor(retention);
      let shown = 0;
      let matured = 0;
      let recalled = 0;
      for (let hour = 0; hour < DAYS * 24; hour++) {
        for (const member of members) {
          for (;;) {
            const next = await service.next(DECK, member);
            if (next.kind !== "card") break;
            const { card } = next.shown;
            const now = clock.now();
            expect(card.memory.due.getTime()).toBeLessThanOrEqual(now.getTime());
            // The simulated member remembers with the probability FSRS's memory model gives.
            const p =
              card.memory.state === 0 ? 0 : fsrsModel.get_retrievability(toFsrsCard(card.memory), now, false);
            const remembered = random() < p;
            const r = random();
            const rating = !remembered ? 1 : r < 0.1 ? 2 : r < 0.9 ? 3 : 4;
            if (card.memory.state === 2) {
              matured += 1;
              if (remembered) recalled += 1;
            }
            const outcome = await service.grade(DECK, member, card.id, card.revision, rating);
            expect(outcome.kind).toBe("graded");
            shown += 1;
            clock.advance(SECONDS_PER_CARD * 1000);
          }
          // Every due card was shown: nothing is left due once the member stops.
          expect(await store.review.countDue(DECK, member, clock.now())).toBe(0);
        }
        clock.set(start + (hour + 1) * HOUR_MS);
      }
      const measured = recalled / matured;
      expect(matured).toBeGreaterThan(500);
      expect(shown).toBeGreaterThan(matured);
      expect(Math.abs(measured - retention)).toBeLessThanOrEqual(TOLERANCE);
      // The log agrees with what the simulation counted.
      const days = await store.review.reviewsByDay({ guildId: DECK, userId: null }, new Date(0), clock.now());
      expect(days.reduce((n, d) => n + d.matured, 0)).toBe(matured);
      expect(days.reduce((n, d) => n + d.recalled, 0)).toBe(recalled);
      await store.close();
    },
  );
});

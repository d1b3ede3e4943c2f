/**
 * Review reminders: opt-in only, one DM a day at the member's local time when cards are due, sent
 * once however many processes check, and turned off (with a notice at the next /review) when the
 * member's DMs are closed.
 */
import { describe, expect, it } from "vitest";

import { ManualClock } from "../../src/clock.js";
import { DeliveryError, type Messenger } from "../../src/messenger.js";
import { DMS_CLOSED_NOTICE, ReviewReminders } from "../../src/review/reminders.js";
import type { View } from "../../src/view.js";
import { silentLogger } from "../quiz/helpers.js";
import { BACKENDS, useDatabases } from "../store/backends.js";
import { DECK, MEMBER, reviewService } from "./helpers.js";

function directMessenger(closedFor: ReadonlySet<string> = new Set()) {
  const sent: { userId: string; view: View }[] = [];
  const messenger: Messenger = {
    send: () => Promise.reject(new Error("not used")),
    edit: () => Promise.reject(new Error("not used")),
    checkCanPost: () => Promise.resolve({ ok: true }),
    servesGuild: () => true,
    sendDirect(userId, view) {
      if (closedFor.has(userId))
        return Promise.reject(
          new DeliveryError("dms-closed", false, "Cannot send messages to this user", 50007),
        );
      sent.push({ userId, view });
      return Promise.resolve();
    },
  };
  return { messenger, sent };
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`review reminders on ${backend.title}`, () => {
    const fresh = useDatabases(backend);

    it("sends one DM a day at the local time, only when cards are due, and only once across processes", async () => {
      const db = await fresh();
      const store = await db.open();
      const other = await db.open();
      // 08:00 in Berlin is 07:00 UTC in winter.
      const clock = new ManualClock(Date.UTC(2026, 0, 10, 6, 0));
      const { messenger, sent } = directMessenger();
      const a = new ReviewReminders({ repository: store.review, messenger, clock, logger: silentLogger });
      const b = new ReviewReminders({ repository: other.review, messenger, clock, logger: silentLogger });
      expect(await a.tick()).toBe(0); // nobody opted in
      const on = await a.set(MEMBER, true, "08:00", "Europe/Berlin");
      expect(on.kind === "on" && on.reminder.nextAt.toISOString()).toBe("2026-01-10T07:00:00.000Z");
      clock.set(Date.UTC(2026, 0, 10, 7, 0));
      // Nothing due yet: no message, and the reminder moves to tomorrow.
      expect(await a.tick()).toBe(0);
      expect((await store.review.reminder(MEMBER))?.nextAt.toISOString()).toBe("2026-01-11T07:00:00.000Z");
      await reviewService(store, clock).addAll(DECK, MEMBER, { briefing: "china-rust-belt" });
      clock.set(Date.UTC(2026, 0, 11, 7, 0, 30));
      const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
      expect(fromA + fromB).toBe(1);
      expect(sent.map((m) => m.userId)).toEqual([MEMBER]);
      expect(await a.tick()).toBe(0); // not twice the same day
      expect(await a.set(MEMBER, false)).toEqual({ kind: "off" });
      clock.set(Date.UTC(2026, 0, 12, 7, 0));
      expect(await a.tick()).toBe(0);
    });

    it("turns itself off when DMs are closed, and says so once", async () => {
      const db = await fresh();
      const store = await db.open();
      const clock = new ManualClock(Date.UTC(2026, 5, 1, 12, 0));
      const { messenger } = directMessenger(new Set([MEMBER]));
      const reminders = new ReviewReminders({
        repository: store.review,
        messenger,
        clock,
        logger: silentLogger,
      });
      await reviewService(store, clock).addAll(DECK, MEMBER, { briefing: "china-rust-belt" });
      await reminders.set(MEMBER, true, "13:00", "UTC");
      clock.set(Date.UTC(2026, 5, 1, 13, 0));
      expect(await reminders.tick()).toBe(0);
      expect((await store.review.reminder(MEMBER))?.enabled).toBe(false);
      expect(await reminders.takeNotice(MEMBER)).toBe(DMS_CLOSED_NOTICE);
      expect(await reminders.takeNotice(MEMBER)).toBeUndefined();
    });

    it("refuses a time or zone that is not one", async () => {
      const db = await fresh();
      const store = await db.open();
      const reminders = new ReviewReminders({
        repository: store.review,
        messenger: directMessenger().messenger,
        clock: new ManualClock(),
        logger: silentLogger,
      });
      expect((await reminders.set(MEMBER, true, "25:00", "UTC")).kind).toBe("invalid");
      expect((await reminders.set(MEMBER, true, "09:00", "Mars/Olympus")).kind).toBe("invalid");
      expect(await store.review.reminder(MEMBER)).toBeUndefined();
    });
  });
}

/**
 * Another process holds the SQLite write lock for 10 s while the bot serves Discord. A `/daily set`
 * that needs the lock waits for it off the event loop; an `/ask` sent 0.3 s later is acknowledged
 * with its normal latency (it needs no write), and the `/daily set` is saved once the lock is
 * released. Before the fix the waiting write blocked the event loop, and the /ask was acknowledged
 * after 9.8 s: past Discord's 3 s deadline.
 */
import { afterEach, describe, expect, it } from "vitest";

import { holdWriteLock } from "../helpers/lockHolder.js";
import { startBriefbot, type BriefbotUnderTest } from "./briefbot.js";
import { askFrom, dailySet, embedText, sleep } from "./faults.js";
import { startFakeDiscord, type FakeDiscord } from "./fakeDiscord.js";
import { ADMIN_PERMISSIONS } from "./world.js";

const HOLD_MS = 10_000;
/**
 * An /ask's callback normally arrives in tens of milliseconds; 1 s leaves room for a loaded CI
 * machine and is still a third of Discord's 3 s deadline.
 */
const NORMAL_ACK_MS = 1_000;

let fake: FakeDiscord | undefined;
let briefbot: BriefbotUnderTest | undefined;
afterEach(async () => {
  await briefbot?.stop();
  await fake?.close();
  briefbot = undefined;
  fake = undefined;
});

describe("a database locked by another process", () => {
  it("keeps /ask at its normal latency while /daily set waits for the lock, then saves it", async () => {
    fake = await startFakeDiscord();
    briefbot = await startBriefbot(fake);
    const f = fake;
    // Warm the answer path, so the timed /ask measures waiting, not a first-use cost.
    await f.replyFor(f.injectInteraction(askFrom(f, 0)));

    const lock = await holdWriteLock(briefbot.databasePath, HOLD_MS);
    try {
      const set = f.injectInteraction(dailySet(f, { time: "09:00", timezone: "UTC" }));
      await sleep(300);
      const asks = [1, 2, 3].map((index) => f.injectInteraction(askFrom(f, index)));
      for (const ask of asks) {
        const callback = await f.callbackFor(ask);
        expect(callback.at - ask.sentAt).toBeLessThan(NORMAL_ACK_MS);
      }
      // The /daily set was deferred at once, and has not been answered yet: it is waiting.
      const deferred = await f.callbackFor(set);
      expect(deferred.at - set.sentAt).toBeLessThan(NORMAL_ACK_MS);
      expect(performance.now()).toBeLessThan(lock.lockedAt + HOLD_MS);

      const reply = await f.replyFor(set, HOLD_MS + 5_000);
      expect(performance.now()).toBeGreaterThan(lock.lockedAt + HOLD_MS - 500);
      expect(embedText(reply)).toContain("09:00 (UTC)");
      await lock.released;
      // Saved: /daily status reads it back.
      const status = f.injectInteraction(
        f.slash("daily", { subcommand: "status" }, { permissions: ADMIN_PERMISSIONS }),
      );
      expect(embedText(await f.replyFor(status))).toContain("09:00 (UTC)");
      expect(briefbot.logs.filter((line) => line.level >= 50)).toEqual([]);
    } finally {
      lock.kill();
    }
  }, 30_000);
});

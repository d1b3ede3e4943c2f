/**
 * Another process holds the SQLite write lock. Reads keep answering at once, a write waits off the
 * event loop (timers keep firing) and lands after the release, and a write that outlives its
 * deadline fails with StoreBusyError having applied nothing.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { settle } from "../../src/store/async.js";
import { openDatabase, openStore, StoreBusyError, SYNC_BUSY_TIMEOUT_MS } from "../../src/store/index.js";
import { holdWriteLock } from "../helpers/lockHolder.js";
import { useTempDir } from "./tempDb.js";

const at = new Date("2026-03-01T12:00:00Z");
const HOLD_MS = 1_500;
/**
 * The longest the event loop may stall while a write waits: a few synchronous busy timeouts plus
 * the test runner's own noise. The old 5 s synchronous busy timeout stalled it for the whole hold.
 */
const MAX_LOOP_STALL_MS = 20 * SYNC_BUSY_TIMEOUT_MS;

describe("SQLite store while another process holds the write lock", () => {
  const tempDir = useTempDir();

  it("answers reads at once, waits for the write off the event loop, then applies it", async () => {
    const path = join(tempDir(), "briefbot.sqlite");
    const store = openStore(path);
    await store.settings.update("g1", { timezone: "Europe/Berlin" }, at);
    const lock = await holdWriteLock(path, HOLD_MS);
    try {
      const readStarted = performance.now();
      expect((await store.settings.get("g1")).timezone).toBe("Europe/Berlin");
      expect(performance.now() - readStarted).toBeLessThan(50);

      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const writeStarted = performance.now();
      const written = store.settings.update("g1", { timezone: "Asia/Tokyo" }, at);
      // While the write waits, a read made meanwhile is answered, from the committed state.
      expect((await store.settings.get("g1")).timezone).toBe("Europe/Berlin");
      expect((await written).timezone).toBe("Asia/Tokyo");
      delay.disable();
      const waited = performance.now() - writeStarted;
      expect(waited).toBeGreaterThan(HOLD_MS - 300);
      expect(delay.max / 1e6).toBeLessThan(MAX_LOOP_STALL_MS);
      await lock.released;
      expect((await store.settings.get("g1")).timezone).toBe("Asia/Tokyo");
    } finally {
      lock.kill();
      await store.close();
    }
  });

  it("fails a write past its deadline with StoreBusyError and applies none of its transaction", async () => {
    const path = join(tempDir(), "briefbot.sqlite");
    const db = openDatabase(path);
    db.exec("CREATE TABLE t (n INTEGER)");
    const insertTwo = db.transaction(() => {
      db.prepare("INSERT INTO t VALUES (1)").run();
      db.prepare("INSERT INTO t VALUES (2)").run();
    });
    const count = () => (db.prepare("SELECT COUNT(*) AS n FROM t").get() as { n: number }).n;
    const lock = await holdWriteLock(path, HOLD_MS);
    try {
      const started = performance.now();
      const failure = await settle(
        () => {
          insertTwo.immediate();
        },
        { deadlineMs: 300 },
      ).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(StoreBusyError);
      expect(performance.now() - started).toBeLessThan(HOLD_MS);
      expect(count()).toBe(0);
      await lock.released;
      await settle(
        () => {
          insertTwo.immediate();
        },
        { deadlineMs: 300 },
      );
      expect(count()).toBe(2);
    } finally {
      lock.kill();
      db.close();
    }
  });
});

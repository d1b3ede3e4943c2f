/**
 * The disk fills: SQLite answers SQLITE_FULL. `PRAGMA max_page_count` gives the same error
 * portably (no tmpfs or root needed). The failing write rejects with a typed StoreFullError, the
 * database passes `PRAGMA integrity_check` afterwards with every earlier write intact, and writes
 * succeed again once space returns (the limit is raised).
 */
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { createStore, openDatabase, StoreFullError } from "../../src/store/index.js";
import { useTempDir } from "./tempDb.js";

const at = new Date("2026-03-01T12:00:00Z");
/** More servers than a few free pages hold, so the limit is certainly reached. */
const SERVERS = 5_000;
/** Room left when the disk "fills": a handful of pages past what the schema already uses. */
const SPARE_PAGES = 3;

describe("SQLite store on a full disk", () => {
  const tempDir = useTempDir();

  it("fails the write with StoreFullError, stays intact, and recovers when space returns", async () => {
    const db = openDatabase(join(tempDir(), "briefbot.sqlite"));
    const store = createStore(db);
    try {
      const pages = db.pragma("page_count", { simple: true }) as number;
      db.pragma(`max_page_count = ${pages + SPARE_PAGES}`);
      let saved = 0;
      let failure: unknown;
      for (; saved < SERVERS; saved++) {
        try {
          await store.settings.update(
            `guild-${saved}`,
            { timezone: "Europe/Berlin", askCooldownSeconds: 30 },
            at,
          );
        } catch (error) {
          failure = error;
          break;
        }
      }
      expect(failure).toBeInstanceOf(StoreFullError);
      expect((failure as StoreFullError).code).toBe("SQLITE_FULL");
      expect(saved).toBeGreaterThan(0);
      expect(saved).toBeLessThan(SERVERS);

      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      // Every write before the failure is there; the failed one left nothing.
      expect((await store.settings.get(`guild-${saved - 1}`)).timezone).toBe("Europe/Berlin");
      expect((await store.settings.get(`guild-${saved}`)).timezone).toBeNull();

      db.pragma("max_page_count = 1073741823");
      await store.settings.update(`guild-${saved}`, { timezone: "Asia/Tokyo" }, at);
      expect((await store.settings.get(`guild-${saved}`)).timezone).toBe("Asia/Tokyo");
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      await store.close();
    }
  });
});

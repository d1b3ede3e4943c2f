import { describe, expect, it } from "vitest";

import type { NewBriefing } from "../../src/store/index.js";
import { BACKENDS, useDatabases } from "./backends.js";

const at = new Date("2026-05-01T09:00:00Z");
const later = new Date(at.getTime() + 60_000);

function briefing(n: number, overrides: Partial<NewBriefing> = {}): NewBriefing {
  return {
    guildId: "g1",
    briefingId: `week-${n}`,
    hash: n.toString(16).padStart(12, "0"),
    title: `Week ${n}`,
    source: `---\nid: week-${n}\ntitle: Week ${n}\npublisher: Class\n---\nParagraph ${n}.\n`,
    addedBy: "admin",
    at,
    ...overrides,
  };
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`GuildBriefingRepository on ${backend.title}`, () => {
    const fresh = useDatabases(backend);

    it("adds, lists per server, refuses duplicates by id and by text, and keeps them across reopen", async () => {
      const db = await fresh();
      const store = await db.open();
      const added = await store.briefings.add(briefing(1), 50);
      expect(added).toMatchObject({ kind: "added", briefing: { briefingId: "week-1", addedAt: at } });
      expect(await store.briefings.add(briefing(1, { hash: "00000000000f" }), 50)).toMatchObject({
        kind: "duplicate-id",
        existing: { briefingId: "week-1" },
      });
      expect(await store.briefings.add(briefing(1, { briefingId: "other" }), 50)).toMatchObject({
        kind: "duplicate-text",
        existing: { briefingId: "week-1" },
      });
      // Another server may hold the same text under the same id: servers never see each other's.
      expect((await store.briefings.add(briefing(1, { guildId: "g2" }), 50)).kind).toBe("added");
      await store.close();

      const reopened = await db.open();
      expect((await reopened.briefings.list("g1")).map((row) => row.briefingId)).toEqual(["week-1"]);
      expect((await reopened.briefings.list("g2")).map((row) => row.guildId)).toEqual(["g2"]);
      expect(await reopened.briefings.list("g3")).toEqual([]);
    });

    it("stops at the limit, even when two processes add at the same moment", async () => {
      const db = await fresh();
      const [one, two] = [await db.open(), await db.open()];
      const outcomes = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((n) => (n % 2 === 0 ? one : two).briefings.add(briefing(n), 4)),
      );
      expect(outcomes.filter((outcome) => outcome.kind === "added")).toHaveLength(4);
      expect(outcomes.filter((outcome) => outcome.kind === "full")).toEqual([
        { kind: "full", limit: 4 },
        { kind: "full", limit: 4 },
      ]);
      expect(await one.briefings.list("g1")).toHaveLength(4);
    });

    it("removes a briefing, clears a choice naming it, keeps the row findable, and revives it on a re-add", async () => {
      const db = await fresh();
      const store = await db.open();
      await store.briefings.add(briefing(1), 50);
      await store.briefings.add(briefing(2), 50);
      expect(await store.briefings.choose("g1", { current: "week-1" }, "admin", at)).toEqual({
        current: "week-1",
        daily: null,
      });
      expect(await store.briefings.choose("g1", { daily: "week-2" }, "admin", at)).toEqual({
        current: "week-1",
        daily: "week-2",
      });
      const removed = await store.briefings.remove("g1", "week-1", "mod", later);
      expect(removed).toMatchObject({ briefingId: "week-1", removedBy: "mod", removedAt: later });
      expect(await store.briefings.remove("g1", "week-1", "mod", later)).toBeUndefined();
      expect(await store.briefings.choice("g1")).toEqual({ current: null, daily: "week-2" });
      expect((await store.briefings.list("g1")).map((row) => row.briefingId)).toEqual(["week-2"]);
      expect(await store.briefings.find("g1", "week-1", briefing(1).hash)).toMatchObject({
        removedAt: later,
      });
      expect(await store.briefings.find("g2", "week-1", briefing(1).hash)).toBeUndefined();

      const again = await store.briefings.add(briefing(1, { at: later }), 50);
      expect(again).toMatchObject({ kind: "added", briefing: { removedAt: null, addedAt: later } });
      expect(await store.briefings.list("g1")).toHaveLength(2);
    });

    it("answers no choice for a new server and refuses invalid input without writing", async () => {
      const db = await fresh();
      const store = await db.open();
      expect(await store.briefings.choice("nobody")).toEqual({ current: null, daily: null });
      await expect(store.briefings.add(briefing(1, { briefingId: "Not Kebab" }), 50)).rejects.toThrow(
        /kebab/,
      );
      await expect(store.briefings.add(briefing(1, { hash: "xyz" }), 50)).rejects.toThrow(/hex/);
      expect(await db.rows("SELECT * FROM guild_briefings")).toEqual([]);
    });
  });
}

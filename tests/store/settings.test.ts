import { describe, expect, it } from "vitest";

import { BACKENDS, useDatabases } from "./backends.js";

const at = new Date("2026-03-01T12:00:00Z");

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`GuildSettingsRepository on ${backend.title}`, () => {
    const fresh = useDatabases(backend);

    it("returns defaults for an unknown guild, then merges partial updates and keeps them across reopen", async () => {
      const db = await fresh();
      const store = await db.open();
      expect(await store.settings.get("111")).toEqual({
        guildId: "111",
        timezone: null,
        askCooldownSeconds: null,
        quizCooldownSeconds: null,
        desiredRetention: null,
        updatedAt: null,
      });

      await store.settings.update("111", { timezone: "Europe/Berlin" }, at);
      const later = new Date(at.getTime() + 60_000);
      const updated = await store.settings.update("111", { askCooldownSeconds: 30 }, later);
      expect(updated).toEqual({
        guildId: "111",
        timezone: "Europe/Berlin",
        askCooldownSeconds: 30,
        quizCooldownSeconds: null,
        desiredRetention: null,
        updatedAt: later,
      });
      // Another guild is untouched.
      expect((await store.settings.get("222")).timezone).toBeNull();
      await store.close();

      const reopened = await db.open();
      expect(await reopened.settings.get("111")).toEqual(updated);
      const reset = await reopened.settings.update("111", { timezone: null }, later);
      expect(reset.timezone).toBeNull();
      expect(reset.askCooldownSeconds).toBe(30);
    });

    it("keeps both of two admins' changes to different fields made at the same moment", async () => {
      const db = await fresh();
      // Two stores on one database: two processes, each with its own connections.
      const [one, two] = [await db.open(), await db.open()];
      for (let round = 0; round < 20; round++) {
        const guildId = `g${round}`;
        await Promise.all([
          one.settings.update(guildId, { timezone: "Asia/Tokyo" }, at),
          two.settings.update(guildId, { askCooldownSeconds: round }, at),
        ]);
        expect(await one.settings.get(guildId)).toMatchObject({
          timezone: "Asia/Tokyo",
          askCooldownSeconds: round,
        });
      }
    });

    it("keeps a desired retention as the exact number given, and resets it to the default with null", async () => {
      const store = await (await fresh()).open();
      await store.settings.update("7", { timezone: "UTC" }, at);
      expect((await store.settings.update("7", { desiredRetention: 0.85 }, at)).desiredRetention).toBe(0.85);
      expect(await store.settings.get("7")).toMatchObject({ timezone: "UTC", desiredRetention: 0.85 });
      expect((await store.settings.update("7", { desiredRetention: null }, at)).desiredRetention).toBeNull();
      await expect(store.settings.update("7", { desiredRetention: 0.99 }, at)).rejects.toThrow(
        /at most 0.97/,
      );
      await expect(store.settings.update("7", { desiredRetention: 0.5 }, at)).rejects.toThrow(/at least 0.7/);
    });

    it("rejects invalid values without writing anything", async () => {
      const store = await (await fresh()).open();
      await expect(store.settings.update("1", { timezone: "Mars/Olympus" }, at)).rejects.toThrow(/IANA/);
      await expect(store.settings.update("1", { askCooldownSeconds: -1 }, at)).rejects.toThrow(/negative/);
      await expect(store.settings.update("1", { quizCooldownSeconds: 1.5 }, at)).rejects.toThrow(/whole/);
      await expect(store.settings.update("1", { quizCooldownSeconds: 86_401 }, at)).rejects.toThrow(
        /at most/,
      );
      expect((await store.settings.get("1")).updatedAt).toBeNull();
    });
  });
}

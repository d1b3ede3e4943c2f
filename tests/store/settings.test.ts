import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { openStore } from "../../src/store/index.js";
import { useTempDir } from "./tempDb.js";

const tempDir = useTempDir();
const at = new Date("2026-03-01T12:00:00Z");

describe("GuildSettingsRepository", () => {
  it("returns defaults for an unknown guild, then merges partial updates and keeps them across reopen", async () => {
    const path = join(tempDir(), "settings.sqlite");
    const store = openStore(path);
    expect(await store.settings.get("111")).toEqual({
      guildId: "111",
      timezone: null,
      askCooldownSeconds: null,
      quizCooldownSeconds: null,
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
      updatedAt: later,
    });
    // Another guild is untouched.
    expect((await store.settings.get("222")).timezone).toBeNull();
    store.close();

    const reopened = openStore(path);
    try {
      expect(await reopened.settings.get("111")).toEqual(updated);
      const reset = await reopened.settings.update("111", { timezone: null }, later);
      expect(reset.timezone).toBeNull();
      expect(reset.askCooldownSeconds).toBe(30);
    } finally {
      reopened.close();
    }
  });

  it("rejects invalid values without writing anything", async () => {
    const store = openStore(join(tempDir(), "invalid.sqlite"));
    try {
      await expect(store.settings.update("1", { timezone: "Mars/Olympus" }, at)).rejects.toThrow(/IANA/);
      await expect(store.settings.update("1", { askCooldownSeconds: -1 }, at)).rejects.toThrow(/negative/);
      await expect(store.settings.update("1", { quizCooldownSeconds: 1.5 }, at)).rejects.toThrow(/whole/);
      await expect(store.settings.update("1", { quizCooldownSeconds: 86_401 }, at)).rejects.toThrow(
        /at most/,
      );
      expect((await store.settings.get("1")).updatedAt).toBeNull();
    } finally {
      store.close();
    }
  });
});

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { ConfigError, parseConfig } from "../src/config.js";
import { runScript } from "./helpers/runScript.js";

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const config = parseConfig({});
    expect(config).toEqual({
      discordToken: undefined,
      discordApiUrl: "https://discord.com/api",
      devGuildId: undefined,
      databasePath: "./data/briefbot.sqlite",
      knowledgeDir: "./knowledge",
      logLevel: "info",
      defaultTimeZone: "UTC",
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("treats empty values as unset and trims a trailing slash from the API URL", () => {
    const config = parseConfig({ DISCORD_TOKEN: "", DISCORD_API_URL: "http://127.0.0.1:9999/api/" });
    expect(config.discordToken).toBeUndefined();
    expect(config.discordApiUrl).toBe("http://127.0.0.1:9999/api");
  });

  it.each([
    ["LOG_LEVEL", "loud", 'config: LOG_LEVEL must be one of fatal,error,warn,info,debug,trace (got "loud")'],
    ["DEFAULT_TIMEZONE", "Mars/Olympus", "config: DEFAULT_TIMEZONE must be an IANA time zone"],
    ["DISCORD_DEV_GUILD_ID", "abc", "config: DISCORD_DEV_GUILD_ID must be a Discord id"],
    ["DISCORD_API_URL", "ftp://x", "config: DISCORD_API_URL must be an http(s) URL"],
  ])("rejects a bad %s with a one-line reason", (variable, value, expected) => {
    let error: unknown;
    try {
      parseConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    expect(text.startsWith(expected)).toBe(true);
    expect(text).not.toContain("\n");
  });

  it("accepts valid values", () => {
    const config = parseConfig({
      DISCORD_TOKEN: "abc.def",
      LOG_LEVEL: "debug",
      DEFAULT_TIMEZONE: "America/St_Johns",
      DISCORD_DEV_GUILD_ID: "123456789012345678",
    });
    expect(config.logLevel).toBe("debug");
    expect(config.defaultTimeZone).toBe("America/St_Johns");
    expect(config.devGuildId).toBe("123456789012345678");
  });
});

describe("start-up with a bad environment", () => {
  it("exits 1 with one line naming the variable", () => {
    const cwd = mkdtempSync(join(tmpdir(), "briefbot-config-"));
    const result = runScript("src/main.ts", [], { cwd, env: { LOG_LEVEL: "loud" } });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      'config: LOG_LEVEL must be one of fatal,error,warn,info,debug,trace (got "loud")',
    ]);
  });
});

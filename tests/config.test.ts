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
      databaseUrl: undefined,
      sharding: { kind: "single", shardCount: undefined },
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
    ["DATABASE_URL", "mysql://db/briefbot", "config: DATABASE_URL must be a postgres:// URL"],
    [
      "SHARD_COUNT",
      "0",
      'config: SHARD_COUNT must be a whole number of shards (1 or more) or auto (got "0")',
    ],
    ["SHARD_COUNT", "four", "config: SHARD_COUNT must be a whole number of shards (1 or more) or auto"],
    ["SHARDS_PER_PROCESS", "1.5", "config: SHARDS_PER_PROCESS must be a whole number, 1 or more"],
    ["SHARD_IDS", "0-3,x", 'config: SHARD_IDS must be shard ids or ranges such as 0-3 or 0,2,4-5 (got "x")'],
    ["SHARD_IDS", "3-1", "config: SHARD_IDS has a range that runs backwards (3-1)"],
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

  it("never repeats a database URL, which may hold a password, in its reason", () => {
    expect(() => parseConfig({ DATABASE_URL: "mysql://user:secret@db/briefbot" })).toThrow(
      /^config: DATABASE_URL must be a postgres:\/\/ URL$/,
    );
  });

  it("selects PostgreSQL with DATABASE_URL", () => {
    const url = "postgres://bot:pw@db.internal:5432/briefbot";
    expect(parseConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(parseConfig({ DATABASE_URL: "postgresql://db/briefbot" }).databaseUrl).toBe(
      "postgresql://db/briefbot",
    );
  });

  it("keeps one process unless shard processes are asked for", () => {
    expect(parseConfig({ SHARD_COUNT: "2" }).sharding).toEqual({ kind: "single", shardCount: 2 });
    expect(parseConfig({ SHARD_COUNT: "auto" }).sharding).toEqual({ kind: "single", shardCount: "auto" });
    expect(parseConfig({ SHARDS_PER_PROCESS: "2" }).sharding).toEqual({
      kind: "sharded",
      shardCount: "auto",
      shardsPerProcess: 2,
      shardIds: undefined,
    });
    expect(parseConfig({ SHARD_COUNT: "8", SHARD_IDS: "0-1, 4,6-7" }).sharding).toEqual({
      kind: "sharded",
      shardCount: 8,
      shardsPerProcess: 1,
      shardIds: [0, 1, 4, 6, 7],
    });
  });

  it.each([
    [{ SHARD_IDS: "0-3" }, "config: SHARD_IDS needs SHARD_COUNT set to a number, the same on every machine"],
    [{ SHARD_IDS: "0-3", SHARD_COUNT: "auto" }, "config: SHARD_IDS needs SHARD_COUNT set to a number"],
    [{ SHARD_IDS: "2-4", SHARD_COUNT: "4" }, "config: SHARD_IDS has shard 4, outside 0-3 (SHARD_COUNT=4)"],
  ])("checks SHARD_IDS against SHARD_COUNT: %j", (env, expected) => {
    expect(() => parseConfig(env)).toThrow(expected);
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

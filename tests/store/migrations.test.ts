import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";

import { openDatabase } from "../../src/store/database.js";
import { loadMigrations, migration, MigrationError, runMigrations } from "../../src/store/migrate.js";
import { spawnScript } from "../helpers/runScript.js";
import { useTempDir } from "./tempDb.js";

const tempDir = useTempDir();

const tables = (db: BetterSqlite3.Database) =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);

describe("openDatabase", () => {
  it("creates the missing folder, applies every shipped migration and sets the pragmas", () => {
    const path = join(tempDir(), "nested", "deeper", "bot.sqlite");
    const db = openDatabase(path);
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
      // NORMAL is 1.
      expect(db.pragma("synchronous", { simple: true })).toBe(1);
      expect(db.pragma("busy_timeout", { simple: true })).toBeGreaterThan(0);
      expect(tables(db)).toEqual(expect.arrayContaining(["guild_settings", "answer_feedback", "scores"]));
      const versions = db.prepare<[], { version: number }>("SELECT version FROM schema_migrations").all();
      expect(versions.map((row) => row.version)).toEqual(loadMigrations().map((m) => m.version));
    } finally {
      db.close();
    }
  });

  it("is a no-op the second time and keeps the data", () => {
    const path = join(tempDir(), "bot.sqlite");
    const first = openDatabase(path);
    first
      .prepare("INSERT INTO guild_settings (guild_id, timezone, updated_at) VALUES ('g', 'UTC', 'x')")
      .run();
    const appliedAt = first.prepare("SELECT applied_at FROM schema_migrations ORDER BY version").all();
    first.close();

    const second = openDatabase(path);
    try {
      expect(runMigrations(second).applied).toEqual([]);
      expect(second.prepare("SELECT applied_at FROM schema_migrations ORDER BY version").all()).toEqual(
        appliedAt,
      );
      expect(second.prepare("SELECT COUNT(*) AS n FROM guild_settings").get()).toEqual({ n: 1 });
    } finally {
      second.close();
    }
  });

  it("gives an in-memory database only when asked for one", () => {
    const db = openDatabase(":memory:");
    try {
      expect(tables(db)).toContain("scores");
    } finally {
      db.close();
    }
  });
});

describe("runMigrations", () => {
  const one = migration(1, "001-one", "CREATE TABLE one (id INTEGER PRIMARY KEY) STRICT;");
  const two = migration(2, "002-two", "CREATE TABLE two (id INTEGER PRIMARY KEY) STRICT;");

  it("refuses to start on a database newer than the code, without changing it", () => {
    const path = join(tempDir(), "newer.sqlite");
    openDatabase(path, { migrations: [one, two] }).close();

    let error: unknown;
    try {
      openDatabase(path, { migrations: [one] }).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toBe(
      "database is at migration 2 but this code knows up to 1; refusing to start",
    );
    const db = new BetterSqlite3(path);
    expect(tables(db)).toContain("two");
    db.close();
  });

  it("refuses a database holding a migration the code no longer has", () => {
    const path = join(tempDir(), "dropped.sqlite");
    const three = migration(3, "003-three", "SELECT 1;");
    openDatabase(path, { migrations: [one, two, three] }).close();
    expect(() => openDatabase(path, { migrations: [one, three] })).toThrow(
      "database has migration 2 (002-two) that this code does not know; refusing to start",
    );
  });

  it("refuses an applied migration whose SQL was edited afterwards", () => {
    const path = join(tempDir(), "edited.sqlite");
    openDatabase(path, { migrations: [one] }).close();
    const edited = migration(1, "001-one", "CREATE TABLE one (id INTEGER PRIMARY KEY, x TEXT) STRICT;");
    expect(() => openDatabase(path, { migrations: [edited] })).toThrow(/was changed after it was applied/);
  });

  it("refuses a new migration numbered below one already applied", () => {
    const path = join(tempDir(), "order.sqlite");
    openDatabase(path, { migrations: [two] }).close();
    expect(() => openDatabase(path, { migrations: [one, two] })).toThrow(/must be applied in order/);
  });

  it("rolls a failing migration back completely and records nothing for it", () => {
    const path = join(tempDir(), "broken.sqlite");
    const broken = migration(
      2,
      "002-broken",
      "CREATE TABLE half (id INTEGER); INSERT INTO nowhere VALUES (1);",
    );
    expect(() => openDatabase(path, { migrations: [one, broken] })).toThrow(/migration 002-broken failed/);
    const db = new BetterSqlite3(path);
    try {
      expect(tables(db)).not.toContain("half");
      expect(db.prepare("SELECT version FROM schema_migrations").all()).toEqual([{ version: 1 }]);
    } finally {
      db.close();
    }
  });
});

describe("loadMigrations", () => {
  it("sorts by number and rejects duplicate numbers and bad names", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "010-later.sql"), "SELECT 1;");
    writeFileSync(join(dir, "002-earlier.sql"), "SELECT 1;");
    writeFileSync(join(dir, "README.md"), "not a migration");
    expect(loadMigrations(dir).map((m) => m.name)).toEqual(["002-earlier", "010-later"]);

    writeFileSync(join(dir, "002-again.sql"), "SELECT 1;");
    expect(() => loadMigrations(dir)).toThrow(/share the number 2/);

    const badDir = join(dir, "bad");
    mkdirSync(badDir);
    writeFileSync(join(badDir, "3_oops.sql"), "SELECT 1;");
    expect(() => loadMigrations(badDir)).toThrow(/must be named NNN-description.sql/);
  });

  it("says clearly when the migrations folder is missing", () => {
    expect(() => loadMigrations(join(tempDir(), "absent"))).toThrow(/no migrations folder at .*absent/);
  });

  it("ships uniquely numbered migrations starting at 001", () => {
    const shipped = loadMigrations();
    expect(shipped[0]?.name).toBe("001-settings-feedback-scores");
    expect(new Set(shipped.map((m) => m.version)).size).toBe(shipped.length);
  });
});

describe("several processes starting at once", () => {
  /** Time for every child to boot tsx before the shared start instant, on a slow, busy machine. */
  const BOOT_ALLOWANCE_MS = 6_000;
  const PROCESSES = 8;

  it("migrate a fresh database exactly once, and none of them fails", async () => {
    const path = join(tempDir(), "race.sqlite");
    const startAt = String(Date.now() + BOOT_ALLOWANCE_MS);
    const runs = await Promise.all(
      Array.from({ length: PROCESSES }, () => {
        const child = spawnScript("tests/store/fixtures/openAt.ts", [path, startAt]);
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
          child.on("close", (code) => {
            resolve({ code, stdout, stderr });
          }),
        );
      }),
    );
    const shipped = loadMigrations()
      .map((m) => m.version)
      .join(",");
    for (const run of runs) {
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${shipped}\n`);
    }
  }, 30_000);
});

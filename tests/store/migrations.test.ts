import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";

import { openDatabase } from "../../src/store/database.js";
import { loadMigrations, migration, MigrationError, runMigrations } from "../../src/store/migrate.js";
import type { Migration } from "../../src/store/migrationPlan.js";
import { loadPostgresMigrations } from "../../src/store/postgres/migrate.js";
import { openPostgresStore } from "../../src/store/postgres/store.js";
import { spawnScript } from "../helpers/runScript.js";
import { BACKENDS, useDatabases, type TestDatabase } from "./backends.js";
import { useTempDir } from "./tempDb.js";

const tempDir = useTempDir();

const tables = (db: BetterSqlite3.Database) =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);

describe("the shipped migrations", () => {
  it("ship 005 and 006 in both dialects; 006 (written in parallel with 005) leaves 005 free for a database that took 006 first", () => {
    for (const shipped of [loadMigrations(), loadPostgresMigrations()]) {
      expect(shipped.map((m) => m.version)).toEqual(expect.arrayContaining([5, 6]));
      expect(shipped.find((m) => m.version === 6)?.leavesFree).toEqual([5]);
    }
  });
});

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

/** Opens `db` with exactly `migrations` (not the shipped ones) and closes it again. */
async function openWith(db: TestDatabase, migrations: readonly Migration[]): Promise<void> {
  if (db.target.dialect === "sqlite") {
    openDatabase(db.target.path, { migrations }).close();
    return;
  }
  const store = await openPostgresStore(db.target.url, { migrations });
  await store.close();
}

const TABLES_SQL = {
  sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  postgres:
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
} as const;

const tablesOf = async (db: TestDatabase) =>
  (await db.rows<{ name: string }>(TABLES_SQL[db.dialect])).map((row) => row.name);

/** What opening with `migrations` threw, or undefined. */
async function openError(db: TestDatabase, migrations: readonly Migration[]): Promise<unknown> {
  try {
    await openWith(db, migrations);
    return undefined;
  } catch (error) {
    return error;
  }
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`migrations on ${backend.title}`, () => {
    const fresh = useDatabases(backend);
    // Written in SQL both dialects accept, so each check runs unchanged on both.
    const one = migration(1, "001-one", "CREATE TABLE one (id INTEGER PRIMARY KEY);");
    const two = migration(2, "002-two", "CREATE TABLE two (id INTEGER PRIMARY KEY);");

    it("applies every shipped migration once; a second start is a no-op that keeps the data", async () => {
      const db = await fresh();
      const store = await db.open();
      await store.settings.update("g", { timezone: "UTC" }, new Date());
      await store.close();
      const shipped = (db.dialect === "sqlite" ? loadMigrations() : loadPostgresMigrations()).map(
        (m) => m.version,
      );
      const applied = await db.rows<{ version: number; applied_at: string }>(
        "SELECT version, applied_at FROM schema_migrations ORDER BY version",
      );
      expect(applied.map((row) => row.version)).toEqual(shipped);
      expect(await tablesOf(db)).toEqual(
        expect.arrayContaining([
          "guild_settings",
          "answer_feedback",
          "scores",
          "daily_posts",
          "quiz_answers",
        ]),
      );

      await (await db.open()).close();
      expect(await db.rows("SELECT version, applied_at FROM schema_migrations ORDER BY version")).toEqual(
        applied,
      );
      expect(await db.rows("SELECT COUNT(*) AS n FROM guild_settings")).toEqual([{ n: 1 }]);
    });

    it("refuses to start on a database newer than the code, without changing it", async () => {
      const db = await fresh();
      await openWith(db, [one, two]);
      const error = await openError(db, [one]);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toBe(
        "database is at migration 2 but this code knows up to 1; refusing to start",
      );
      expect(await tablesOf(db)).toContain("two");
    });

    it("refuses a database holding a migration the code no longer has", async () => {
      const db = await fresh();
      const three = migration(3, "003-three", "SELECT 1;");
      await openWith(db, [one, two, three]);
      expect(((await openError(db, [one, three])) as Error).message).toBe(
        "database has migration 2 (002-two) that this code does not know; refusing to start",
      );
    });

    it("refuses an applied migration whose SQL was edited afterwards", async () => {
      const db = await fresh();
      await openWith(db, [one]);
      const edited = migration(1, "001-one", "CREATE TABLE one (id INTEGER PRIMARY KEY, x TEXT);");
      expect(((await openError(db, [edited])) as Error).message).toMatch(/was changed after it was applied/);
    });

    it("refuses a new migration numbered below one already applied", async () => {
      const db = await fresh();
      await openWith(db, [two]);
      expect(((await openError(db, [one, two])) as Error).message).toMatch(/must be applied in order/);
    });

    it("takes a number below one already applied when that one left it free, and no other", async () => {
      const db = await fresh();
      // Three was written in parallel with two, against one: it leaves two's number free.
      const three = migration(
        3,
        "003-three",
        "-- Leaves free: 002 (written in parallel)\nCREATE TABLE three (id INTEGER PRIMARY KEY);",
      );
      const four = migration(4, "004-four", "CREATE TABLE four (id INTEGER PRIMARY KEY);");
      await openWith(db, [one, three]);
      await openWith(db, [one, two, three]);
      expect(await tablesOf(db)).toEqual(expect.arrayContaining(["one", "two", "three"]));
      expect(
        (await db.rows<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version")).map(
          (row) => row.version,
        ),
      ).toEqual([1, 2, 3]);
      // Five left nothing free: a four that turns up after it is refused.
      const five = migration(5, "005-five", "CREATE TABLE five (id INTEGER PRIMARY KEY);");
      await openWith(db, [one, two, three, five]);
      expect(((await openError(db, [one, two, three, four, five])) as Error).message).toMatch(
        /must be applied in order/,
      );
      expect(await tablesOf(db)).not.toContain("four");
    });

    it("rolls a failing migration back completely and records nothing for it", async () => {
      const db = await fresh();
      const broken = migration(
        2,
        "002-broken",
        "CREATE TABLE half (id INTEGER); INSERT INTO nowhere VALUES (1);",
      );
      const error = await openError(db, [one, broken]);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toMatch(/migration 002-broken failed/);
      expect(await tablesOf(db)).not.toContain("half");
      expect(await db.rows("SELECT version FROM schema_migrations")).toEqual([{ version: 1 }]);
    });

    it("lets several processes start at once: the database is migrated exactly once, and none fails", async () => {
      const db = await fresh();
      const target = db.target.dialect === "sqlite" ? db.target.path : db.target.url;
      const startAt = String(Date.now() + BOOT_ALLOWANCE_MS);
      const runs = await Promise.all(
        Array.from({ length: PROCESSES }, () => {
          const child = spawnScript("tests/store/fixtures/openAt.ts", [target, startAt]);
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
      const shipped = (db.dialect === "sqlite" ? loadMigrations() : loadPostgresMigrations())
        .map((m) => m.version)
        .join(",");
      for (const run of runs) {
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(`${shipped}\n`);
      }
    }, 30_000);
  });
}

/** Time for every child to boot tsx before the shared start instant, on a slow, busy machine. */
const BOOT_ALLOWANCE_MS = 6_000;
const PROCESSES = 8;

describe("the two dialects' migrations", () => {
  it("are numbered and named alike", () => {
    const names = (list: readonly Migration[]) => list.map((m) => `${m.version}:${m.name}`);
    expect(names(loadPostgresMigrations())).toEqual(names(loadMigrations()));
  });

  const [sqlite, postgres] = BACKENDS;
  if (sqlite === undefined || postgres === undefined) throw new Error("two backends expected");
  const freshSqlite = useDatabases(sqlite);
  const freshPostgres = useDatabases(postgres);

  it.skipIf(postgres.skip)(
    `build the same tables with the same columns, in the same order${postgres.skip ? ` (postgres ${postgres.title.slice("postgres ".length)})` : ""}`,
    async () => {
      const [lite, pg] = [await freshSqlite(), await freshPostgres()];
      await (await lite.open()).close();
      await (await pg.open()).close();
      const liteColumns: Record<string, string[]> = {};
      for (const table of await tablesOf(lite)) {
        const columns = await lite.rows<{ name: string }>(`PRAGMA table_info("${table}")`);
        liteColumns[table] = columns.map((column) => column.name);
      }
      const pgColumns: Record<string, string[]> = {};
      for (const row of await pg.rows<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
      )) {
        (pgColumns[row.table_name] ??= []).push(row.column_name);
      }
      expect(pgColumns).toEqual(liteColumns);
      // What db:migrate-to-postgres relies on: every table there, copied column by column.
      expect(Object.keys(liteColumns).length).toBeGreaterThanOrEqual(8);
    },
  );
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

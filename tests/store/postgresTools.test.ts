/**
 * The PostgreSQL store's tools, run as users run them (the npm scripts' entry points in a child
 * process) against real databases on the test server: `npm run db:backup` (pg_dump, checked by
 * restoring it with pg_restore) and `npm run db:migrate-to-postgres` (SQLite → empty PostgreSQL).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";

import { connectStore, openStore } from "../../src/store/index.js";
import { COPY_ORDER } from "../../src/store/postgres/copyFromSqlite.js";
import { pgTypes } from "../../src/store/postgres/pool.js";
import { closeAdminPool, freshDatabase, postgresSkipNote, TEST_DATABASE_URL } from "../helpers/postgres.js";
import { runScript } from "../helpers/runScript.js";
import { seedStore } from "./fixtures/seedStore.js";
import { useTempDir } from "./tempDb.js";

const tempDir = useTempDir();

const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const drop of drops.splice(0)) await drop();
});
afterAll(async () => {
  await closeAdminPool();
});

async function database(): Promise<string> {
  const created = await freshDatabase();
  drops.push(created.drop);
  return created.url;
}

/** Every table's rows in a stable order, numbers as numbers, so two databases compare whole. */
async function dumpPostgres(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url, types: pgTypes });
  await client.connect();
  try {
    const tables: Record<string, unknown[]> = {};
    for (const table of COPY_ORDER)
      tables[table] = (await client.query(`SELECT * FROM ${table} ORDER BY 1, 2, 3`)).rows;
    return tables;
  } finally {
    await client.end();
  }
}

function dumpSqlite(path: string): Record<string, unknown[]> {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return Object.fromEntries(
      COPY_ORDER.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all()]),
    );
  } finally {
    db.close();
  }
}

describe.skipIf(TEST_DATABASE_URL === undefined)(`npm run db:backup on postgres${postgresSkipNote}`, () => {
  it("dumps the database while a bot holds it open, in a file pg_restore brings back whole", async () => {
    const url = await database();
    const live = await connectStore({ dialect: "postgres", url });
    try {
      await seedStore(live);
      const file = join(tempDir(), "briefbot.dump");
      const result = runScript("src/cli/dbBackup.ts", [file], { env: { DATABASE_URL: url } });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(
        /^db:backup: wrote .*briefbot\.dump \(pg_dump custom format, 15 tables, \d+ bytes\)/,
      );
      expect(existsSync(`${file}.partial`)).toBe(false);

      const again = runScript("src/cli/dbBackup.ts", [file], { env: { DATABASE_URL: url } });
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/already exists; choose a new file or pass --force/);

      const restoredUrl = await database();
      const restore = spawnSync("pg_restore", ["--no-owner", `--dbname=${restoredUrl}`, file], {
        encoding: "utf8",
      });
      expect(restore.stderr).toBe("");
      expect(restore.status).toBe(0);
      expect(await dumpPostgres(restoredUrl)).toEqual(await dumpPostgres(url));
      // The restored database is a working store: the bot opens it as it is.
      const restored = await connectStore({ dialect: "postgres", url: restoredUrl });
      expect((await restored.quiz.standings("game-1")).map((row) => row.userId)).toEqual(["u1", "u2", "u3"]);
      await restored.close();
    } finally {
      await live.close();
    }
  });

  it("fails with one line, and leaves no file, when the server cannot be reached", () => {
    const file = join(tempDir(), "nowhere.dump");
    const result = runScript("src/cli/dbBackup.ts", [file], {
      env: { DATABASE_URL: "postgres://briefbot:secret@127.0.0.1:1/briefbot" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^db:backup: pg_dump of postgres:\/\/briefbot:\*\*\*@127\.0\.0\.1:1\/briefbot failed: /,
    );
    expect(result.stderr).not.toContain("secret");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(existsSync(file)).toBe(false);
  });
});

describe.skipIf(TEST_DATABASE_URL === undefined)(`npm run db:migrate-to-postgres${postgresSkipNote}`, () => {
  it("copies every table of a SQLite database into an empty PostgreSQL one, then refuses to copy again", async () => {
    const path = join(tempDir(), "briefbot.sqlite");
    const lite = openStore(path);
    await seedStore(lite);
    await lite.close();
    const url = await database();

    const result = runScript("src/cli/migrateToPostgres.ts", ["--from", path], {
      env: { DATABASE_URL: url },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const expected = dumpSqlite(path);
    for (const table of COPY_ORDER) {
      expect(result.stdout).toMatch(
        new RegExp(
          `\\n  ${table} +${expected[table]?.length ?? -1} rows \\(SQLite: ${expected[table]?.length ?? -1}\\)\\n`,
        ),
      );
    }
    const total = Object.values(expected).reduce((sum, rows) => sum + rows.length, 0);
    expect(result.stdout).toContain(`row counts match: ${total} rows in ${COPY_ORDER.length} tables`);
    // Every row, value for value.
    expect(await dumpPostgres(url)).toEqual(expected);

    // The bot carries on in PostgreSQL: a new vote gets the next id, not one already copied.
    const store = await connectStore({ dialect: "postgres", url });
    try {
      const vote = await store.feedback.record({
        question: "New?",
        citation: null,
        userId: "u-new",
        guildId: "g1",
        vote: "up",
        at: new Date(),
      });
      expect(vote.feedback.id).toBe(
        Math.max(...(expected.answer_feedback ?? []).map((row) => (row as { id: number }).id)) + 1,
      );
      expect((await store.daily.getSchedule("g2"))?.disabledReason).toContain("can no longer see");
    } finally {
      await store.close();
    }

    const again = runScript("src/cli/migrateToPostgres.ts", ["--from", path, "--to", url]);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(
      "db:migrate-to-postgres: the PostgreSQL database is not empty (guild_settings has rows); refusing to write into it\n",
    );
    expect((await dumpPostgres(url)).answer_feedback).toHaveLength(
      (expected.answer_feedback ?? []).length + 1,
    );
  });

  it("explains what is missing", () => {
    const noFrom = runScript("src/cli/migrateToPostgres.ts", [], {
      env: { DATABASE_URL: TEST_DATABASE_URL ?? "" },
    });
    expect(noFrom.status).toBe(2);
    expect(noFrom.stderr).toMatch(/^db:migrate-to-postgres: missing --from\nusage: /);
    const noTarget = runScript("src/cli/migrateToPostgres.ts", ["--from", "x.sqlite"]);
    expect(noTarget.status).toBe(2);
    expect(noTarget.stderr).toMatch(/no target: set DATABASE_URL or pass --to/);
    const noFile = runScript("src/cli/migrateToPostgres.ts", ["--from", join(tempDir(), "absent.sqlite")], {
      env: { DATABASE_URL: TEST_DATABASE_URL ?? "" },
    });
    expect(noFile.status).toBe(1);
    expect(noFile.stderr).toMatch(/no SQLite database at .*absent\.sqlite/);
  });
});

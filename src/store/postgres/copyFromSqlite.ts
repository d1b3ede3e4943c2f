/**
 * Moves a bot from SQLite to PostgreSQL: copies every table of a SQLite database into an empty
 * PostgreSQL one, in one transaction, and checks each table's row count before committing. It
 * refuses a target that already holds data, so it can never merge two histories or duplicate one.
 *
 * Both schemas come from this code's migrations (the SQLite file is migrated forward first, as the
 * bot would at start-up), and a test keeps the two dialects' columns identical, so rows copy
 * column by column, values unchanged.
 */
import { existsSync } from "node:fs";

import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";

import { openDatabase } from "../database.js";
import { runPostgresMigrations } from "./migrate.js";
import { createPool, inTransaction, rows, type Queryable } from "./pool.js";

/**
 * Every table the store has, in an order that satisfies the foreign keys (games before rounds
 * before answers). A table missing here stops the copy: it would otherwise be left behind.
 */
export const COPY_ORDER = [
  "guild_settings",
  "answer_feedback",
  "scores",
  "daily_schedules",
  "daily_posts",
  "quiz_games",
  "quiz_rounds",
  "quiz_answers",
  "guild_briefings",
  "guild_briefing_choices",
  "review_cards",
  "review_log",
  "review_members",
  "review_reminders",
] as const;

/** PostgreSQL takes at most 65,535 parameters per statement; a batch stays well under it. */
const MAX_PARAMETERS = 60_000;
/** Rows per INSERT: big enough that round trips do not dominate, small enough to stay quick. */
const MAX_BATCH_ROWS = 1_000;

export class CopyError extends Error {
  override readonly name = "CopyError";
}

export interface TableCopy {
  readonly table: string;
  readonly sqliteRows: number;
  readonly postgresRows: number;
}

function sqliteTables(db: BetterSqlite3.Database): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
    )
    .all()
    .map((row) => row.name);
}

const sqliteColumns = (db: BetterSqlite3.Database, table: string) =>
  db
    .prepare<[], { name: string }>(`PRAGMA table_info("${table}")`)
    .all()
    .map((column) => column.name);

async function postgresColumns(client: Queryable, table: string): Promise<string[]> {
  const found = await rows<{ column_name: string }>(
    client,
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return found.map((row) => row.column_name);
}

async function copyTable(client: Queryable, db: BetterSqlite3.Database, table: string): Promise<void> {
  const columns = sqliteColumns(db, table);
  const theirs = await postgresColumns(client, table);
  if (columns.join(",") !== theirs.join(",")) {
    throw new CopyError(
      `table ${table} has columns ${columns.join(", ")} in SQLite but ${theirs.join(", ")} in PostgreSQL`,
    );
  }
  const batchRows = Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / columns.length));
  const names = columns.map((column) => `"${column}"`).join(", ");
  const insert = async (batch: unknown[][]) => {
    const values = batch.flat();
    const tuples = batch.map(
      (_, row) => `(${columns.map((__, column) => `$${row * columns.length + column + 1}`).join(", ")})`,
    );
    await client.query(`INSERT INTO "${table}" (${names}) VALUES ${tuples.join(", ")}`, values);
  };
  let batch: unknown[][] = [];
  // In rowid order, so ids keep their order; one read transaction keeps the snapshot consistent.
  for (const row of db.prepare(`SELECT ${names} FROM "${table}" ORDER BY rowid`).raw().iterate()) {
    batch.push(row as unknown[]);
    if (batch.length >= batchRows) {
      await insert(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await insert(batch);
}

/**
 * Copies the SQLite database at `sqlitePath` into the (empty) PostgreSQL database at `url`.
 * Throws CopyError, having written nothing, when the target holds data or a count differs.
 */
export async function copySqliteToPostgres(sqlitePath: string, url: string): Promise<TableCopy[]> {
  if (!existsSync(sqlitePath)) throw new CopyError(`no SQLite database at ${sqlitePath}`);
  const db = openDatabase(sqlitePath);
  let pool: pg.Pool | undefined;
  try {
    const tables = sqliteTables(db);
    const unknown = tables.filter((table) => !(COPY_ORDER as readonly string[]).includes(table));
    if (unknown.length > 0)
      throw new CopyError(`the copier does not know the table(s) ${unknown.join(", ")}`);
    pool = createPool(url);
    await runPostgresMigrations(pool);
    return await inTransaction(pool, async (client) => {
      // Nobody writes while we copy: a bot started too early waits for the commit, then sees the data.
      await client.query(`LOCK TABLE ${COPY_ORDER.join(", ")} IN EXCLUSIVE MODE`);
      for (const table of COPY_ORDER) {
        const found = await rows<{ any: boolean }>(client, `SELECT EXISTS (SELECT 1 FROM ${table}) AS any`);
        if (found[0]?.any === true) {
          throw new CopyError(
            `the PostgreSQL database is not empty (${table} has rows); refusing to write into it`,
          );
        }
      }
      db.exec("BEGIN");
      try {
        const copies: TableCopy[] = [];
        for (const table of COPY_ORDER) {
          await copyTable(client, db, table);
          const sqliteRows =
            db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`).get()?.n ?? 0;
          const postgresRows =
            (await rows<{ n: number }>(client, `SELECT COUNT(*) AS n FROM ${table}`))[0]?.n ?? 0;
          if (sqliteRows !== postgresRows) {
            throw new CopyError(
              `${table}: ${sqliteRows} rows in SQLite but ${postgresRows} copied; nothing was kept`,
            );
          }
          copies.push({ table, sqliteRows, postgresRows });
        }
        // New votes continue after the copied ids instead of colliding with them.
        await client.query(
          "SELECT setval(pg_get_serial_sequence('answer_feedback', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM answer_feedback",
        );
        return copies;
      } finally {
        db.exec("COMMIT");
      }
    });
  } finally {
    db.close();
    await pool?.end();
  }
}

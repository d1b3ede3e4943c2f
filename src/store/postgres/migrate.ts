/**
 * Forward-only migrations for PostgreSQL: the numbered files in ./migrations, with the same
 * numbers and names as SQLite's, recorded in `schema_migrations` and checked by the same rules
 * (migrationPlan.ts). Each migration is applied in its own transaction; DDL is transactional in
 * PostgreSQL, so a failing one leaves nothing behind.
 */
import { fileURLToPath } from "node:url";

import type pg from "pg";

import { loadMigrations } from "../migrate.js";
import {
  MigrationError,
  pendingMigrations,
  type AppliedRow,
  type Migration,
  type MigrationReport,
} from "../migrationPlan.js";
import { inTransaction, rows, type Queryable } from "./pool.js";

export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

export function loadPostgresMigrations(dir: string = POSTGRES_MIGRATIONS_DIR): Migration[] {
  return loadMigrations(dir);
}

/**
 * Every process runs the migrations at start-up. A transaction-scoped advisory lock, keyed by the
 * schema, makes them take turns: the second waits, then finds the migration recorded and skips it.
 * (Even CREATE TABLE IF NOT EXISTS can fail when two sessions run it at once.)
 */
async function lockMigrations(client: Queryable): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('briefbot:migrations:' || current_schema()))");
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
}

const APPLIED_SQL = "SELECT version, name, checksum FROM schema_migrations ORDER BY version";

/**
 * Brings the database up to the newest of `migrations`. Safe to call on every start: a second run
 * is a no-op. Throws MigrationError, before changing anything, when the database cannot be trusted.
 */
export async function runPostgresMigrations(
  pool: pg.Pool,
  migrations: readonly Migration[] = loadPostgresMigrations(),
): Promise<MigrationReport> {
  const applied = await inTransaction(pool, async (client) => {
    await lockMigrations(client);
    return rows<AppliedRow>(client, APPLIED_SQL);
  });
  const pending = pendingMigrations(applied, migrations);
  const appliedNow: number[] = [];
  for (const m of pending) {
    await inTransaction(pool, async (client) => {
      await lockMigrations(client);
      // Checked again under the lock: another process may have applied it meanwhile.
      const now = await rows<AppliedRow>(client, APPLIED_SQL);
      pendingMigrations(now, migrations);
      const already = now.find((row) => row.version === m.version);
      if (already !== undefined) {
        if (already.checksum !== m.checksum) {
          throw new MigrationError(`migration ${m.name} was applied elsewhere with different SQL`);
        }
        return;
      }
      try {
        // A simple query (no parameters) may hold several statements, as a migration file does.
        await client.query(m.sql);
      } catch (error) {
        throw new MigrationError(`migration ${m.name} failed: ${(error as Error).message}`);
      }
      await client.query(
        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
        [m.version, m.name, m.checksum, new Date().toISOString()],
      );
      appliedNow.push(m.version);
    });
  }
  return {
    applied: appliedNow,
    version: Math.max(applied.at(-1)?.version ?? 0, migrations.at(-1)?.version ?? 0),
  };
}

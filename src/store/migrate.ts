/**
 * Forward-only schema migrations. Each migration is a numbered SQL file next to this module
 * (`migrations/NNN-description.sql`), applied in its own transaction and recorded in
 * `schema_migrations`. A database that knows more than this code, or whose applied migrations
 * no longer match the files, stops start-up: guessing would risk silently losing data.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type { Database } from "better-sqlite3";

import {
  leavesFreeIn,
  MigrationError,
  pendingMigrations,
  type AppliedRow,
  type Migration,
  type MigrationReport,
} from "./migrationPlan.js";

export { MigrationError, type Migration, type MigrationReport } from "./migrationPlan.js";

export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

/** `001-guild-settings.sql`: three or more digits, a dash, a kebab-case description. */
const MIGRATION_FILE = /^(\d{3,})-([a-z0-9]+(?:-[a-z0-9]+)*)\.sql$/;

const checksumOf = (sql: string): string => createHash("sha256").update(sql).digest("hex");

/** Builds a migration from its SQL text (also handy for tests that need a synthetic one). */
export function migration(version: number, name: string, sql: string): Migration {
  return { version, name, sql, checksum: checksumOf(sql), leavesFree: leavesFreeIn(sql) };
}

/** Reads every migration file in `dir`, sorted by number. Misnamed or duplicate files are errors. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const byVersion = new Map<number, Migration>();
  let files: string[];
  try {
    files = readdirSync(dir).sort();
  } catch {
    // e.g. compiled with bare tsc, which does not copy the .sql files next to the compiled store.
    throw new MigrationError(
      `no migrations folder at ${dir}; the .sql files must ship with the code (npm run build copies them)`,
    );
  }
  for (const file of files) {
    if (!file.endsWith(".sql")) continue;
    const match = MIGRATION_FILE.exec(file);
    if (match === null) {
      throw new MigrationError(`migration file ${file} must be named NNN-description.sql`);
    }
    const version = Number(match[1]);
    const existing = byVersion.get(version);
    if (existing !== undefined) {
      throw new MigrationError(
        `migrations ${existing.name} and ${file} share the number ${version}; renumber one of them`,
      );
    }
    byVersion.set(
      version,
      migration(version, file.replace(/\.sql$/, ""), readFileSync(join(dir, file), "utf8")),
    );
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

/**
 * Brings `db` up to the newest of `migrations`. Safe to call on every start: a second run is a
 * no-op. Throws MigrationError, before changing anything, when the database cannot be trusted.
 */
export function runMigrations(
  db: Database,
  migrations: readonly Migration[] = loadMigrations(),
): MigrationReport {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);

  const applied = db
    .prepare<[], AppliedRow>("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
    .all();
  const pending = pendingMigrations(applied, migrations);

  const record = db.prepare(
    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
  );
  const recorded = db.prepare<[number], { checksum: string }>(
    "SELECT checksum FROM schema_migrations WHERE version = ?",
  );
  const appliedNow: number[] = [];
  for (const m of pending) {
    // IMMEDIATE takes the write lock before looking, so two processes starting together (the bot
    // and a CLI, say) cannot both apply the same migration: the second waits, then skips it.
    db.transaction(() => {
      const already = recorded.get(m.version);
      if (already !== undefined) {
        if (already.checksum !== m.checksum) {
          throw new MigrationError(`migration ${m.name} was applied elsewhere with different SQL`);
        }
        return;
      }
      try {
        db.exec(m.sql);
      } catch (error) {
        throw new MigrationError(`migration ${m.name} failed: ${(error as Error).message}`);
      }
      record.run(m.version, m.name, m.checksum, new Date().toISOString());
      appliedNow.push(m.version);
    }).immediate();
  }
  return {
    applied: appliedNow,
    version: Math.max(applied.at(-1)?.version ?? 0, migrations.at(-1)?.version ?? 0),
  };
}

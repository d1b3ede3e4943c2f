/**
 * The checks both dialects make before migrating: a database that knows more than this code, or
 * whose applied migrations no longer match the files, stops start-up (guessing would risk
 * silently losing data). Pure: the SQLite and PostgreSQL runners read the applied rows and apply
 * what this returns.
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** sha256 of the SQL text, so an edited, already-applied migration is noticed. */
  readonly checksum: string;
  /**
   * Lower numbers this migration leaves free for work done in parallel (a `-- Leaves free: 005`
   * line in its header): a database that has this one may still take those later.
   */
  readonly leavesFree: readonly number[];
}

/** `-- Leaves free: 005, 007 (why)` in a migration's SQL. */
const LEAVES_FREE = /^--\s*leaves free:\s*(\d{3,}(?:\s*,\s*\d{3,})*)/gim;

/** The numbers a migration's SQL says it leaves free (see Migration.leavesFree). */
export function leavesFreeIn(sql: string): number[] {
  return [...sql.matchAll(LEAVES_FREE)].flatMap((match) =>
    (match[1] ?? "").split(",").map((number) => Number(number.trim())),
  );
}

export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

export interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly number[];
  readonly version: number;
}

/** The migrations still to apply, in order. Throws MigrationError when the database cannot be trusted. */
export function pendingMigrations(
  applied: readonly AppliedRow[],
  migrations: readonly Migration[],
): Migration[] {
  const known = new Map(migrations.map((m) => [m.version, m]));
  const newestKnown = migrations.at(-1)?.version ?? 0;
  const newestApplied = applied.at(-1)?.version ?? 0;

  for (const row of applied) {
    const mine = known.get(row.version);
    if (mine === undefined) {
      throw new MigrationError(
        row.version > newestKnown
          ? `database is at migration ${newestApplied} but this code knows up to ${newestKnown}; refusing to start`
          : `database has migration ${row.version} (${row.name}) that this code does not know; refusing to start`,
      );
    }
    if (mine.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${mine.name} was changed after it was applied; add a new migration instead of editing it`,
      );
    }
  }

  const appliedVersions = new Set(applied.map((row) => row.version));
  const pending = migrations.filter((m) => !appliedVersions.has(m.version));
  // A number below the newest applied one may still be taken only when an applied migration above
  // it declared it free: it was written in parallel, against the schema before that one.
  const leftFree = (version: number) =>
    migrations.some(
      (m) => m.version > version && appliedVersions.has(m.version) && m.leavesFree.includes(version),
    );
  const outOfOrder = pending.find((m) => m.version < newestApplied && !leftFree(m.version));
  if (outOfOrder !== undefined) {
    throw new MigrationError(
      `migration ${outOfOrder.name} is older than the database's migration ${newestApplied}; migrations must be applied in order (unless a later one says "-- Leaves free: ${String(outOfOrder.version).padStart(3, "0")}")`,
    );
  }

  return pending;
}

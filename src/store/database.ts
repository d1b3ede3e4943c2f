/** Opens the SQLite database with the settings every part of the store relies on, then migrates it. */
import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

import BetterSqlite3 from "better-sqlite3";

import { SYNC_BUSY_TIMEOUT_MS } from "./async.js";
import { loadMigrations, runMigrations, type Migration } from "./migrate.js";

export type Database = BetterSqlite3.Database;

/**
 * How long opening and migrating wait, synchronously, for another connection's lock before failing
 * with SQLITE_BUSY. Nothing else runs yet at start-up, so blocking costs no one a reply; 5 s only
 * runs out when something is stuck (a backup or an external tool holding the lock), and then an
 * error beats hanging forever. Once open, the connection waits only SYNC_BUSY_TIMEOUT_MS and the
 * repositories retry off the event loop (async.ts).
 */
export const BUSY_TIMEOUT_MS = 5_000;

export const IN_MEMORY = ":memory:";

export interface OpenOptions {
  /** Defaults to the migration files shipped next to the store. */
  readonly migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the database at `path`, in WAL mode with foreign keys on, and
 * applies any pending migrations. Pass ":memory:" only from tests that ask for it.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  const db = path === IN_MEMORY ? new BetterSqlite3(path) : openFile(path);
  try {
    configure(db, path);
    runMigrations(db, options.migrations ?? loadMigrations());
    db.pragma(`busy_timeout = ${SYNC_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    db.close();
    throw isUnwritable(error) ? notWritable(resolve(path), error) : error;
  }
  return db;
}

/**
 * The database cannot be created or written where DATABASE_PATH points. Its message is one line
 * naming the path and what to do, because start-up prints it as the reason it stopped.
 */
export class DatabaseOpenError extends Error {
  override readonly name = "DatabaseOpenError";
}

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "error";
};

/** SQLite's and the file system's ways of saying "you cannot write here". */
const UNWRITABLE = new Set(["SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "EACCES", "EPERM", "EROFS"]);
const isUnwritable = (error: unknown): boolean =>
  UNWRITABLE.has(codeOf(error).split("_").slice(0, 2).join("_"));

const notWritable = (file: string, cause: unknown) =>
  new DatabaseOpenError(
    `cannot write the database ${file} (${codeOf(cause)}): give this user write access to it and its folder, or set DATABASE_PATH to a writable place`,
    { cause },
  );

function openFile(path: string): Database {
  const file = resolve(path);
  const folder = dirname(file);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (cause) {
    throw new DatabaseOpenError(
      `cannot create the database folder ${folder} (${codeOf(cause)}): create it with write access for this user, or set DATABASE_PATH to a writable place`,
      { cause },
    );
  }
  try {
    // Checked up front: SQLite would open a read-only file read-only and fail only at the first write.
    accessSync(folder, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.R_OK | constants.W_OK);
    return new BetterSqlite3(file);
  } catch (cause) {
    throw notWritable(file, cause);
  }
}

/** Between attempts to switch a file to WAL that another process is switching too. */
const WAL_SWITCH_RETRY_MS = 20;

/**
 * Switching to WAL takes an exclusive lock, and SQLite answers SQLITE_BUSY at once, without its
 * busy handler, when another connection holds a lock it is itself waiting to upgrade (several
 * processes opening a fresh file together). Retried until the busy timeout, like any other lock.
 */
function switchToWal(db: Database): unknown {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return db.pragma("journal_mode = WAL", { simple: true });
    } catch (error) {
      if ((error as { code?: unknown }).code !== "SQLITE_BUSY" || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, WAL_SWITCH_RETRY_MS);
    }
  }
}

function configure(db: Database, path: string): void {
  // First, so that even switching to WAL waits for a process that is opening the file too.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const mode = switchToWal(db);
  // WAL is what makes readers never block the writer and crashes lose nothing committed.
  if (path !== IN_MEMORY && mode !== "wal") {
    throw new Error(`database ${path}: could not switch to WAL mode (got ${String(mode)})`);
  }
  db.pragma("foreign_keys = ON");
  // In WAL mode NORMAL keeps every commit across an application crash; only a power loss can
  // drop the last few, which is an acceptable trade for not syncing on every answer.
  db.pragma("synchronous = NORMAL");
}

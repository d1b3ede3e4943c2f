/**
 * Consistent online backups with SQLite's backup API: the bot may keep writing while it runs,
 * and the copy is still a single point-in-time snapshot.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

import BetterSqlite3 from "better-sqlite3";

import { BUSY_TIMEOUT_MS } from "./database.js";

export class BackupError extends Error {
  override readonly name = "BackupError";
}

export interface BackupResult {
  readonly destination: string;
  readonly pages: number;
  readonly bytes: number;
}

export interface BackupOptions {
  /** Replace an existing file at the destination instead of refusing. */
  readonly overwrite?: boolean;
}

/** Copies the database at `source` to `destination`. Throws BackupError with a one-line reason. */
export async function backupDatabase(
  source: string,
  destination: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const from = resolve(source);
  const to = resolve(destination);
  if (from === to) throw new BackupError("the backup file must differ from the database itself");
  if (!existsSync(from)) throw new BackupError(`no database at ${source}`);
  if (existsSync(to) && options.overwrite !== true) {
    throw new BackupError(`${destination} already exists; choose a new file or pass --force`);
  }
  try {
    accessSync(dirname(to), constants.W_OK);
  } catch {
    throw new BackupError(`cannot write to the folder ${dirname(destination)}: missing or not writable`);
  }

  // Opened without running migrations: a backup copies the database as it is, never changes it.
  const db = new BetterSqlite3(from, { fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const { totalPages } = await db.backup(to);
    verify(to);
    return { destination: to, pages: totalPages, bytes: statSync(to).size };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`backup to ${destination} failed: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/** A backup nobody can open is worse than none: check it before reporting success. */
function verify(path: string): void {
  const copy = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const result: unknown = copy.pragma("integrity_check", { simple: true });
    if (result !== "ok")
      throw new BackupError(`the backup at ${path} failed its integrity check: ${String(result)}`);
  } finally {
    copy.close();
  }
}

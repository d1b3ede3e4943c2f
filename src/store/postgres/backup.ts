/**
 * Backups of the PostgreSQL store with PostgreSQL's own tool: `pg_dump --format=custom`, a
 * consistent snapshot even while bots keep writing, restored with `pg_restore`. The copy is
 * checked (pg_restore can read it and it holds the store's tables) before success is reported.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

import { BackupError } from "../backup.js";
import { redactUrl } from "../url.js";

export interface PostgresBackupResult {
  readonly destination: string;
  readonly bytes: number;
  /** Tables whose data the dump holds. */
  readonly tables: number;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly missing: boolean;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", (error: NodeJS.ErrnoException) => {
      done({ code: null, stdout, stderr: error.message, missing: error.code === "ENOENT" });
    });
    child.once("close", (code) => {
      done({ code, stdout, stderr, missing: false });
    });
  });
}

/**
 * The URL without its password, which goes to the tools in PGPASSWORD instead: a password in
 * a command line is visible to every user of the machine (ps).
 */
function connection(url: string): { readonly url: string; readonly env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return {
    url: parsed.toString(),
    env: password === "" ? { ...process.env } : { ...process.env, PGPASSWORD: password },
  };
}

const firstLine = (text: string) => text.trim().split("\n")[0] ?? "";

/** Dumps the database at `url` into `destination` (custom format). Throws BackupError with a one-line reason. */
export async function backupPostgres(
  url: string,
  destination: string,
  options: { readonly overwrite?: boolean } = {},
): Promise<PostgresBackupResult> {
  const to = resolve(destination);
  if (existsSync(to) && options.overwrite !== true) {
    throw new BackupError(`${destination} already exists; choose a new file or pass --force`);
  }
  try {
    accessSync(dirname(to), constants.W_OK);
  } catch {
    throw new BackupError(`cannot write to the folder ${dirname(destination)}: missing or not writable`);
  }
  const { url: target, env } = connection(url);
  // Written beside the destination and renamed into place, so a failed dump leaves no half file.
  const partial = `${to}.partial`;
  const dump = await run(
    "pg_dump",
    ["--format=custom", "--no-owner", `--file=${partial}`, `--dbname=${target}`],
    env,
  );
  if (dump.missing) {
    throw new BackupError("pg_dump is not installed; it comes with PostgreSQL's client tools");
  }
  if (dump.code !== 0) {
    rmSync(partial, { force: true });
    throw new BackupError(`pg_dump of ${redactUrl(url)} failed: ${firstLine(dump.stderr)}`);
  }
  // A backup nobody can restore is worse than none: pg_restore must read its table of contents.
  const list = await run("pg_restore", ["--list", partial], env);
  const tables = (list.stdout.match(/ TABLE DATA /g) ?? []).length;
  if (list.code !== 0 || !/ TABLE DATA \S+ schema_migrations /.test(list.stdout)) {
    rmSync(partial, { force: true });
    throw new BackupError(
      list.missing
        ? "pg_restore is not installed; it comes with PostgreSQL's client tools"
        : `the dump of ${redactUrl(url)} cannot be read back, or holds no briefbot tables: ${firstLine(list.stderr)}`,
    );
  }
  renameSync(partial, to);
  return { destination: to, bytes: statSync(to).size, tables };
}

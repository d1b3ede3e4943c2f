/**
 * Another process holding a SQLite database's write lock: a plain Node child (no tsx, so it
 * starts in tens of milliseconds) that opens the file, runs BEGIN IMMEDIATE, says "locked" and
 * commits after `holdMs`. This is what a backup tool, a second shard process or a stuck script
 * looks like to the bot.
 */
import { spawn } from "node:child_process";

import { repoRoot } from "./runScript.js";

export interface HeldLock {
  /** performance.now() when the child reported the lock taken. */
  readonly lockedAt: number;
  /** Resolves when the child has committed and exited. */
  readonly released: Promise<void>;
  /** Ends the child now (its lock goes with it). */
  kill(): void;
}

const HOLDER = `
const Database = require("better-sqlite3");
const db = new Database(process.argv[1]);
db.pragma("busy_timeout = 5000");
db.exec("BEGIN IMMEDIATE");
process.stdout.write("locked\\n");
setTimeout(() => { db.exec("COMMIT"); db.close(); process.exit(0); }, Number(process.argv[2]));
`;

export function holdWriteLock(path: string, holdMs: number): Promise<HeldLock> {
  const child = spawn(process.execPath, ["-e", HOLDER, path, String(holdMs)], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const released = new Promise<void>((resolve, reject) => {
    child.on("exit", (code, signal) => {
      if (code === 0 || signal === "SIGKILL") resolve();
      else reject(new Error(`lock holder exited ${String(code ?? signal)}: ${stderr}`));
    });
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) {
        resolve({ lockedAt: performance.now(), released, kill: () => child.kill("SIGKILL") });
      }
    });
    released.then(() => {
      reject(new Error(`lock holder ended before locking: ${stderr}`));
    }, reject);
  });
}

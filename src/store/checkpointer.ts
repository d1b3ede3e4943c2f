/**
 * Copies the write-ahead log into the database file from a worker thread, so no reply pays for it.
 *
 * SQLite checkpoints on commit once the WAL passes 1,000 pages, inside whichever write crosses the
 * line: that write then copies the pages and syncs the file, about 10 ms on a large database, with
 * the event loop stopped (better-sqlite3 is synchronous). A grade, which writes about ten pages, met
 * one every hundred grades, so its p99 was 31× a bare insert's. Here a second connection, in its
 * own thread, runs a PASSIVE checkpoint every second; PASSIVE never waits for the bot's readers or
 * writers, and the bot's commits only append to the WAL.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** How often the worker checkpoints: a second of writes is a few hundred pages at most here. */
export const CHECKPOINT_EVERY_MS = 1_000;
/**
 * The bot's own connection still checkpoints past this many pages (40 MB of WAL), so the log stays
 * bounded if the worker ever stops; with the worker running the WAL never gets near it.
 */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;
/** The worker's heap limits (V8 defaults are sized for applications, 16 MB young space alone). */
const WORKER_YOUNG_MB = 1;
const WORKER_OLD_MB = 16;
/** How long close waits for the worker's last checkpoint before ending it. */
const STOP_TIMEOUT_MS = 2_000;

/** Plain CommonJS for an eval worker: it runs the same way from tsx, vitest and `npm start`. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Locked or closing: the next tick tries again.
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.once("message", () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Runs a last checkpoint and ends the worker; resolves when it has gone. */
  stop(): Promise<void>;
}

/** Starts checkpointing the WAL of the database file at `path` (already in WAL mode) every `everyMs`. */
export function startCheckpointer(path: string, everyMs = CHECKPOINT_EVERY_MS): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver, everyMs },
    // It allocates next to nothing: a small heap keeps the thread's memory to its V8 isolate's own.
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB, maxOldGenerationSizeMb: WORKER_OLD_MB },
  });
  // A bot that is done must not stay alive for its checkpointer.
  worker.unref();
  // A worker that fails leaves the backstop checkpoint in charge; nothing else depends on it.
  worker.on("error", () => undefined);
  const exited = new Promise<void>((resolve) => {
    worker.once("exit", () => {
      resolve();
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        worker.postMessage("stop");
        const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

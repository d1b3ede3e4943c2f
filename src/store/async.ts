/**
 * Repository interfaces are asynchronous so that PostgreSQL can implement them too. better-sqlite3
 * is synchronous, so the SQLite versions run the work immediately and hand back a promise;
 * failures become rejections, as callers of an async API expect, instead of synchronous throws.
 *
 * This is also the one place where SQLite lock waits happen, and they happen off the event loop:
 * the connection's busy_timeout is only a few milliseconds (SYNC_BUSY_TIMEOUT_MS), and work that
 * still finds the database locked by another process is retried on timers with back-off until
 * WRITE_DEADLINE_MS. Every repository method is one statement or one transaction, so a retry
 * re-runs it whole and a failed attempt left nothing behind. Work that needs no lock (WAL reads)
 * never waits at all.
 */
import { setTimeout as sleep } from "node:timers/promises";

import { StoreBusyError, StoreFullError } from "./errors.js";

/**
 * How long one attempt blocks the event loop waiting for another connection's lock. Our own
 * writes take well under a millisecond (bench/store.ts), so 5 ms lets a write slip in right
 * behind another process's write without a timer round, while a lock held for longer costs the
 * event loop at most 5 ms per attempt.
 */
export const SYNC_BUSY_TIMEOUT_MS = 5;

/**
 * How long a write keeps retrying before it fails with StoreBusyError. Longer than any lock our
 * own processes hold (milliseconds) or an online backup step, so those never fail a write; short
 * enough that the user still gets an answer (the write's interaction is deferred, and its token
 * lasts 15 minutes) instead of waiting on a stuck external tool.
 */
export const WRITE_DEADLINE_MS = 15_000;

/** Back-off between attempts: doubling from the first to the last, so a short lock costs little. */
export const RETRY_FIRST_MS = 10;
export const RETRY_MAX_MS = 250;

export interface RetryOptions {
  readonly deadlineMs?: number;
}

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, …): someone else holds the lock. */
const isBusy = (error: unknown): boolean => {
  const code = codeOf(error);
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
};

const asError = (error: unknown): Error => {
  if (codeOf(error) === "SQLITE_FULL") return new StoreFullError({ cause: error });
  return error instanceof Error ? error : new Error(String(error));
};

export function settle<T>(work: () => T, options: RetryOptions = {}): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    if (isBusy(error)) return retryWhileBusy(work, options.deadlineMs ?? WRITE_DEADLINE_MS);
    return Promise.reject(asError(error));
  }
}

async function retryWhileBusy<T>(work: () => T, deadlineMs: number): Promise<T> {
  const started = Date.now();
  let delay = RETRY_FIRST_MS;
  for (;;) {
    const left = started + deadlineMs - Date.now();
    if (left <= 0) throw new StoreBusyError(Date.now() - started);
    await sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, RETRY_MAX_MS);
    try {
      return work();
    } catch (error) {
      if (!isBusy(error)) throw asError(error);
      if (Date.now() - started >= deadlineMs)
        throw new StoreBusyError(Date.now() - started, { cause: error });
    }
  }
}

/**
 * Typed store failures that callers can act on without knowing which database answered: the
 * Discord layer tells the user "busy, try again" or "storage is full" privately instead of a
 * generic failure. Both mean nothing was applied (every write is one statement or one
 * transaction, rolled back on the error).
 */

/** The database stayed locked by someone else past the write's deadline. */
export class StoreBusyError extends Error {
  override readonly name = "StoreBusyError";
  constructor(waitedMs: number, options?: { cause?: unknown }) {
    super(`the database stayed locked for ${waitedMs} ms; nothing was written`, options);
  }
}

/** The disk (or the database's size limit) is full. */
export class StoreFullError extends Error {
  override readonly name = "StoreFullError";
  readonly code = "SQLITE_FULL";
  constructor(options?: { cause?: unknown }) {
    super("the database is full (SQLITE_FULL); nothing was written", options);
  }
}

/** Either way the store could not take the write just now; the user may try again later. */
export type StoreUnavailableError = StoreBusyError | StoreFullError;

export const isStoreUnavailable = (error: unknown): error is StoreUnavailableError =>
  error instanceof StoreBusyError || error instanceof StoreFullError;

/**
 * Repository interfaces are asynchronous so a networked database (Postgres) could implement
 * them later without callers changing. better-sqlite3 is synchronous, so the SQLite versions run
 * the work immediately and hand back a settled promise; failures become rejections, as callers
 * of an async API expect, instead of synchronous throws.
 */
export function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * The PostgreSQL connection pool every Postgres repository shares, and the two ways they talk to
 * it: one statement (atomic on its own), or a transaction on one pooled connection. node-postgres
 * is asynchronous, so waiting for a row lock never blocks the event loop.
 */
import { createHash } from "node:crypto";

import pg from "pg";

/**
 * Connections per process. A shard process answers interactions one turn at a time and runs one
 * due-check at a time, so a handful of statements are in flight at once; 10 (node-postgres's own
 * default) leaves headroom for bursts while 8 processes stay under PostgreSQL's default
 * max_connections of 100, with room left for psql, pg_dump and the migration tool.
 */
export const POOL_MAX = 10;
/** A connection unused this long is closed, so an idle bot holds few server processes. */
const IDLE_TIMEOUT_MS = 30_000;
/** Connecting longer than this means the server is down or unreachable: fail rather than hang. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Deadlocks and serialization failures are resolved by running the transaction again. */
const RETRYABLE_CODES = new Set(["40001", "40P01"]);
const TRANSACTION_ATTEMPTS = 3;

/**
 * node-postgres returns BIGINT as a string, because not every int8 fits a JavaScript number.
 * Ours do (millisecond instants and counts stay far below 2^53), and the repositories share row
 * types with SQLite, which returns numbers: parse them, and refuse a value that would lose digits.
 */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`postgres: ${text} does not fit a JavaScript number`);
  return value;
}

/** Type parsers for every connection the store makes (also used by its tools and tests). */
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: (oid, format): unknown =>
    oid === pg.types.builtins.INT8 ? parseInt8 : (pg.types.getTypeParser(oid, format) as unknown),
};

export type Queryable = Pick<pg.PoolClient, "query">;

export interface PoolOptions {
  /** Told about errors on idle connections (the server restarted, say); the pool replaces them. */
  readonly onError?: (error: Error) => void;
}

/**
 * Every statement runs prepared (see `prepared`). With the default plan cache mode PostgreSQL
 * keeps re-planning the due-check's statements on every run (their one-off plans look cheaper
 * than a generic one), which costs more than running them. The repositories' statements are
 * written to be index-driven whatever the parameters (tests check their generic plans), so each
 * connection plans them once. Set at connection start-up (no extra round trip), next to any
 * options the URL already carries.
 */
const SESSION_SETTINGS = "-c plan_cache_mode=force_generic_plan";

function withSessionSettings(url: string): string {
  const parsed = new URL(url);
  const given = parsed.searchParams.get("options");
  parsed.searchParams.set("options", given === null ? SESSION_SETTINGS : `${given} ${SESSION_SETTINGS}`);
  return parsed.toString();
}

/** A pool for `url` (postgres://…). Nothing connects until the first query. */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: withSessionSettings(url),
    max: POOL_MAX,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: "briefbot",
    types: pgTypes,
  });
  // Without a listener, an error on an idle connection would crash the process.
  pool.on("error", (error) => {
    options.onError?.(error);
  });
  return pool;
}

/** The PostgreSQL error code (SQLSTATE) of a failed query, if it is one. */
export function sqlState(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

export const UNIQUE_VIOLATION = "23505";

/**
 * Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it
 * throws. A deadlock or serialization failure runs it again, up to TRANSACTION_ATTEMPTS times.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: Queryable) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch {
        // The connection itself failed: do not hand it back to the pool.
        broken = true;
      }
      if (attempt >= TRANSACTION_ATTEMPTS || !RETRYABLE_CODES.has(sqlState(error) ?? "")) throw error;
    } finally {
      client.release(broken);
    }
  }
}

const statementNames = new Map<string, string>();

/**
 * Each statement runs as a named prepared statement, parsed once per connection: the hot queries
 * then cost one round trip of Bind/Execute (about 40 µs on loopback instead of 60 µs). The name
 * is a hash of the text, so the same text always reuses the same statement.
 */
function prepared(text: string, values: readonly unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `briefbot_${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return { name, text, values: values as unknown[] };
}

/** The rows of one statement. */
export async function rows<T extends pg.QueryResultRow>(
  db: Queryable,
  text: string,
  values: readonly unknown[] = [],
): Promise<T[]> {
  const result = await db.query<T>(prepared(text, values));
  return result.rows;
}

/** The first row of one statement, if any. */
export async function first<T extends pg.QueryResultRow>(
  db: Queryable,
  text: string,
  values: readonly unknown[] = [],
): Promise<T | undefined> {
  return (await rows<T>(db, text, values))[0];
}

/** How many rows one statement changed. */
export async function changes(db: Queryable, text: string, values: readonly unknown[] = []): Promise<number> {
  const result = await db.query(prepared(text, values));
  return result.rowCount ?? 0;
}

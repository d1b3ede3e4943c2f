/**
 * Runs the same repository tests against both stores: SQLite in a temp folder, and PostgreSQL in
 * a fresh schema on TEST_DATABASE_URL's server. Raw reads parse BIGINT as numbers, as the store does. Usage:
 *
 *   for (const backend of BACKENDS) {
 *     describe.skipIf(backend.skip)(`ScoreRepository on ${backend.title}`, () => {
 *       const fresh = useDatabases(backend);
 *       it("...", async () => {
 *         const db = await fresh();           // an empty, migrated database
 *         const store = await db.open();      // closed after the test; open() again = another process
 *         expect(await db.rows("SELECT COUNT(*) AS n FROM scores")).toEqual([{ n: 0 }]);
 *       });
 *     });
 *   }
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { afterAll, afterEach } from "vitest";

import { connectStore, type Dialect, type Store, type StoreTarget } from "../../src/store/index.js";
import { pgTypes } from "../../src/store/postgres/pool.js";
import { closeAdminPool, freshSchema, postgresSkipNote, TEST_DATABASE_URL } from "../helpers/postgres.js";

export interface Backend {
  readonly dialect: Dialect;
  /** The suite title's suffix, with the reason when it is skipped. */
  readonly title: string;
  readonly skip: boolean;
}

export const BACKENDS: readonly Backend[] = [
  { dialect: "sqlite", title: "sqlite", skip: false },
  { dialect: "postgres", title: `postgres${postgresSkipNote}`, skip: TEST_DATABASE_URL === undefined },
];

export interface TestDatabase {
  readonly dialect: Dialect;
  readonly target: StoreTarget;
  /** Opens (and migrates) a store on this database; every store opened is closed after the test. */
  open(): Promise<Store>;
  /** Rows of a parameterless SQL statement, read outside the repositories (numbers as numbers). */
  rows<T>(sql: string): Promise<T[]>;
  /** Runs parameterless SQL outside the repositories. */
  exec(sql: string): Promise<void>;
}

/** Registers clean-up and returns a factory of fresh databases for `backend`. */
export function useDatabases(backend: Backend): () => Promise<TestDatabase> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    if (backend.dialect === "postgres") await closeAdminPool();
  });
  return async () => {
    const stores: Store[] = [];
    const open = async (target: StoreTarget) => {
      const store = await connectStore(target);
      stores.push(store);
      return store;
    };
    const closeStores = async () => {
      for (const store of stores.splice(0)) await store.close();
    };
    if (backend.dialect === "sqlite") {
      const dir = mkdtempSync(join(tmpdir(), "briefbot-store-"));
      const target: StoreTarget = { dialect: "sqlite", path: join(dir, "store.sqlite") };
      cleanups.push(async () => {
        await closeStores();
        rmSync(dir, { recursive: true, force: true });
      });
      const withDb = <T>(work: (db: BetterSqlite3.Database) => T): T => {
        const db = new BetterSqlite3(target.path);
        try {
          return work(db);
        } finally {
          db.close();
        }
      };
      return {
        dialect: "sqlite",
        target,
        open: () => open(target),
        rows: <T>(sql: string) => Promise.resolve(withDb((db) => db.prepare(sql).all() as T[])),
        exec: (sql: string) => {
          withDb((db) => db.exec(sql));
          return Promise.resolve();
        },
      };
    }
    const schema = await freshSchema();
    const target: StoreTarget = { dialect: "postgres", url: schema.url };
    const client = new pg.Client({ connectionString: schema.url, types: pgTypes });
    await client.connect();
    cleanups.push(async () => {
      await closeStores();
      await client.end();
      await schema.drop();
    });
    return {
      dialect: "postgres",
      target,
      open: () => open(target),
      rows: async <T>(sql: string) => (await client.query(sql)).rows as T[],
      exec: async (sql: string) => {
        await client.query(sql);
      },
    };
  };
}

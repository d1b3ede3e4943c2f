/**
 * The PostgreSQL server tests may use: TEST_DATABASE_URL, which .ci/run sets after starting a
 * throwaway server (scripts/throwaway-postgres.sh). Without it, Postgres tests are skipped with
 * the reason in their title; under CI a missing server is an error, never a silent skip.
 */
import { randomBytes } from "node:crypto";

import pg from "pg";

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL === undefined || process.env.TEST_DATABASE_URL === ""
    ? undefined
    : process.env.TEST_DATABASE_URL;

export const POSTGRES_SKIP_REASON =
  "skipped: TEST_DATABASE_URL is not set (.ci/run starts a throwaway PostgreSQL and sets it)";

if (TEST_DATABASE_URL === undefined && process.env.CI !== undefined && process.env.CI !== "") {
  throw new Error(
    "CI is set but TEST_DATABASE_URL is not: the PostgreSQL tests must run in CI (start the server as .ci/run does)",
  );
}

/** A title suffix saying why a Postgres suite is skipped, or "" when it runs. */
export const postgresSkipNote = TEST_DATABASE_URL === undefined ? ` (${POSTGRES_SKIP_REASON})` : "";

function requireUrl(): string {
  if (TEST_DATABASE_URL === undefined) throw new Error(POSTGRES_SKIP_REASON);
  return TEST_DATABASE_URL;
}

let admin: pg.Pool | undefined;

/** One small pool per test file for creating and dropping schemas and databases. */
export function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: requireUrl(), max: 2 });
  return admin;
}

export async function closeAdminPool(): Promise<void> {
  const pool = admin;
  admin = undefined;
  await pool?.end();
}

const uniqueName = (prefix: string) => `${prefix}_${randomBytes(6).toString("hex")}`;

/** `url` with its search_path set to `schema`, so every connection made from it lands there. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}

/**
 * A fresh, empty schema in the test database and a URL whose connections use it: a database of
 * its own for one test, at the cost of a CREATE SCHEMA. `drop()` removes it and everything in it.
 */
export async function freshSchema(): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const schema = uniqueName("t");
  await adminPool().query(`CREATE SCHEMA ${schema}`);
  return {
    url: withSearchPath(requireUrl(), schema),
    schema,
    drop: async () => {
      await adminPool().query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/**
 * A fresh database on the test server, for tools that work on a whole database (pg_dump) and for
 * bot processes. `drop()` ends its connections and removes it.
 */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = uniqueName("briefbot");
  await adminPool().query(`CREATE DATABASE ${name}`);
  const url = new URL(requireUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

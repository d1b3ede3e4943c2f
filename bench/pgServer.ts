/**
 * The PostgreSQL server the scale benchmark measures: BENCH_DATABASE_URL or TEST_DATABASE_URL if
 * set, otherwise a throwaway one started for the run (scripts/throwaway-postgres.sh, the same as
 * CI's). Each measurement gets a database of its own.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import pg from "pg";

import { repoRoot } from "../tests/helpers/runScript.js";

export interface BenchServer {
  readonly url: string;
  /** Where the URL came from, for the report. */
  readonly origin: string;
  /** A new, empty database on the server; its URL. */
  createDatabase(): Promise<string>;
  /** Drops the databases made and stops a server this run started. */
  close(): Promise<void>;
}

const SCRIPT = join(repoRoot, "scripts", "throwaway-postgres.sh");

export function startBenchServer(): BenchServer {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let url = given ?? "";
  let dir: string | undefined;
  if (given === undefined || given === "") {
    dir = mkdtempSync(join(tmpdir(), "briefbot-bench-pg-"));
    const started = spawnSync("bash", [SCRIPT, "start", dir], { encoding: "utf8" });
    if (started.status !== 0) {
      throw new Error(`bench: could not start PostgreSQL: ${started.stderr.trim().split("\n")[0] ?? ""}`);
    }
    url = started.stdout.trim();
  }
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const made: string[] = [];
  return {
    url,
    origin:
      dir === undefined ? "given server" : "throwaway server (scripts/throwaway-postgres.sh, fsync off)",
    async createDatabase() {
      const name = `bench_${randomBytes(5).toString("hex")}`;
      await admin.query(`CREATE DATABASE ${name}`);
      made.push(name);
      const database = new URL(url);
      database.pathname = `/${name}`;
      return database.toString();
    },
    async close() {
      for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      if (dir !== undefined) spawnSync("bash", [SCRIPT, "stop", dir]);
    },
  };
}

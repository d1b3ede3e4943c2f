/**
 * The production build: `npm run build` (scripts/build.js) into a temporary out dir, then the
 * compiled entry points run with plain node, as in production. They must find the SQL migrations,
 * commands/ and knowledge/ without tsx or the TypeScript sources' layout.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MIGRATIONS_DIR } from "../src/store/migrate.js";
import { POSTGRES_MIGRATIONS_DIR } from "../src/store/postgres/migrate.js";
import { repoRoot } from "./helpers/runScript.js";

/** tsc alone takes several seconds; on a busy machine a little more. */
const BUILD_TIMEOUT_MS = 25_000;

let out = "";

function runNode(script: string, args: string[] = [], input = "", env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(out, script), ...args], {
    // The working directory is the project, as for `npm start`: ./knowledge is found from there.
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", DATABASE_PATH: join(out, "bot.sqlite"), ...env },
    input,
    encoding: "utf8",
    timeout: 15_000,
  });
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "briefbot-build-"));
  // Where a deployment keeps its dependencies: next to the compiled code.
  symlinkSync(join(repoRoot, "node_modules"), join(out, "node_modules"), "junction");
  // --noCheck: the type check is `npm run typecheck`'s job; this test is about the output's layout.
  const build = spawnSync(
    process.execPath,
    [join(repoRoot, "scripts/build.js"), "--outDir", out, "--noCheck"],
    {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: BUILD_TIMEOUT_MS,
    },
  );
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}${build.stdout}`);
}, BUILD_TIMEOUT_MS + 5_000);

afterAll(() => {
  if (out !== "") rmSync(out, { recursive: true, force: true });
});

describe("npm run build", () => {
  it.each([
    ["SQLite", MIGRATIONS_DIR, ["src", "store", "migrations"]],
    ["PostgreSQL", POSTGRES_MIGRATIONS_DIR, ["src", "store", "postgres", "migrations"]],
  ])("ships every %s migration next to the compiled store, byte for byte", (_dialect, dir, compiled) => {
    const sources = readdirSync(dir).filter((file) => file.endsWith(".sql"));
    expect(sources.length).toBeGreaterThan(0);
    const shipped = join(out, ...compiled);
    expect(readdirSync(shipped).sort()).toEqual(sources.sort());
    for (const file of sources) {
      expect(readFileSync(join(shipped, file), "utf8"), file).toBe(readFileSync(join(dir, file), "utf8"));
    }
  });

  it("the compiled knowledge:check validates knowledge/", () => {
    const result = runNode("src/cli/knowledgeCheck.js");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/knowledge: \.\/knowledge is valid/);
  });

  it("the compiled main migrates a new database, loads commands/ and answers in the console", () => {
    const result = runNode("src/main.js", [], "/help\n/ask what share of GDP?\n");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("No DISCORD_TOKEN set");
    for (const command of ["/ask", "/briefing", "/daily", "/fact", "/help", "/quiz"]) {
      expect(result.stdout).toContain(`**${command}**`);
    }
    expect(result.stdout).toMatch(/about 7 percent[\s\S]*¶4/);

    const db = new BetterSqlite3(join(out, "bot.sqlite"), { readonly: true });
    try {
      const applied = db.prepare("SELECT name FROM schema_migrations ORDER BY version").pluck().all();
      const expected = readdirSync(MIGRATIONS_DIR)
        .filter((file) => file.endsWith(".sql"))
        .sort()
        .map((file) => file.replace(/\.sql$/, ""));
      expect(applied).toEqual(expected);
    } finally {
      db.close();
    }

    // Another compiled CLI over the database the bot just created.
    const exported = runNode("src/cli/feedbackExport.js");
    expect(exported.status).toBe(0);
    expect(exported.stderr).toMatch(/0 of 0 votes/);
  });

  it("refuses to build into the repository itself", () => {
    const result = spawnSync(process.execPath, [join(repoRoot, "scripts/build.js"), "--outDir", repoRoot], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/refusing to build into/);
  });
});

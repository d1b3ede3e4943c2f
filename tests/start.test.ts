import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { startScriptNodeFlags } from "./e2e/botProcess.js";
import { repoRoot } from "./helpers/runScript.js";

/** `npm start` as package.json runs it: node, the start script's flags, scripts/start.js. */
function npmStart(args: string[], env: Record<string, string>, input = "") {
  return spawnSync(
    process.execPath,
    [...startScriptNodeFlags(), join(repoRoot, "scripts", "start.js"), ...args],
    {
      cwd,
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env },
      input,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
}

const cwd = mkdtempSync(join(tmpdir(), "briefbot-start-"));
const knowledge = { KNOWLEDGE_DIR: join(repoRoot, "knowledge"), DATABASE_PATH: join(cwd, "bot.sqlite") };
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe("npm start (scripts/start.js)", () => {
  it("opens the offline console without a token, from transpiled sources, and answers", () => {
    const result = npmStart([], knowledge, "/ask what share of GDP does Dongbei contribute?\n");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("No DISCORD_TOKEN set: opening the offline console.");
    expect(result.stdout).toContain("to about 7 percent");
    // The tree it ran is complete and carries the migrations the store reads.
    const trees = readdirSync(join(repoRoot, ".run")).filter((name) => /^[0-9a-f]{16}$/.test(name));
    expect(trees.some((tree) => existsSync(join(repoRoot, ".run", tree, ".complete")))).toBe(true);
    expect(
      trees.some((tree) =>
        existsSync(
          join(repoRoot, ".run", tree, "src", "store", "migrations", "001-settings-feedback-scores.sql"),
        ),
      ),
    ).toBe(true);
  });

  it("runs another entry point with its own arguments", () => {
    const result = npmStart(["src/cli/ask.ts", "--json", "how many people live in Dongbei?"], knowledge);
    expect(result.status, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as { answered: boolean; quote: string };
    expect(answer.answered).toBe(true);
    expect(answer.quote).toContain("more than 100 million people");
  });

  it("exits 1 with one line naming a bad variable", () => {
    const result = npmStart([], { ...knowledge, LOG_LEVEL: "loud" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      'config: LOG_LEVEL must be one of fatal,error,warn,info,debug,trace (got "loud")',
    ]);
  });
});

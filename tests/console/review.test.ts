/** /review, /progress and /privacy in the offline console, piped, on a real database file. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { repoRoot, runScript } from "../helpers/runScript.js";

describe("review in the offline console", () => {
  let dir: string;
  let stdout = "";
  let status: number | null = null;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "briefbot-console-review-"));
    const input = [
      "/review add briefing: china-rust-belt",
      "/review next",
      "1", // Show answer
      "4", // Good (Again, Hard, Good, Easy are 2-5)
      "/progress member",
      "/privacy",
      "7", // Delete my data
      "8", // Yes, delete everything
      "/privacy",
      "",
    ].join("\n");
    const env = {
      DATABASE_PATH: join(dir, "briefbot.sqlite"),
      KNOWLEDGE_DIR: join(repoRoot, "knowledge"),
      LOG_LEVEL: "warn",
    };
    const result = runScript("src/cli/console.ts", [], { input, env });
    stdout = result.stdout;
    status = result.status;
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("reviews a card: prompt, Show answer, the cited sentence and the grades, then the next card", () => {
    expect(status).toBe(0);
    expect(stdout).toMatch(/Added \d+ new cards from China's Got a Rust Belt Too, You Know/);
    expect(stdout).toMatch(/\[1\] Show answer/);
    expect(stdout).toMatch(/\[2\] Again {3}\[3\] Hard {3}\[4\] Good {3}\[5\] Easy/);
    expect(stdout).toContain(`"China's Got a Rust Belt Too, You Know" · GZERO Media`);
    expect(stdout).toMatch(/\[6\] Show answer/);
  });

  test("/progress writes the PNG to a temp file, prints its path and the figures", () => {
    const path = /\[file\] progress\.png: (\S+)/.exec(stdout)?.[1];
    expect(path).toBeDefined();
    expect(existsSync(path ?? "")).toBe(true);
    expect(
      readFileSync(path ?? "")
        .subarray(1, 4)
        .toString("latin1"),
    ).toBe("PNG");
    expect(stdout).toMatch(/Cards: \d+ \(new \d+, learning 1, review 0, relearning 0\)/);
    expect(stdout).toContain("Last 30 days: 1 reviews");
    rmSync(join(path ?? "", ".."), { recursive: true, force: true });
  });

  test("/privacy deletes the member's data after a confirmation", () => {
    expect(stdout).toContain("== Delete all your data? ==");
    expect(stdout).toContain("== Your data is deleted ==");
    expect(stdout).toContain("Nothing: I don't store anything about you.");
  });
});

/**
 * The database cannot be written where DATABASE_PATH points: the process exits 1 with one line
 * that names the path and says what to do, whether it starts the bot or the offline console.
 * /sys is read-only even for root, so these paths fail the same way on every machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { runScript } from "../helpers/runScript.js";

const folderIsPath = mkdtempSync(join(tmpdir(), "briefbot-dir-"));
afterAll(() => {
  rmSync(folderIsPath, { recursive: true, force: true });
});

const CASES = [
  {
    what: "its folder cannot be created",
    path: "/sys/briefbot-test/briefbot.sqlite",
    names: "/sys/briefbot-test",
  },
  {
    what: "its folder is not writable",
    path: "/sys/kernel/briefbot.sqlite",
    names: "/sys/kernel/briefbot.sqlite",
  },
  { what: "the path is a folder", path: folderIsPath, names: folderIsPath },
];

describe("an unwritable database path at start", () => {
  for (const { what, path, names } of CASES) {
    it(`${what}: the console exits 1 with one line naming ${names}`, () => {
      const run = runScript("src/main.ts", [], { env: { DATABASE_PATH: path }, input: "/help\n" });
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(names);
      expect(lines[0]).toMatch(/set DATABASE_PATH to a writable place/);
    });
  }

  it("the bot (with a token) exits 1 the same way, before it talks to Discord", () => {
    const run = runScript("src/main.ts", [], {
      env: {
        DATABASE_PATH: CASES[0]?.path ?? "",
        DISCORD_TOKEN: "unused",
        DISCORD_API_URL: "http://127.0.0.1:9/api",
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^briefbot: could not start: cannot create the database folder \/sys\/briefbot-test \(E\w+\): .*DATABASE_PATH/,
    );
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});

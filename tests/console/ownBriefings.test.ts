/**
 * The offline console runs the new /briefing subcommands too: a local file stands in for an
 * attachment (`path:`), and the added briefing answers /ask once it is the current one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, expect, test } from "vitest";

import { repoRoot, runScript } from "../helpers/runScript.js";

const dir = mkdtempSync(join(tmpdir(), "briefbot-console-own-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test("/briefing add path:, use, list, /ask and remove work in the console", () => {
  const eels = join(repoRoot, "tests", "fixtures", "uploads", "harbour-eels.md");
  const input = [
    `/briefing add path: ${eels}`,
    "/briefing add path: ./no/such/file.md",
    "/briefing use briefing: harbour-eels",
    "/briefing list",
    "/ask Why did they arrest two men?",
    "/briefing remove briefing: harbour-eels",
    // Button numbers keep counting over the session: the answer's took 1 to 6.
    "7",
    "/briefing list",
    "",
  ].join("\n");
  const result = runScript("src/cli/console.ts", [], {
    input,
    env: { DATABASE_PATH: join(dir, "console.sqlite"), DISCORD_TOKEN: "" },
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const out = result.stdout;
  expect(out).toContain('== Added "The Harbour Eel Case" ==');
  expect(out).toContain("There is no readable file at ./no/such/file.md.");
  expect(out).toContain('== Now studying "The Harbour Eel Case" ==');
  expect(out).toMatch(/★ \*\*The Harbour Eel Case\*\*.*\(current, added here\)/);
  expect(out).toContain("Police in Portmere arrested two men on Tuesday");
  expect(out).toContain('¶1 · "The Harbour Eel Case" · Coast Weekly');
  expect(out).toContain('== Removed "The Harbour Eel Case" ==');
  expect(out).toContain("== 1 briefing here ==");
});

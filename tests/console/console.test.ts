import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { repoRoot, runScript } from "../helpers/runScript.js";

let dir: string;
let env: Record<string, string>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "briefbot-console-"));
  env = {
    DATABASE_PATH: join(dir, "briefbot.sqlite"),
    KNOWLEDGE_DIR: join(repoRoot, "knowledge"),
    LOG_LEVEL: "warn",
  };
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const CITATION = `¶4 · "China's Got a Rust Belt Too, You Know" · GZERO Media`;

describe("the offline console, piped", () => {
  // One session covers the whole flow, since each run boots the app (a second or two).
  const input = [
    "/help",
    "/ask what share of GDP does Dongbei contribute?",
    "1",
    // [3] is 📌 Remember this; [4] is 👍.
    "4",
    "/ask question: What is Dongbei's unemployment rate?",
    "/briefing contrast",
    "/briefing source paragraph: 9",
    "hello there",
    "/teleport",
    "42",
    "Ask briefbot: how many people live in Dongbei?",
    "",
  ].join("\n");
  let stdout = "";
  let status: number | null = null;
  let stderr = "";

  beforeAll(() => {
    const result = runScript("src/cli/console.ts", [], { input, env });
    stdout = result.stdout;
    stderr = result.stderr;
    status = result.status;
  });

  test("exits 0 at end of input, with nothing on stderr", () => {
    expect(status).toBe(0);
    expect(stderr).toBe("");
  });

  test("/help lists the loaded commands", () => {
    for (const name of ["/ask", "/briefing", "/fact", "/help", "Apps → Ask briefbot"])
      expect(stdout).toContain(name);
  });

  test("`Ask briefbot: <text>` uses the message menu on a message with that text", () => {
    expect(stdout).toContain("== how many people live in Dongbei? ==");
    expect(stdout).toContain("home to more than 100 million people");
  });

  test("a bare question after /ask is answered with a verbatim quote, its citation and numbered buttons", () => {
    expect(stdout).toContain(
      "> As a result, Dongbei’s contribution to GDP has fallen by half, to about 7 percent",
    );
    expect(stdout).toContain(CITATION);
    expect(stdout).toMatch(/\[1\] 📄 Show paragraph {3}\[2\] 🔗 Related/);
  });

  test("typing a number presses that button: Show paragraph prints the paragraph with the quote in bold", () => {
    expect(stdout).toContain("== Paragraph 4 of 6 ==");
    expect(stdout).toContain("> **As a result, Dongbei’s contribution to GDP");
  });

  test("pressing 👍 stores feedback in the real database", () => {
    expect(stdout).toContain("Thanks! Glad it helped.");
    const db = new Database(env.DATABASE_PATH ?? "", { readonly: true });
    try {
      const rows = db.prepare("SELECT question, vote FROM answer_feedback").all();
      expect(rows).toEqual([{ question: "what share of GDP does Dongbei contribute?", vote: "up" }]);
    } finally {
      db.close();
    }
  });

  test("a named option works, and a question the briefing doesn't answer is declined with suggestions", () => {
    expect(stdout).toContain("== The briefing doesn't say ==");
    expect(stdout).toContain("Questions it can answer:");
  });

  test("/briefing contrast shows the two sides", () => {
    expect(stdout).toContain("-- Trump (side by side)");
    expect(stdout).toContain("-- Xi (side by side)");
  });

  test("an out-of-range paragraph is a clear error", () => {
    expect(stdout).toContain("there is no paragraph 9");
  });

  test("unknown input gets a one-line hint", () => {
    expect(stdout).toContain(
      "Type a command such as /ask what share of GDP? or /help; type a number to press a button.",
    );
    expect(stdout).toContain("There is no /teleport. Type /help to see the commands.");
    expect(stdout).toContain("There is no button 42 (yet).");
  });
});

test("npm start without a token says so in one line and opens the console", () => {
  const result = runScript("src/main.ts", [], { input: "/briefing list\n", env });
  expect(result.status).toBe(0);
  const [first, ...rest] = result.stdout.split("\n");
  expect(first).toBe("No DISCORD_TOKEN set: opening the offline console. Type /help, or Ctrl+D to quit.");
  expect(rest.join("\n")).toContain("1 briefing here");
});

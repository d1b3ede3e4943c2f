import { describe, expect, it } from "vitest";

import { runScript } from "../helpers/runScript.js";
import { editFile, removeDir, tempKnowledgeCopy } from "./helpers.js";

describe("npm run ask", () => {
  it("--jsonl answers one line per question, in the exact contract shape", () => {
    const input = [
      JSON.stringify({ id: "a", q: "What share of China's GDP does Dongbei contribute today?" }),
      JSON.stringify({ id: 7, q: "how do I bake sourdough bread" }),
      "",
      JSON.stringify({ id: "c", q: "   " }),
    ].join("\n");
    const run = runScript("src/cli/ask.ts", ["--jsonl"], { input });
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    const [answered, declined, empty] = lines;
    expect(Object.keys(answered ?? {}).sort()).toEqual([
      "answered",
      "citation",
      "id",
      "quote",
      "score",
      "suggestions",
    ]);
    expect(answered).toMatchObject({
      id: "a",
      answered: true,
      citation: { briefing: "china-rust-belt", paragraph: 4, sentence: 1 },
      suggestions: [],
    });
    expect(String(answered?.quote)).toContain("to about 7 percent");
    expect(typeof answered?.score).toBe("number");
    expect(declined).toMatchObject({ id: 7, answered: false, quote: "", citation: null });
    expect((declined?.suggestions as string[]).length).toBeGreaterThan(0);
    expect(empty).toMatchObject({ id: "c", answered: false });
  });

  it("prints text with the quote and its citation, and JSON with --json", () => {
    const text = runScript("src/cli/ask.ts", ["who built the factories?"]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("Japanese occupiers");
    expect(text.stdout).toContain('¶2 · "China\'s Got a Rust Belt Too, You Know" · GZERO Media');
    const json = runScript("src/cli/ask.ts", ["--json", "who is the governor?"]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ answered: false, quote: "", citation: null });
  });

  it("exits 2 with usage on bad arguments", () => {
    const run = runScript("src/cli/ask.ts", ["--nope"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("usage");
  });
});

describe("npm run knowledge:check", () => {
  it("prints a summary and exits 0 for the real knowledge base", () => {
    const run = runScript("src/cli/knowledgeCheck.ts");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/briefings:\s+1/);
    expect(run.stdout).toMatch(/paragraphs:\s+6/);
    expect(run.stdout).toMatch(/sentences:\s+11/);
  });

  it("exits 1 and prints file: where: what for a broken knowledge base", () => {
    const dir = tempKnowledgeCopy();
    try {
      editFile(dir, "facts/china-rust-belt.yaml", (text) => text.replace("hit the skids.", "hit the wall."));
      const run = runScript("src/cli/knowledgeCheck.ts", [], { env: { KNOWLEDGE_DIR: dir } });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        `${dir}/facts/china-rust-belt.yaml: fact dongbei-hit-the-skids: quote not found in the briefing`,
      );
    } finally {
      removeDir(dir);
    }
  });
});

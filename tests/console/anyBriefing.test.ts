/**
 * A briefing dropped in alone, with no facts file, works for every command that reads it:
 * /fact, /daily now, /briefing summary and a quiz, over each briefing of the shared evaluation
 * (../shared/eval/general/briefings, beside the repository, as CI lays it out).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { loadKnowledge } from "../../src/knowledge/load.js";
import { allQuestions, generateQuiz } from "../../src/quiz/generate.js";
import { repoRoot, runScript } from "../helpers/runScript.js";

const SHARED_BRIEFINGS = join(repoRoot, "..", "shared", "eval", "general", "briefings");
/** No single choice (a letter, or True, or False) may win more than this share of a game. */
const MAX_SAME_OPTION_SHARE = 0.6;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

const work = mkdtempSync(join(tmpdir(), "briefbot-any-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function aloneDir(file: string): string {
  const dir = join(work, file.replace(/\.md$/, ""));
  mkdirSync(join(dir, "briefings"), { recursive: true });
  cpSync(join(SHARED_BRIEFINGS, file), join(dir, "briefings", file));
  return dir;
}

const files = existsSync(SHARED_BRIEFINGS)
  ? readdirSync(SHARED_BRIEFINGS)
      .filter((file) => file.endsWith(".md"))
      .sort()
  : [];

describe("any briefing, alone and without a facts file", () => {
  it("finds the shared briefings", () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)("%s: no quiz game can be won by always picking the same option", (file) => {
    const kb = loadKnowledge(aloneDir(file));
    for (const question of allQuestions(kb, 1)) expect(kb.verifyQuote(question.quote)).toBe(true);
    for (const seed of SEEDS) {
      for (const count of [5, 10]) {
        const game = generateQuiz(kb, { count, seed, mode: "buttons" });
        expect(game).toHaveLength(count);
        // Always answering True, or always the same letter, wins at most about half of a game.
        const wins = new Map<string, number>();
        for (const question of game) {
          const pick =
            question.kind === "truefalse" ? `tf:${question.answer}` : `letter:${question.answerIndex}`;
          wins.set(pick, (wins.get(pick) ?? 0) + 1);
        }
        for (const [pick, won] of wins)
          expect(won / count, `${pick} in a game of ${count}, seed ${seed}`).toBeLessThanOrEqual(
            MAX_SAME_OPTION_SHARE,
          );
      }
    }
  });

  it.each(files)("%s: /fact, /daily now, /briefing summary and /quiz start answer in the console", (file) => {
    const dir = aloneDir(file);
    const input = [
      "/fact",
      "/daily set channel: #general time: 09:00 timezone: UTC",
      "/daily now",
      "/briefing summary",
      "/quiz start questions: 5",
      "/quiz stop",
      "",
    ].join("\n");
    const run = runScript("src/cli/console.ts", [], {
      input,
      env: { KNOWLEDGE_DIR: dir, DATABASE_PATH: join(dir, "briefbot.sqlite"), LOG_LEVEL: "warn" },
    });
    expect(run.status, run.stderr).toBe(0);
    const paragraphs = loadKnowledge(dir).briefings[0]?.paragraphs.length ?? 0;
    expect(run.stdout).toContain("== A fact from the briefing ==");
    expect(run.stdout).toContain("== Fact of the day ==");
    expect(run.stdout).toContain(`${paragraphs} paragraphs, one cited line each.`);
    expect(run.stdout).toContain("started a quiz: 5 questions");
    expect(run.stdout).not.toContain("no curated facts");
  });
});

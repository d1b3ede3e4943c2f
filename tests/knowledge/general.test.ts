/**
 * The evaluation corpus (tests/knowledge/general) is sound, and the engine keeps its measured level
 * on the held-out briefings, which were never used to build or train it.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { loadCorpus, quoteAnswers } from "../../scripts/eval/corpus.js";
import { createAnswerEngine } from "../../src/knowledge/answer.js";
import { buildKnowledgeBase } from "../../src/knowledge/load.js";
import { repoRoot } from "../helpers/runScript.js";

/**
 * Floors a little under the measured figures on the 10 held-out briefings, each loaded alone
 * (52.3% answered right, 80.0% declined right at the time of writing): a regression fails. The
 * issue's targets (75% / 88%) are not met; see the closing note.
 */
const HELD_OUT_MIN_ANSWERED = 0.5;
const HELD_OUT_MIN_DECLINED = 0.74;

const corpus = loadCorpus();

describe("the evaluation corpus", () => {
  it("passes its checker: formats, kinds, and every expected quote verbatim in its briefing", () => {
    const run = spawnSync(process.execPath, [join(repoRoot, "tests", "knowledge", "general", "check.js")], {
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
  });

  it("puts every briefing in exactly one of development, held-out and final", () => {
    const lists = [corpus.development, [...corpus.heldOut], [...corpus.final]];
    const all = lists.flat();
    expect(new Set(all).size).toBe(all.length);
    expect([...corpus.briefings.keys()].sort()).toEqual([...all].sort());
    expect(corpus.heldOut.size).toBeGreaterThanOrEqual(10);
  });
});

describe("held-out briefings, each loaded alone", () => {
  it("keeps the measured share of right answers and right declines", () => {
    const tally = { answer: [0, 0], decline: [0, 0] };
    for (const id of corpus.heldOut) {
      const briefing = corpus.briefings.get(id);
      if (briefing === undefined) continue;
      const engine = createAnswerEngine(buildKnowledgeBase([briefing], [], [], [], { groups: [] }, []));
      for (const question of corpus.questions.filter((candidate) => candidate.briefing === id)) {
        const result = engine.answer(question.q);
        const right =
          question.expect === "decline"
            ? result.kind === "decline"
            : result.kind === "answer" && quoteAnswers(result.best.text, question);
        const bucket = tally[question.expect];
        bucket[1] = (bucket[1] ?? 0) + 1;
        if (right) bucket[0] = (bucket[0] ?? 0) + 1;
      }
    }
    const rate = ([right = 0, total = 1]: number[]) => right / total;
    expect(rate(tally.answer)).toBeGreaterThanOrEqual(HELD_OUT_MIN_ANSWERED);
    expect(rate(tally.decline)).toBeGreaterThanOrEqual(HELD_OUT_MIN_DECLINED);
  });
});

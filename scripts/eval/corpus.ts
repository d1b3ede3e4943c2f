/**
 * The evaluation corpus (tests/knowledge/general/): public briefings, questions written by people
 * who never saw the engine, and the split that keeps some briefings out of all tuning.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { z } from "zod";

import { foldText } from "../../src/knowledge/fold.js";
import { parseBriefing } from "../../src/knowledge/load.js";
import type { Briefing } from "../../src/knowledge/types.js";

export const CORPUS_DIR = join(import.meta.dirname, "..", "..", "tests", "knowledge", "general");

const questionSchema = z.object({
  id: z.string(),
  briefing: z.string(),
  kind: z.string(),
  q: z.string(),
  expect: z.enum(["answer", "decline"]),
  must_quote_any: z.array(z.string()).optional(),
});
export type CorpusQuestion = z.infer<typeof questionSchema>;

const splitSchema = z.object({
  development: z.array(z.string()),
  heldOut: z.array(z.string()),
  final: z.array(z.string()).default([]),
});

export interface Corpus {
  readonly briefings: ReadonlyMap<string, Briefing>;
  readonly questions: readonly CorpusQuestion[];
  /** Briefings the engine is built and tuned on. */
  readonly development: readonly string[];
  /** Briefings never used for tuning: reported only. */
  readonly heldOut: ReadonlySet<string>;
  /** Briefings added last, after the engine was built: reported only, once. */
  readonly final: ReadonlySet<string>;
}

export function readQuestions(file: string): CorpusQuestion[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => questionSchema.parse(JSON.parse(line)));
}

export function loadCorpus(dir: string = CORPUS_DIR): Corpus {
  const briefings = new Map<string, Briefing>();
  const problems: string[] = [];
  for (const name of readdirSync(join(dir, "briefings")).sort()) {
    const file = join(dir, "briefings", name);
    const briefing = parseBriefing(file, readFileSync(file, "utf8"), problems);
    if (briefing !== undefined) briefings.set(briefing.id, briefing);
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const questions = readdirSync(dir)
    .filter((name) => /^questions-.*\.jsonl$/.test(name))
    .sort()
    .flatMap((name) => readQuestions(join(dir, name)));
  const split = splitSchema.parse(JSON.parse(readFileSync(join(dir, "split.json"), "utf8")));
  return {
    briefings,
    questions,
    development: split.development,
    heldOut: new Set(split.heldOut),
    final: new Set(split.final),
  };
}

/** The scorer's rule (../shared/eval): an answer is right when its quote holds one of the expected spans. */
export function quoteAnswers(quote: string, question: CorpusQuestion): boolean {
  const folded = foldText(quote);
  return (question.must_quote_any ?? []).some((expected) => folded.includes(foldText(expected)));
}

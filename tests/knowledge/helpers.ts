/** Shared helpers for the knowledge tests: real knowledge dir, temp copies, question sets. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { repoRoot } from "../helpers/runScript.js";

export const knowledgeDir = join(repoRoot, "knowledge");
export const fixtureDir = join(repoRoot, "tests", "fixtures", "knowledge");
export const devQuestionsPath = "/work/shared/eval/dev-questions.jsonl";
export const ownQuestionsPath = join(repoRoot, "tests", "knowledge", "questions.jsonl");

export interface EvalQuestion {
  id: string;
  kind: string;
  q: string;
  expect: "answer" | "decline";
  must_quote_any: string[];
}

export function readQuestions(path: string): EvalQuestion[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as EvalQuestion);
}

/** A temp copy of the real knowledge dir (plus optional extra dirs merged in); removed by the caller. */
export function tempKnowledgeCopy(...extraDirs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-knowledge-"));
  cpSync(knowledgeDir, dir, { recursive: true });
  for (const extra of extraDirs) cpSync(extra, dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Rewrites one file of a temp copy with a function of its current text. */
export function editFile(dir: string, relative: string, edit: (text: string) => string): void {
  const path = join(dir, relative);
  writeFileSync(path, edit(readFileSync(path, "utf8")));
}

/** The same folding as the evaluation's score.mjs, so tests grade exactly as the held-out run does. */
export function scoreFold(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

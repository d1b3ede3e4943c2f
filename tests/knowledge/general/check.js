#!/usr/bin/env node
// Checks the general evaluation corpus: every briefing parses (front matter, 3-8 paragraphs), every
// question line has the shared format, names a briefing that exists, and every must_quote_any is a
// verbatim span of that briefing's body after the same folding the scorer uses.
//
//   node tests/knowledge/general/check.mjs [questions-file ...]
import process from "node:process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const KINDS = {
  answer: ["direct", "paraphrase", "typo", "numeric", "why", "multihop"],
  decline: ["out_of_scope", "adversarial"],
};
const fold = (s) =>
  String(s ?? "")
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();

const problems = [];
const bodies = new Map();
for (const name of readdirSync(path.join(HERE, "briefings")).sort()) {
  const file = path.join(HERE, "briefings", name);
  const text = readFileSync(file, "utf8").replace(/\r\n/g, "\n");
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!name.endsWith(".md") || match === null) {
    problems.push(`${file}: not a .md file with a --- front matter block ---`);
    continue;
  }
  const id = /^id:\s*(\S+)\s*$/m.exec(match[1])?.[1];
  if (id !== name.slice(0, -3)) problems.push(`${file}: front matter id must be "${name.slice(0, -3)}"`);
  for (const key of ["title", "publisher"]) {
    if (!new RegExp(`^${key}:\\s*\\S`, "m").test(match[1]))
      problems.push(`${file}: front matter needs ${key}`);
  }
  const paragraphs = text
    .slice(match[0].length)
    .split(/\n[ \t]*\n/)
    .filter((p) => p.trim() !== "");
  if (paragraphs.length < 3 || paragraphs.length > 8) {
    problems.push(`${file}: ${paragraphs.length} paragraphs (want 3 to 8)`);
  }
  bodies.set(name.slice(0, -3), paragraphs.map(fold));
}

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(HERE)
      .filter((f) => /^questions-.*\.jsonl$/.test(f))
      .map((f) => path.join(HERE, f));
const seen = new Set();
const perBriefing = new Map();
for (const file of files) {
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, index) => {
      if (line.trim() === "") return;
      const where = `${file}:${index + 1}`;
      let q;
      try {
        q = JSON.parse(line);
      } catch {
        problems.push(`${where}: not JSON`);
        return;
      }
      if (typeof q.id !== "string" || seen.has(q.id)) problems.push(`${where}: id missing or repeated`);
      seen.add(q.id);
      const paragraphs = bodies.get(q.briefing);
      if (paragraphs === undefined) problems.push(`${where}: unknown briefing ${q.briefing}`);
      if (typeof q.q !== "string" || q.q.trim() === "") problems.push(`${where}: empty q`);
      if (!KINDS[q.expect]?.includes(q.kind))
        problems.push(`${where}: kind ${q.kind} does not fit expect ${q.expect}`);
      if (q.expect === "answer") {
        if (!Array.isArray(q.must_quote_any) || q.must_quote_any.length === 0) {
          problems.push(`${where}: an answer needs must_quote_any`);
        } else if (paragraphs !== undefined) {
          for (const quote of q.must_quote_any) {
            if (fold(quote).length < 8) problems.push(`${where}: quote too short: ${quote}`);
            if (!paragraphs.some((p) => p.includes(fold(quote)))) {
              problems.push(`${where}: quote not in one paragraph of ${q.briefing}: ${quote}`);
            }
          }
        }
      } else if (q.must_quote_any !== undefined && q.must_quote_any.length > 0) {
        problems.push(`${where}: a decline has no quotes`);
      }
      const count = perBriefing.get(q.briefing) ?? { answer: 0, decline: 0 };
      count[q.expect] = (count[q.expect] ?? 0) + 1;
      perBriefing.set(q.briefing, count);
    });
}
for (const [id, count] of perBriefing)
  process.stdout.write(`${id}: ${count.answer} answer, ${count.decline} decline\n`);
for (const problem of problems) process.stderr.write(`${problem}\n`);
process.stdout.write(
  `${problems.length === 0 ? `ok: ${bodies.size} briefings, ${seen.size} questions` : `${problems.length} problems`}\n`,
);
process.exitCode = problems.length === 0 ? 0 : 1;

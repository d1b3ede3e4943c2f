/**
 * `npm run ask -- "question"` (text), `--json` (one object) or `--jsonl` (reads {"id","q"} lines
 * from stdin, writes one result line each). The knowledge base is loaded once per process.
 * Only results go to stdout; problems go to stderr.
 */
import { createInterface } from "node:readline";

import { z } from "zod";

import { loadConfigOrExit } from "../config.js";
import { createAnswerEngine } from "../knowledge/answer.js";
import { KnowledgeLoadError, loadKnowledge } from "../knowledge/load.js";
import type { AnswerEngine, AnswerResult, CitedQuote, KnowledgeBase } from "../knowledge/types.js";

const USAGE = 'usage: npm run ask -- "question" [--json] | npm run ask -- --jsonl < questions.jsonl';

const lineSchema = z.object({
  id: z.union([z.string(), z.number()], { error: "id must be a string or number" }),
  q: z.string({ error: "q must be a string" }),
});

/** The --jsonl / --json record (DESIGN §3). */
function toRecord(id: string | number | undefined, result: AnswerResult) {
  const answered = result.kind === "answer";
  return {
    ...(id === undefined ? {} : { id }),
    answered,
    quote: answered ? result.best.text : "",
    citation: answered ? result.best.citation : null,
    score: answered ? result.score : 0,
    suggestions: answered ? [] : [...result.suggestions],
  };
}

function citationLine(quote: CitedQuote, kb: KnowledgeBase): string {
  const briefing = kb.getBriefing(quote.citation.briefing);
  const title = briefing === undefined ? quote.citation.briefing : `"${briefing.title}"`;
  return `¶${quote.citation.paragraph} · ${title}${briefing === undefined ? "" : ` · ${briefing.publisher}`}`;
}

function toText(result: AnswerResult, kb: KnowledgeBase): string {
  if (result.kind === "answer") {
    const lines = [`> ${result.best.text}`, `— ${citationLine(result.best, kb)}`];
    if (result.related.length > 0) {
      lines.push("", "Related:");
      for (const quote of result.related) lines.push(`  > ${quote.text}`, `    — ${citationLine(quote, kb)}`);
    }
    return lines.join("\n");
  }
  const lines = [
    result.reason === "empty"
      ? "Please ask a question about the briefing."
      : "The briefing doesn't say. I only answer from its text.",
  ];
  if (result.suggestions.length > 0) {
    lines.push("", "You could ask:");
    for (const suggestion of result.suggestions) lines.push(`  - ${suggestion}`);
  }
  return lines.join("\n");
}

async function runJsonl(engine: AnswerEngine): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    let parsed: z.infer<typeof lineSchema>;
    try {
      parsed = lineSchema.parse(JSON.parse(line));
    } catch {
      process.stderr.write(`ask: stdin line ${lineNumber}: expected {"id","q"} JSON; skipped\n`);
      continue;
    }
    process.stdout.write(`${JSON.stringify(toRecord(parsed.id, engine.answer(parsed.q)))}\n`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((arg) => arg.startsWith("--")));
  const question = args.filter((arg) => !arg.startsWith("--")).join(" ");
  const unknownFlags = [...flags].filter((flag) => flag !== "--json" && flag !== "--jsonl");
  if (unknownFlags.length > 0 || (!flags.has("--jsonl") && args.length === 0)) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const config = loadConfigOrExit();
  let kb: KnowledgeBase;
  try {
    kb = loadKnowledge(config.knowledgeDir);
  } catch (error) {
    if (!(error instanceof KnowledgeLoadError)) throw error;
    process.stderr.write(
      `ask: knowledge base is invalid; run npm run knowledge:check\n${error.problems.join("\n")}\n`,
    );
    process.exit(1);
  }
  const engine = createAnswerEngine(kb);
  if (flags.has("--jsonl")) {
    await runJsonl(engine);
    return;
  }
  const result = engine.answer(question);
  process.stdout.write(
    flags.has("--json")
      ? `${JSON.stringify({
          ...toRecord(undefined, result),
          ...(result.kind === "answer" ? { related: result.related } : { reason: result.reason }),
        })}\n`
      : `${toText(result, kb)}\n`,
  );
}

await main();

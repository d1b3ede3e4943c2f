/**
 * `npm run bench -- answers`: the answer engine against naive fuse.js and MiniSearch BM25 over
 * the same sentences (warm latency and accuracy on the dev questions), at scale on synthetic
 * briefings, and cold start to the first answer in a fresh process.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import Fuse from "fuse.js";
import MiniSearch from "minisearch";

import { createAnswerEngine } from "../src/knowledge/answer.js";
import { buildKnowledgeBase, contentHash, loadKnowledge } from "../src/knowledge/load.js";
import { segmentSentences } from "../src/knowledge/segment.js";
import type { Briefing, Paragraph } from "../src/knowledge/types.js";
import { ms, printTable, ratio, summarize, timeEach } from "./stats.js";

const ROOT = join(import.meta.dirname, "..");
const DEV_QUESTIONS = "/work/shared/eval/dev-questions.jsonl";
/** Rounds over the dev questions: enough samples (28 x 40) for a stable p99. */
const WARM_ROUNDS = 40;
/** Synthetic corpus size asked for by the issue: 2,000 briefings, about 25,000 sentences. */
const SYNTHETIC_BRIEFINGS = 2000;
const SENTENCES_PER_PARAGRAPH = 3;
const PARAGRAPHS_PER_BRIEFING = 4;
const SCALE_QUERIES = 1000;
const COLD_RUNS = 3;
/** Baseline "answered" cut-offs: fuse.js score (0 = exact) and a positive BM25 score. */
const FUSE_ANSWER_THRESHOLD = 0.6;

interface DevQuestion {
  id: string;
  q: string;
  expect: "answer" | "decline";
  must_quote_any: string[];
}

const fold = (text: string) =>
  text
    .normalize("NFKC")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, "-")
    .replace(/\s+/g, " ")
    .toLowerCase();

function accuracy(questions: readonly DevQuestion[], answer: (q: string) => string | undefined): string {
  let right = 0;
  for (const question of questions) {
    const quote = answer(question.q);
    const ok =
      question.expect === "decline"
        ? quote === undefined
        : quote !== undefined &&
          question.must_quote_any.some((expected) => fold(quote).includes(fold(expected)));
    if (ok) right++;
  }
  return `${right}/${questions.length}`;
}

function warmComparison(): void {
  const questions = readFileSync(DEV_QUESTIONS, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as DevQuestion);
  const kb = loadKnowledge(join(ROOT, "knowledge"));
  const engine = createAnswerEngine(kb);
  const sentences = kb.briefings.flatMap((briefing) =>
    briefing.paragraphs.flatMap((paragraph) => paragraph.sentences.map((sentence) => sentence.text)),
  );
  const fuse = new Fuse(
    sentences.map((text, id) => ({ id, text })),
    { keys: ["text"], includeScore: true, ignoreLocation: true },
  );
  const mini = new MiniSearch<{ id: number; text: string }>({ fields: ["text"], storeFields: ["text"] });
  mini.addAll(sentences.map((text, id) => ({ id, text })));

  const ours = (q: string) => {
    const result = engine.answer(q);
    return result.kind === "answer" ? result.best.text : undefined;
  };
  const naiveFuse = (q: string) => {
    const best = fuse.search(q)[0];
    return best !== undefined && (best.score ?? 1) <= FUSE_ANSWER_THRESHOLD ? best.item.text : undefined;
  };
  const bm25 = (q: string) => {
    const best = mini.search(q, { fuzzy: 0.2, prefix: true })[0];
    return best === undefined ? undefined : String(best.text);
  };

  const count = questions.length * WARM_ROUNDS;
  const at = (index: number) => questions[index % questions.length]?.q ?? "";
  // Interleave the three engines question by question, so machine noise hits them alike.
  const engines = [ours, naiveFuse, bm25];
  const samples: number[][] = [[], [], []];
  for (let index = 0; index < questions.length; index++) for (const run of engines) run(at(index));
  for (let index = 0; index < count; index++) {
    engines.forEach((run, which) => {
      samples[which]?.push(timeEach(1, () => run(at(index)))[0] ?? NaN);
    });
  }
  const timed = {
    ours: summarize(samples[0] ?? []),
    fuse: summarize(samples[1] ?? []),
    bm25: summarize(samples[2] ?? []),
  };
  process.stdout.write(`\nWarm latency per question on the dev set (${count} answers each, ms)\n`);
  printTable(
    ["engine", "dev right", "mean", "p99", "p99 vs ours", "mean vs ours"],
    [
      ["briefbot", accuracy(questions, ours), ms(timed.ours.mean), ms(timed.ours.p99), "1.00x", "1.00x"],
      [
        "naive fuse.js",
        accuracy(questions, naiveFuse),
        ms(timed.fuse.mean),
        ms(timed.fuse.p99),
        ratio(timed.fuse.p99, timed.ours.p99),
        ratio(timed.fuse.mean, timed.ours.mean),
      ],
      [
        "MiniSearch BM25",
        accuracy(questions, bm25),
        ms(timed.bm25.mean),
        ms(timed.bm25.p99),
        ratio(timed.bm25.p99, timed.ours.p99),
        ratio(timed.bm25.mean, timed.ours.mean),
      ],
    ],
  );
}

/** A small deterministic PRNG so the synthetic corpus is the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function syntheticBriefings(): { briefings: Briefing[]; vocabulary: string[] } {
  const random = prng(42);
  const real =
    readFileSync(join(ROOT, "knowledge", "briefings", "china-rust-belt.md"), "utf8")
      .toLowerCase()
      .match(/[a-z]{3,}/g) ?? [];
  const made = Array.from(
    { length: 6000 },
    (_, index) => `${["kor", "val", "mip", "dus", "tre"][index % 5] ?? ""}${index.toString(36)}`,
  );
  const vocabulary = [...new Set([...real, ...made])];
  const pick = () => vocabulary[Math.floor(random() * vocabulary.length)] ?? "word";
  const sentence = () => {
    const length = 8 + Math.floor(random() * 14);
    const words = Array.from({ length }, pick);
    const first = words[0] ?? "word";
    words[0] = first.charAt(0).toUpperCase() + first.slice(1);
    if (random() < 0.3) words.splice(3, 0, String(Math.floor(random() * 1000)));
    return `${words.join(" ")}.`;
  };
  const briefings: Briefing[] = [];
  for (let index = 0; index < SYNTHETIC_BRIEFINGS; index++) {
    const paragraphs: Paragraph[] = Array.from({ length: PARAGRAPHS_PER_BRIEFING }, (_, number) => {
      const text = Array.from({ length: SENTENCES_PER_PARAGRAPH + Math.floor(random() * 2) }, sentence).join(
        " ",
      );
      return { number: number + 1, text, sentences: segmentSentences(text) };
    });
    briefings.push({
      id: `synthetic-${index}`,
      title: `Synthetic briefing ${index}`,
      publisher: "Bench",
      hash: contentHash(paragraphs.map((paragraph) => paragraph.text).join("\n\n")),
      paragraphs,
    });
  }
  return { briefings, vocabulary };
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

function scale(): void {
  const { briefings, vocabulary } = syntheticBriefings();
  const sentenceCount = briefings.reduce(
    (sum, briefing) =>
      sum + briefing.paragraphs.reduce((inner, paragraph) => inner + paragraph.sentences.length, 0),
    0,
  );
  const real = loadKnowledge(join(ROOT, "knowledge"));
  const kb = buildKnowledgeBase(
    [...real.briefings, ...briefings],
    real.topics,
    real.facts,
    real.quizItems,
    real.lexicon,
    real.nearMisses,
  );
  const heapBefore = heapUsed();
  const buildStart = performance.now();
  const engine = createAnswerEngine(kb);
  const buildMs = performance.now() - buildStart;
  const heapDelta = heapUsed() - heapBefore;

  const random = prng(7);
  const queries = Array.from({ length: SCALE_QUERIES }, (_, index) => {
    const words = Array.from(
      { length: 2 + (index % 5) },
      () => vocabulary[Math.floor(random() * vocabulary.length)] ?? "",
    );
    // Every third query carries a typo, so the spelling corrector is part of the measurement.
    if (index % 3 === 0 && words[0] !== undefined && words[0].length > 4)
      words[0] = words[0].slice(0, -2) + words[0].slice(-1);
    return `what about ${words.join(" ")}?`;
  });
  const samples = timeEach(queries.length, (index) => engine.answer(queries[index] ?? ""), 20);
  const stats = summarize(samples);
  const devSamples = summarize(
    timeEach(
      200,
      (index) =>
        engine.answer(
          ["why did dongbei decline", "dongbie gpd shrae", "what is the unemployment rate"][index % 3] ?? "",
        ),
      10,
    ),
  );
  process.stdout.write(
    `\nScale: ${briefings.length + real.briefings.length} briefings, ${sentenceCount} synthetic sentences + the real one\n`,
  );
  printTable(
    ["measure", "value", "goal", "ratio to goal"],
    [
      ["index build", `${ms(buildMs)} ms`, "-", "-"],
      ["heap delta", `${(heapDelta / 1024 / 1024).toFixed(1)} MB`, "-", "-"],
      ["query mean (synthetic)", `${ms(stats.mean)} ms`, "-", "-"],
      ["query p99 (synthetic)", `${ms(stats.p99)} ms`, "20 ms", ratio(stats.p99, 20)],
      ["query p99 (dev-style)", `${ms(devSamples.p99)} ms`, "20 ms", ratio(devSamples.p99, 20)],
    ],
  );
}

/** The cold-start question: one the shipped briefing answers. */
const QUESTION = "what share of GDP does Dongbei contribute?";

function coldStart(): void {
  const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
  const run = (args: string[]) => {
    const start = performance.now();
    const child = spawnSync(process.execPath, args, {
      cwd: ROOT,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn" },
    });
    if (child.status !== 0) throw new Error(`cold start failed: ${child.stderr}`);
    return performance.now() - start;
  };
  const node = summarize(Array.from({ length: COLD_RUNS }, () => run(["-e", "0"])));
  const tsxNoop = summarize(Array.from({ length: COLD_RUNS }, () => run([tsxCli, "-e", "0"])));
  // `npm run ask` runs through scripts/start.js (esbuild's cached transpile), as `npm start` does.
  const ask = summarize(
    Array.from({ length: COLD_RUNS }, () =>
      run([join(ROOT, "scripts/start.js"), "src/cli/ask.ts", QUESTION]),
    ),
  );
  const askTsx = summarize(
    Array.from({ length: COLD_RUNS }, () => run([tsxCli, join(ROOT, "src/cli/ask.ts"), QUESTION])),
  );
  process.stdout.write(`\nCold start to first answer (fresh process, median of ${COLD_RUNS})\n`);
  printTable(
    ["process", "ms", "vs bare node", "vs tsx no-op"],
    [
      ["node -e 0", ms(node.p50), "1.00x", ratio(node.p50, tsxNoop.p50)],
      ["tsx -e 0", ms(tsxNoop.p50), ratio(tsxNoop.p50, node.p50), "1.00x"],
      ["npm run ask", ms(ask.p50), ratio(ask.p50, node.p50), ratio(ask.p50, tsxNoop.p50)],
      ["ask under tsx", ms(askTsx.p50), ratio(askTsx.p50, node.p50), ratio(askTsx.p50, tsxNoop.p50)],
    ],
  );
}

/** The bench runner expects an async default export; the measurements themselves are synchronous. */
export default function answersBench(): Promise<void> {
  warmComparison();
  scale();
  coldStart();
  return Promise.resolve();
}

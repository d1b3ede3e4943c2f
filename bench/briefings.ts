/**
 * `npm run bench -- briefings`: servers with their own briefings. 1,000 servers each add 5
 * briefings of about 400 words (sentences drawn from the shared evaluation briefings, each text
 * made unique), through the real Library over a real SQLite file. Reports, against baselines
 * measured in the same run (the shipped briefing alone):
 * - the time to add and read one briefing on /briefing add (goal: p99 <= 200 ms);
 * - memory (RSS and heap) per loaded briefing, and what unloading idle servers gives back;
 * - /ask p99 with the server's current briefing chosen, against /ask with one briefing loaded.
 * BENCH_SERVERS overrides the number of servers (for a quick run).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

import pino from "pino";

import { ManualClock } from "../src/clock.js";
import { createAnswerEngine } from "../src/knowledge/answer.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import { IDLE_UNLOAD_MS, Library } from "../src/library/library.js";
import { openStore } from "../src/store/index.js";
import { ms, printTable, ratio, summarize } from "./stats.js";

const ROOT = join(import.meta.dirname, "..");
const SHARED_BRIEFINGS = join(ROOT, "..", "shared", "eval", "general", "briefings");
const SERVERS = Number(process.env.BENCH_SERVERS ?? 1_000);
const OWN_PER_SERVER = 5;
const WORDS_PER_BRIEFING = 400;
const SENTENCES_PER_PARAGRAPH = 4;
const ASKS = 2_000;
/**
 * Servers asked: each one's first ask builds its engine (timed apart). A sample, not all 1,000: an
 * engine costs megabytes, and the memory per engine is what the table reports.
 */
const ASKED_SERVERS = Math.min(100, SERVERS);
const ADD_P99_GOAL_MS = 200;

/** mulberry32, as elsewhere in the benches: the same run every time. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentencePool(): string[] {
  const files = readdirSync(SHARED_BRIEFINGS).filter((file) => file.endsWith(".md"));
  return files.flatMap((file) =>
    readFileSync(join(SHARED_BRIEFINGS, file), "utf8")
      .replace(/^---\n[\s\S]*?\n---\n/, "")
      .split(/(?<=[.!?])\s+/)
      .map((sentence) => sentence.replace(/\s+/g, " ").trim())
      .filter((sentence) => sentence.split(" ").length >= 6),
  );
}

/** A unique ~400-word briefing in the front-matter format, and a question about one of its sentences. */
function syntheticBriefing(pool: readonly string[], server: number, index: number, random: () => number) {
  const sentences: string[] = [
    `Observers in district ${server}-${index} said output fell by ${1 + ((server * 7 + index) % 90)} percent in ${1990 + (index % 30)}.`,
  ];
  let words = sentences[0]?.split(" ").length ?? 0;
  while (words < WORDS_PER_BRIEFING) {
    const sentence = pool[Math.floor(random() * pool.length)] ?? "";
    sentences.push(sentence);
    words += sentence.split(" ").length;
  }
  const paragraphs: string[] = [];
  for (let at = 0; at < sentences.length; at += SENTENCES_PER_PARAGRAPH) {
    paragraphs.push(sentences.slice(at, at + SENTENCES_PER_PARAGRAPH).join(" "));
  }
  const id = `s${server}-b${index}`;
  const text = `---\nid: ${id}\ntitle: "Bench briefing ${server}.${index}"\npublisher: Bench\n---\n\n${paragraphs.join("\n\n")}\n`;
  const asked = sentences[1 + Math.floor(random() * (sentences.length - 1))] ?? "";
  const question = `Why ${asked
    .split(" ")
    .slice(1, 9)
    .join(" ")
    .replace(/[.,;:!?]+$/, "")}?`;
  return { id, text, question };
}

/** tsx runs this in a thread without --expose-gc; V8 can still hand out gc() on request. */
function collector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
const gc = collector();

function memory(): { rss: number; heap: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;

export default async function briefingsBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-briefings-"));
  const store = openStore(join(dir, "bench.sqlite"));
  try {
    const shipped = loadKnowledge(join(ROOT, "knowledge"));
    const shippedAnswers = createAnswerEngine(shipped);
    const clock = new ManualClock(new Date("2026-12-01T00:00:00Z"));
    const library = new Library({
      shipped,
      shippedAnswers,
      repository: store.briefings,
      clock,
      logger: pino({ level: "silent" }),
      // Everything stays loaded, so the memory of each briefing can be measured (the bot's own
      // budget, LOADED_BRIEFINGS_MAX, would unload the oldest servers along the way).
      loadedBriefingsMax: Number.POSITIVE_INFINITY,
    });
    const pool = sentencePool();
    const random = prng(17);

    // Baseline: one briefing loaded, questions about it.
    const baselineQuestions =
      shipped.briefings[0]?.paragraphs.flatMap((paragraph) =>
        paragraph.sentences.map((sentence) => `Why ${sentence.text.split(" ").slice(1, 9).join(" ")}?`),
      ) ?? [];
    const timeBaseline = () => {
      const times: number[] = [];
      for (let round = 0; round < ASKS; round++) {
        const question = baselineQuestions[round % baselineQuestions.length] ?? "";
        const started = performance.now();
        shippedAnswers.answer(question);
        times.push(performance.now() - started);
      }
      return times;
    };
    // Twice: the first round warms the JIT up, so the baseline is not slowed by it.
    timeBaseline();
    const baseline = summarize(timeBaseline());
    const before = memory();

    // 1,000 servers add 5 briefings each, as /briefing add does (stored, parsed, read).
    const addTimes: number[] = [];
    const questions = new Map<string, { briefing: string; question: string }>();
    const startedAll = performance.now();
    for (let server = 0; server < SERVERS; server++) {
      const guildId = `g${server}`;
      for (let index = 0; index < OWN_PER_SERVER; index++) {
        const made = syntheticBriefing(pool, server, index, random);
        const started = performance.now();
        const added = await library.add(guildId, { fileName: `${made.id}.md`, text: made.text }, "bench");
        addTimes.push(performance.now() - started);
        if (!added.ok) throw new Error(`bench: ${made.id} was refused: ${added.problem}`);
        if (index === OWN_PER_SERVER - 1)
          questions.set(guildId, { briefing: made.id, question: made.question });
      }
      const chosen = questions.get(guildId);
      if (chosen !== undefined) await library.use(guildId, chosen.briefing, "bench");
    }
    const loadSeconds = (performance.now() - startedAll) / 1000;
    const loaded = memory();
    const briefings = SERVERS * OWN_PER_SERVER;
    const stats = library.stats();

    // /ask with the right briefing chosen: each server's first ask builds its engine (timed apart).
    const firstAsk: number[] = [];
    const asks: number[] = [];
    const servers = [...questions.keys()].slice(0, ASKED_SERVERS);
    for (let round = 0; round < ASKS + servers.length; round++) {
      const guildId =
        round < servers.length ? servers[round] : servers[Math.floor(random() * servers.length)];
      const asked = questions.get(guildId ?? "");
      if (guildId === undefined || asked === undefined) continue;
      const started = performance.now();
      const server = await library.forGuild(guildId);
      const result = server.answers.answer(asked.question, {
        briefing: server.current?.id ?? asked.briefing,
      });
      (round < servers.length ? firstAsk : asks).push(performance.now() - started);
      if (result.kind === "answer" && result.best.citation.briefing !== asked.briefing) {
        throw new Error(`bench: ${guildId} was answered from ${result.best.citation.briefing}`);
      }
    }
    const withEngines = memory();
    const add = summarize(addTimes);
    const ask = summarize(asks);
    const first = summarize(firstAsk);

    // Every server idle for 30 days: all unloaded.
    clock.advance(IDLE_UNLOAD_MS + 60_000);
    const unloaded = library.sweep();
    const afterUnload = memory();

    process.stdout.write(
      `\n${SERVERS} servers × ${OWN_PER_SERVER} own briefings of ~${WORDS_PER_BRIEFING} words (${briefings} briefings, ${stats.sets} sets, loaded in ${loadSeconds.toFixed(1)} s)\n`,
    );
    printTable(
      ["measure", "value", "baseline (one briefing)", "ratio"],
      [
        [
          "add + read one briefing, p50",
          `${ms(add.p50)} ms`,
          `goal ${ADD_P99_GOAL_MS} ms`,
          ratio(add.p50, ADD_P99_GOAL_MS),
        ],
        [
          "add + read one briefing, p99",
          `${ms(add.p99)} ms`,
          `goal ${ADD_P99_GOAL_MS} ms`,
          ratio(add.p99, ADD_P99_GOAL_MS),
        ],
        [
          "/ask p50, current briefing",
          `${ms(ask.p50)} ms`,
          `${ms(baseline.p50)} ms`,
          ratio(ask.p50, baseline.p50),
        ],
        [
          "/ask p99, current briefing",
          `${ms(ask.p99)} ms`,
          `${ms(baseline.p99)} ms`,
          ratio(ask.p99, baseline.p99),
        ],
        [
          "first /ask of a server (builds its engine), p99",
          `${ms(first.p99)} ms`,
          `${ms(baseline.p99)} ms`,
          ratio(first.p99, baseline.p99),
        ],
        ["RSS, briefings read", mb(loaded.rss), mb(before.rss), ratio(loaded.rss, before.rss)],
        ["RSS, engines built too", mb(withEngines.rss), mb(before.rss), ratio(withEngines.rss, before.rss)],
        ["heap per loaded briefing (read)", kb((loaded.heap - before.heap) / briefings), "-", "-"],
        [
          `heap per server engine (${servers.length} servers asked)`,
          mb((withEngines.heap - loaded.heap) / Math.max(1, servers.length)),
          "-",
          "-",
        ],
        [
          `heap after unloading ${unloaded} idle servers`,
          mb(afterUnload.heap),
          mb(before.heap),
          ratio(afterUnload.heap, before.heap),
        ],
      ],
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- discord`: bursts of 1,000 interactions through the fake Discord, timed from
 * each dispatch leaving the fake gateway to its callback arriving at the fake REST, for
 * (a) briefbot's /ask, run as `npm start` runs it (src/main.ts in its own process, with the start
 * script's Node flags), and (b) a bare discord.js bot that replies "ok", run the same way, as the
 * baseline — in one run. Besides latency, each bot's CPU time per timed interaction is read from
 * /proc: it counts all of the bot's threads (GC included) and is much steadier than latency on a
 * shared machine.
 * The fake stays in this process, so it never competes with a bot's event loop.
 * Goals: briefbot's p50 and p99 within 1.5x the baseline's; its RSS after the bursts ≤ 150 MB.
 * Both bots run twice: as `npm start` runs them (scripts/start.js: esbuild transpiles the sources at
 * start-up), then compiled by `npm run build` as a deployment runs them.
 */
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";

import {
  spawnBot,
  startScriptNodeFlags,
  type BotKind,
  type BotProcess,
  type BotRuntime,
} from "../tests/e2e/botProcess.js";
import { repoRoot } from "../tests/helpers/runScript.js";
import { runBurst } from "../tests/e2e/burst.js";
import { startFakeDiscord, type FakeDiscord } from "../tests/e2e/fakeDiscord.js";
import { makeUser } from "../tests/e2e/world.js";
import { ms, printTable, ratio, summarize } from "./stats.js";

/** The burst size. */
const BURST = 1_000;
/** Bursts before timing: two bring a fresh process to its steady state (JIT, connection pool). */
const WARMUP_BURSTS = 2;
/** Timed bursts per bot, alternating: their samples are pooled, which steadies p99 on a shared machine. */
const ROUNDS = 4;
/** Start-up in a child process (the start script transpiles first). */
const START_MS = 60_000;
/** A burst not fully answered by then counts its missing callbacks as missed. */
const BURST_WAIT_MS = 60_000;
const BYTES_PER_MB = 1024 * 1024;
const RSS_GOAL_MB = 150;
const RATIO_GOAL = 1.5;

const QUESTIONS = [
  "What share of GDP does Dongbei contribute?",
  "How many people live in Dongbei?",
  "What does Xi Jinping want for the economy?",
  "What does Trump want to revive?",
  "What is Dongbei?",
];

interface Running {
  readonly kind: BotKind;
  readonly fake: FakeDiscord;
  readonly bot: BotProcess;
  /** RSS once ready and one interaction answered, before any burst. */
  readonly rssAtStartMb: number;
}

/** One fresh member per interaction, so briefbot's per-user cooldowns never decide the answer. */
function askPayload(fake: FakeDiscord, index: number) {
  const question = QUESTIONS[index % QUESTIONS.length] ?? "What is Dongbei?";
  return fake.slash("ask", { options: { question } }, { user: makeUser(`student${index}`) });
}

/** Where the compiled pair is built (git-ignored): `npm run build` with tsconfig.bench.json adds the baseline bot. */
const COMPILED_OUT_DIR = join(repoRoot, ".bench-build");

function buildCompiled(): BotRuntime {
  const built = spawnSync(
    process.execPath,
    [
      join(repoRoot, "scripts/build.js"),
      "--project",
      join(repoRoot, "tsconfig.bench.json"),
      "--outDir",
      COMPILED_OUT_DIR,
      "--noCheck",
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  if (built.status !== 0)
    throw new Error(`bench/discord: the compiled build failed (exit ${String(built.status)})`);
  return { kind: "compiled", outDir: COMPILED_OUT_DIR };
}

async function start(kind: BotKind, runtime: BotRuntime): Promise<Running> {
  // Timing only: Discord's 3 s refusal would turn slow answers into missing ones.
  const fake = await startFakeDiscord({ ackDeadlineMs: Infinity });
  const bot = spawnBot(fake, kind, [], runtime);
  await fake.waitForReady(START_MS);
  await fake.callbackFor(fake.injectInteraction(askPayload(fake, 0)), START_MS);
  return { kind, fake, bot, rssAtStartMb: bot.rssBytes() / BYTES_PER_MB };
}

const burst = ({ fake }: Running) => runBurst(fake, BURST, (index) => askPayload(fake, index), BURST_WAIT_MS);

async function stop({ fake, bot }: Running): Promise<void> {
  await bot.stop();
  await fake.close();
}

/**
 * Both bots are started first, then take turns: their cold bursts back to back, warm-up, then
 * alternating timed bursts, so a change in the shared machine's load hits both alike.
 */
export default async function (): Promise<void> {
  process.stdout.write("### as `npm start` runs it: transpiled by esbuild at start-up (scripts/start.js)\n");
  await measurePair({ kind: "start" }, "npm start");
  process.stdout.write(
    "\n### compiled, as a deployment runs it: `npm run build`, then `node dist/src/main.js`\n",
  );
  await measurePair(buildCompiled(), "compiled");
}

async function measurePair(runtime: BotRuntime, label: string): Promise<void> {
  const baseline = await start("baseline", runtime);
  const briefbot = await start("briefbot", runtime);
  try {
    const cold = { baseline: await burst(baseline), briefbot: await burst(briefbot) };
    for (let round = 1; round < WARMUP_BURSTS; round++) {
      await burst(baseline);
      await burst(briefbot);
    }
    const warm = { baseline: [] as number[], briefbot: [] as number[] };
    const cpuMs = { baseline: 0, briefbot: 0 };
    let missed = cold.baseline.unanswered.length + cold.briefbot.unanswered.length;
    for (let round = 0; round < ROUNDS; round++) {
      for (const running of [baseline, briefbot]) {
        const cpuBefore = running.bot.cpuMs();
        const result = await burst(running);
        cpuMs[running.kind] += running.bot.cpuMs() - cpuBefore;
        warm[running.kind].push(...result.latenciesMs);
        missed += result.unanswered.length;
      }
    }
    const rss = {
      baseline: baseline.bot.rssBytes() / BYTES_PER_MB,
      briefbot: briefbot.bot.rssBytes() / BYTES_PER_MB,
    };
    const stats = {
      cold: {
        baseline: summarize(cold.baseline.latenciesMs),
        briefbot: summarize(cold.briefbot.latenciesMs),
      },
      warm: { baseline: summarize(warm.baseline), briefbot: summarize(warm.briefbot) },
    };
    const row = (name: string, phase: "cold" | "warm", kind: BotKind) => {
      const own = stats[phase][kind];
      const base = stats[phase].baseline;
      return [
        name,
        phase === "cold" ? "1st burst" : `${ROUNDS} bursts`,
        String(own.count),
        ms(own.p50),
        ms(own.p99),
        ms(own.max),
        ratio(own.p50, base.p50),
        ratio(own.p99, base.p99),
        phase === "cold" ? "" : (cpuMs[kind] / (ROUNDS * BURST)).toFixed(2),
        `${(kind === "baseline" ? baseline : briefbot).rssAtStartMb.toFixed(0)} -> ${rss[kind].toFixed(0)}`,
      ];
    };
    printTable(
      [
        "bot",
        "timed",
        "acked",
        "p50 ms",
        "p99 ms",
        "max ms",
        "p50 ratio",
        "p99 ratio",
        "CPU ms each",
        "RSS MB start -> end",
      ],
      [
        row("baseline: bare discord.js, replies ok", "warm", "baseline"),
        row(`briefbot /ask (${label})`, "warm", "briefbot"),
        row("baseline, fresh process", "cold", "baseline"),
        row("briefbot, fresh process", "cold", "briefbot"),
      ],
    );
    const p99Ratio = stats.warm.briefbot.p99 / stats.warm.baseline.p99;
    const p50Ratio = stats.warm.briefbot.p50 / stats.warm.baseline.p50;
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    process.stdout.write(
      `node flags (from npm start, both bots): ${startScriptNodeFlags().join(" ") || "none"}\n` +
        `missed callbacks: ${missed}; machine load average ${loadavg()[0]?.toFixed(1) ?? "?"}\n` +
        `goals: warm p50 ratio ${p50Ratio.toFixed(2)}x (≤ ${RATIO_GOAL}x: ${verdict(p50Ratio <= RATIO_GOAL)}), ` +
        `p99 ratio ${p99Ratio.toFixed(2)}x (≤ ${RATIO_GOAL}x: ${verdict(p99Ratio <= RATIO_GOAL)}); ` +
        `CPU per interaction ${ratio(cpuMs.briefbot, cpuMs.baseline)} the baseline's; ` +
        `briefbot RSS ${rss.briefbot.toFixed(0)} MB (≤ ${RSS_GOAL_MB} MB: ${verdict(rss.briefbot <= RSS_GOAL_MB)}; ` +
        `the baseline's ${rss.baseline.toFixed(0)} MB is what discord.js + the bursts cost alone)\n`,
    );
  } finally {
    await stop(baseline);
    await stop(briefbot);
  }
}

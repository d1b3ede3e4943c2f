/**
 * `npm run bench -- discord`: bursts of 1,000 interactions through the fake Discord, timed from
 * each dispatch leaving the fake gateway to its callback arriving at the fake REST, for
 * (a) briefbot's /ask, run as `npm start` runs it (src/main.ts in its own process), and
 * (b) a bare discord.js bot that replies "ok", run the same way, as the baseline — in one run.
 * The fake stays in this process, so it never competes with a bot's event loop.
 * Goals: briefbot's p50 and p99 within 1.5x the baseline's; its RSS after the bursts ≤ 150 MB.
 */
import { spawnBot, type BotKind } from "../tests/e2e/botProcess.js";
import { runBurst } from "../tests/e2e/burst.js";
import { startFakeDiscord, type FakeDiscord } from "../tests/e2e/fakeDiscord.js";
import { makeUser } from "../tests/e2e/world.js";
import { ms, printTable, ratio, summarize, type Summary } from "./stats.js";

/** The burst size. */
const BURST = 1_000;
/** Bursts before timing: two bring a fresh process to its steady state (JIT, connection pool). */
const WARMUP_BURSTS = 2;
/** Timed bursts per bot: their samples are pooled, which steadies p99 on a shared machine. */
const ROUNDS = 3;
/** Start-up in a child process (tsx compiles on the fly). */
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

interface Measured {
  /** The first burst into a fresh process. */
  readonly cold: Summary;
  /** The timed bursts after warm-up, pooled. */
  readonly warm: Summary;
  readonly missed: number;
  readonly rssMb: number;
}

/** One fresh member per interaction, so briefbot's per-user cooldowns never decide the answer. */
function askPayload(fake: FakeDiscord, index: number) {
  const question = QUESTIONS[index % QUESTIONS.length] ?? "What is Dongbei?";
  return fake.slash("ask", { options: { question } }, { user: makeUser(`student${index}`) });
}

async function measure(kind: BotKind): Promise<Measured> {
  // Timing only: Discord's 3 s refusal would turn slow answers into missing ones.
  const fake = await startFakeDiscord({ ackDeadlineMs: Infinity });
  const bot = spawnBot(fake, kind);
  try {
    await fake.waitForReady(START_MS);
    await fake.callbackFor(fake.injectInteraction(askPayload(fake, 0)), START_MS);
    const burst = () => runBurst(fake, BURST, (index) => askPayload(fake, index), BURST_WAIT_MS);
    const first = await burst();
    for (let round = 1; round < WARMUP_BURSTS; round++) await burst();
    const latencies: number[] = [];
    let missed = first.unanswered.length;
    for (let round = 0; round < ROUNDS; round++) {
      const result = await burst();
      latencies.push(...result.latenciesMs);
      missed += result.unanswered.length;
    }
    return {
      cold: summarize(first.latenciesMs),
      warm: summarize(latencies),
      missed,
      rssMb: bot.rssBytes() / BYTES_PER_MB,
    };
  } finally {
    await bot.stop();
    await fake.close();
  }
}

export default async function (): Promise<void> {
  const baseline = await measure("baseline");
  const briefbot = await measure("briefbot");
  const row = (name: string, phase: "cold" | "warm", bot: Measured, base: Measured) => [
    name,
    phase === "cold" ? "1st burst" : `${ROUNDS} bursts`,
    String(bot[phase].count),
    ms(bot[phase].p50),
    ms(bot[phase].p99),
    ms(bot[phase].max),
    ratio(bot[phase].p50, base[phase].p50),
    ratio(bot[phase].p99, base[phase].p99),
    bot.rssMb.toFixed(0),
  ];
  printTable(
    ["bot", "timed", "acked", "p50 ms", "p99 ms", "max ms", "p50 ratio", "p99 ratio", "RSS MB"],
    [
      row("baseline: bare discord.js, replies ok", "warm", baseline, baseline),
      row("briefbot /ask (npm start)", "warm", briefbot, baseline),
      row("baseline, cold process", "cold", baseline, baseline),
      row("briefbot, cold process", "cold", briefbot, baseline),
    ],
  );
  const warmRatio = briefbot.warm.p99 / baseline.warm.p99;
  process.stdout.write(
    `missed callbacks: baseline ${baseline.missed}, briefbot ${briefbot.missed}\n` +
      `goals: warm p99 ratio ${warmRatio.toFixed(2)}x (≤ ${RATIO_GOAL}x: ${warmRatio <= RATIO_GOAL ? "met" : "NOT met"}), ` +
      `briefbot RSS ${briefbot.rssMb.toFixed(0)} MB (≤ ${RSS_GOAL_MB} MB: ${briefbot.rssMb <= RSS_GOAL_MB ? "met" : "NOT met"}; ` +
      `both bots run under tsx, see the baseline's RSS for that share)\n`,
  );
}

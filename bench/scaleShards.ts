/**
 * Part 4 of `npm run bench -- scale`: memory of the sharded bot. The Discord benchmark's bursts
 * (2 warm-up + 4 timed bursts of 1,000 /ask, from fresh members) go to a fake Discord serving 4
 * shards and a shard manager running 2 shard processes of 2 shards each on PostgreSQL; then each
 * shard process's RSS is read. The baseline, in the same run: one unsharded briefbot process (as
 * `npm start` runs it, on SQLite) after the same bursts. Goal: ≤ 150 MB per shard process.
 */
import { isAlive, rssOf, spawnBot, type BotProcess } from "../tests/e2e/botProcess.js";
import { runBurst } from "../tests/e2e/burst.js";
import { startFakeDiscord, type FakeDiscord } from "../tests/e2e/fakeDiscord.js";
import { shardProcesses, SHARDED_START_MS } from "../tests/e2e/shardedBot.js";
import { snowflakeOnShard } from "../tests/e2e/snowflake.js";
import { makeUser } from "../tests/e2e/world.js";
import { ms, printTable, ratio, summarize } from "./stats.js";

const SHARDS = 4;
const SERVERS_PER_SHARD = 8;
const BURST = 1_000;
const WARMUP_BURSTS = 2;
const TIMED_BURSTS = 4;
const BURST_WAIT_MS = 60_000;
const BYTES_PER_MB = 1024 * 1024;
const RSS_GOAL_MB = 150;

const QUESTIONS = [
  "What share of GDP does Dongbei contribute?",
  "How many people live in Dongbei?",
  "What does Xi Jinping want for the economy?",
  "What does Trump want to revive?",
  "What is Dongbei?",
];

interface Measured {
  readonly latencies: number[];
  readonly missed: number;
}

/** The bursts, spread over every server (so over every shard), each /ask from a fresh member. */
async function bursts(fake: FakeDiscord): Promise<Measured> {
  const latencies: number[] = [];
  let missed = 0;
  for (let round = 0; round < WARMUP_BURSTS + TIMED_BURSTS; round++) {
    const result = await runBurst(
      fake,
      BURST,
      (index) =>
        fake.slash(
          "ask",
          { options: { question: QUESTIONS[index % QUESTIONS.length] ?? "What is Dongbei?" } },
          {
            guild: fake.guilds[index % fake.guilds.length] ?? fake.guild,
            user: makeUser(`student${round}-${index}`),
          },
        ),
      BURST_WAIT_MS,
    );
    if (round >= WARMUP_BURSTS) latencies.push(...result.latenciesMs);
    missed += result.unanswered.length;
  }
  return { latencies, missed };
}

async function fakeWithShards(shards: number): Promise<FakeDiscord> {
  const guilds = Array.from({ length: shards * SERVERS_PER_SHARD }, (_, index) => ({
    id: snowflakeOnShard(index % shards, shards),
  }));
  // Timing only: Discord's 3 s refusal would turn slow answers into missing ones.
  return startFakeDiscord({ guilds, recommendedShards: shards, maxConcurrency: 16, ackDeadlineMs: Infinity });
}

export default async function shardsRss(databaseUrl: string): Promise<void> {
  const single = await fakeWithShards(1);
  const sharded = await fakeWithShards(SHARDS);
  let baseline: BotProcess | undefined;
  let manager: BotProcess | undefined;
  try {
    baseline = spawnBot(single, "briefbot");
    await single.waitForReady(SHARDED_START_MS);
    manager = spawnBot(
      sharded,
      "briefbot",
      [],
      { kind: "start" },
      {
        DATABASE_URL: databaseUrl,
        SHARD_COUNT: String(SHARDS),
        SHARDS_PER_PROCESS: "2",
      },
    );
    await sharded.waitForShards([0, 1, 2, 3], SHARDED_START_MS);
    const processes = shardProcesses(manager);

    const one = await bursts(single);
    const many = await bursts(sharded);
    const baselineMb = baseline.rssBytes() / BYTES_PER_MB;
    const rows = processes.map((shardProcess) => {
      const mb = rssOf(shardProcess.pid) / BYTES_PER_MB;
      return { name: `shard process (shards ${shardProcess.shards.join(",")})`, mb };
    });
    const managerMb = manager.rssBytes() / BYTES_PER_MB;
    const oneStats = summarize(one.latencies);
    const manyStats = summarize(many.latencies);
    printTable(
      ["process", "RSS MB", "vs one unsharded process", "/ask p50 ms", "/ask p99 ms"],
      [
        [
          "one unsharded process, SQLite (baseline)",
          baselineMb.toFixed(0),
          "1.00x",
          ms(oneStats.p50),
          ms(oneStats.p99),
        ],
        ...rows.map((row) => [
          row.name,
          row.mb.toFixed(0),
          ratio(row.mb, baselineMb),
          ms(manyStats.p50),
          ms(manyStats.p99),
        ]),
        ["shard manager", managerMb.toFixed(0), ratio(managerMb, baselineMb), "", ""],
      ],
    );
    const worst = Math.max(...rows.map((row) => row.mb));
    process.stdout.write(
      `bursts: ${WARMUP_BURSTS} warm-up + ${TIMED_BURSTS} timed of ${BURST} /ask over ${SHARDS} shards; ` +
        `missed callbacks ${one.missed + many.missed}\n` +
        `goal: largest shard process ${worst.toFixed(0)} MB (≤ ${RSS_GOAL_MB} MB: ${worst <= RSS_GOAL_MB ? "met" : "NOT met"})\n`,
    );
    for (const shardProcess of processes)
      if (!isAlive(shardProcess.pid)) throw new Error("a shard process died");
  } finally {
    await manager?.stop();
    await baseline?.stop();
    await sharded.close();
    await single.close();
  }
}

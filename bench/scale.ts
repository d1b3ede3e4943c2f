/**
 * `npm run bench -- scale`: the PostgreSQL store and the sharded bot, against baselines measured
 * in the same run (absolute times on a shared machine are noisy; ratios much less so).
 *
 * 1. due-check for 100,000 servers, nothing due: DailyService.tick() on PostgreSQL vs SQLite
 *    (goal: ≤ 3× SQLite's p50, and ≤ 20 ms p50);
 * 2. 100 due posts claimed by 4 processes at once vs 1 process, on PostgreSQL: every post once,
 *    none twice; per post, start to marked sent (goal: p50 ≤ 2× one process's);
 * 3. 1,000 quiz answers from 2 processes on one game (every click arrives at both), through the
 *    real QuizService: PostgreSQL vs the same two processes on one SQLite file (goal: each answer
 *    recorded once; p99 ≤ 3× SQLite's);
 * 4. RSS of each shard process after the Discord benchmark's bursts (bench/scaleShards.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { tmpdir } from "node:os";
import { join } from "node:path";

import pg from "pg";
import { pino } from "pino";

import { ManualClock } from "../src/clock.js";
import { createDailyService } from "../src/daily/service.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import type { Messenger } from "../src/messenger.js";
import { generateQuiz } from "../src/quiz/generate.js";
import { openDatabase } from "../src/store/database.js";
import { connectStore, createStore, type Store, type StoreTarget } from "../src/store/index.js";
import { pgTypes } from "../src/store/postgres/pool.js";
import { spawnScript } from "../tests/helpers/runScript.js";
import { startBenchServer, type BenchServer } from "./pgServer.js";
import type { WorkerJob, WorkerResult } from "./scaleWorker.js";
import shardsRss from "./scaleShards.js";
import { ms, printTable, ratio, summarize, type Summary } from "./stats.js";

const SERVERS = 100_000;
const START = Date.UTC(2026, 5, 1, 0, 0, 0);
/** Schedules spread evenly over a day, one every 864 ms. */
const SPACING_MS = Math.floor(86_400_000 / SERVERS);
const SAMPLES = 2_000;
const WARMUP = 200;
const DUE_POSTS = 100;
const CLAIMING_PROCESSES = 4;
const ANSWERS = 1_000;
const ANSWERING_PROCESSES = 2;
/** Runs of each store, alternating and pooled, for the same reason as CLAIM_ROUNDS. */
const ANSWER_ROUNDS = 2;
/** From the last worker's "ready" to the shared start instant: time for the start to reach every worker. */
const START_MARGIN_MS = 200;
/**
 * Runs of each claiming set-up, alternating one process and four, pooled: four processes on a
 * 2-core machine make single runs noisy, and alternation spreads the machine's load over both.
 */
const CLAIM_ROUNDS = 3;
const GOALS = { dueRatio: 3, dueP50Ms: 20, claimRatio: 2, answerRatio: 3 } as const;

const knowledge = loadKnowledge(join(import.meta.dirname, "..", "knowledge"));
const silent = pino({ level: "silent" });
const noMessenger: Messenger = {
  send: () => Promise.resolve({ messageId: "100000000000000000" }),
  edit: () => Promise.resolve(),
  checkCanPost: () => Promise.resolve({ ok: true }),
  servesGuild: () => true,
};
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
const guildId = (index: number) => String(100000000000000000n + BigInt(index));

/** The same 100,000 schedules in each store: one per server, spread over the day, none due at START - 1. */
async function seedPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `INSERT INTO daily_schedules (guild_id, channel_id, local_time, time_zone, role_id, enabled, next_run_at,
       next_local_date, revision, updated_at)
     SELECT (100000000000000000 + i)::text, '200000000000000001', '09:00', 'UTC', NULL, 1,
       $1::bigint + i * $2::bigint, '2026-06-01', 1, $1::bigint
     FROM generate_series(0, $3::int - 1) AS i`,
    [START, SPACING_MS, SERVERS],
  );
  await client.query("ANALYZE");
  await client.end();
}

async function seedSqlite(path: string): Promise<Store> {
  const db = openDatabase(path);
  const store = createStore(db);
  db.exec("BEGIN");
  for (let index = 0; index < SERVERS; index++) {
    await store.daily.saveSettings(
      {
        guildId: guildId(index),
        channelId: "200000000000000001",
        localTime: "09:00",
        timeZone: "UTC",
        roleId: null,
        next: { at: new Date(START + index * SPACING_MS), localDate: "2026-06-01" },
      },
      new Date(START),
    );
  }
  db.exec("COMMIT");
  db.exec("ANALYZE");
  return store;
}

/**
 * Both stores' due-checks, sampled in turn (SQLite, PostgreSQL, SQLite...), so a change in the
 * shared machine's load hits both alike.
 */
async function dueChecks(path: string, url: string): Promise<{ sqlite: Summary; postgres: Summary }> {
  const stores = [await seedSqlite(path), await connectStore({ dialect: "postgres", url })];
  try {
    await seedPostgres(url);
    const clock = new ManualClock(START - 1);
    const services = stores.map((store) =>
      createDailyService({
        repository: store.daily,
        knowledge,
        messenger: noMessenger,
        clock,
        logger: silent,
      }),
    );
    const samples: number[][] = [[], []];
    for (let index = 0; index < WARMUP + SAMPLES; index++) {
      for (const [which, service] of services.entries()) {
        const started = performance.now();
        await service.tick();
        if (index >= WARMUP) samples[which]?.push(performance.now() - started);
      }
    }
    return { sqlite: summarize(samples[0] ?? []), postgres: summarize(samples[1] ?? []) };
  } finally {
    for (const store of stores) await store.close();
  }
}

/** Starts the workers, and once every one is ready, gives them all the same start instant. */
function runWorkers(jobs: readonly WorkerJob[]): Promise<WorkerResult[]> {
  let ready = 0;
  const children = jobs.map((job) => spawnScript("bench/scaleWorker.ts", [JSON.stringify(job)]));
  const results = children.map(
    (child) =>
      new Promise<WorkerResult>((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => {
          const before = stdout;
          stdout += chunk.toString();
          if (!before.includes("ready\n") && stdout.includes("ready\n") && ++ready === children.length) {
            const startAt = String(Date.now() + START_MARGIN_MS);
            for (const each of children) each.stdin.end(`${startAt}\n`);
          }
        });
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("close", (code) => {
          if (code !== 0) reject(new Error(`bench worker failed (${String(code)}): ${stderr}`));
          else resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as WorkerResult);
        });
      }),
  );
  return Promise.all(results);
}

/** 100 schedules due a second ago, claimed by `processes` workers at once. */
async function claims(server: BenchServer, processes: number) {
  const url = await server.createDatabase();
  const store = await connectStore({ dialect: "postgres", url });
  const due = new Date(Date.now() - 1_000);
  const hhmm = due.toISOString().slice(11, 16);
  for (let index = 0; index < DUE_POSTS; index++) {
    await store.daily.saveSettings(
      {
        guildId: guildId(index),
        channelId: "200000000000000001",
        localTime: hhmm,
        timeZone: "UTC",
        roleId: null,
        next: { at: due, localDate: due.toISOString().slice(0, 10) },
      },
      due,
    );
  }
  const results = await runWorkers(
    Array.from({ length: processes }, () => ({ kind: "daily", target: { dialect: "postgres", url } })),
  );
  const client = new pg.Client({ connectionString: url, types: pgTypes });
  await client.connect();
  const rows = await client.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM daily_posts WHERE status = 'sent'",
  );
  await client.end();
  await store.close();
  const posted = results.flatMap((result) => result.outcomes);
  return {
    samples: results.flatMap((result) => result.samplesMs),
    posts: new Set(posted).size,
    duplicates: posted.length - new Set(posted).size,
    sentRows: rows.rows[0]?.n ?? 0,
  };
}

/** One open round of one game, its question generated as the bot would, answered by 2 workers. */
async function answers(target: StoreTarget) {
  const store = await connectStore(target);
  const questions = generateQuiz(knowledge, { count: 1, seed: 1, mode: "buttons" });
  const now = new Date();
  await store.quiz.createGame({
    id: "bench-game",
    guildId: guildId(0),
    channelId: "300000000000000001",
    starterId: "starter",
    mode: "buttons",
    seconds: 60,
    topic: null,
    seed: 1,
    questionsJson: JSON.stringify(questions),
    at: now,
  });
  await store.quiz.beginRound("bench-game", 1, now);
  // Open for an hour: the whole run fits in it, so no answer is refused as late.
  await store.quiz.openRound("bench-game", 1, "message-1", new Date(now.getTime() + 3_600_000));
  await store.close();
  const job: WorkerJob = {
    kind: "quiz",
    target,
    gameId: "bench-game",
    guildId: guildId(0),
    channelId: "300000000000000001",
    players: ANSWERS,
    choices: questions[0]?.options.length ?? 1,
  };
  const results = await runWorkers(Array.from({ length: ANSWERING_PROCESSES }, () => job));
  const reopened = await connectStore(target);
  const stored = (await reopened.quiz.answers("bench-game", 1)).length;
  await reopened.close();
  const outcomes = results.flatMap((result) => result.outcomes);
  return {
    samples: results.flatMap((result) => result.samplesMs),
    locked: outcomes.filter((outcome) => outcome === "locked").length,
    duplicate: outcomes.filter((outcome) => outcome === "duplicate").length,
    stored,
  };
}

type AnswerRun = Awaited<ReturnType<typeof answers>>;

/** Runs pooled: per-answer samples together, the counts of the worst run. */
function pooledAnswers(runs: readonly AnswerRun[]) {
  return {
    perAnswer: summarize(runs.flatMap((run) => run.samples)),
    locked: Math.min(...runs.map((run) => run.locked)),
    duplicate: Math.min(...runs.map((run) => run.duplicate)),
    stored: Math.min(...runs.map((run) => run.stored)),
  };
}

export default async function scaleBench(): Promise<void> {
  const server = startBenchServer();
  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-scale-"));
  try {
    process.stdout.write(
      `PostgreSQL: ${server.origin}\n\n### due-check, ${SERVERS.toLocaleString("en")} servers, nothing due\n`,
    );
    const { sqlite: lite, postgres } = await dueChecks(
      join(dir, "due.sqlite"),
      await server.createDatabase(),
    );
    const dueRatio = postgres.p50 / lite.p50;
    printTable(
      ["store", "ticks", "p50 ms", "p99 ms", "p50 vs SQLite", "p99 vs SQLite"],
      [
        ["SQLite (baseline)", String(lite.count), ms(lite.p50), ms(lite.p99), "1.00x", "1.00x"],
        [
          "PostgreSQL",
          String(postgres.count),
          ms(postgres.p50),
          ms(postgres.p99),
          ratio(postgres.p50, lite.p50),
          ratio(postgres.p99, lite.p99),
        ],
      ],
    );
    process.stdout.write(
      `goals: p50 ${dueRatio.toFixed(2)}x SQLite's (≤ ${GOALS.dueRatio}x: ${verdict(dueRatio <= GOALS.dueRatio)}), ` +
        `${ms(postgres.p50)} ms (≤ ${GOALS.dueP50Ms} ms: ${verdict(postgres.p50 <= GOALS.dueP50Ms)})\n`,
    );

    process.stdout.write(
      `\n### ${DUE_POSTS} due posts claimed at once, PostgreSQL (per post: start to marked sent)\n`,
    );
    const runs = {
      one: [] as Awaited<ReturnType<typeof claims>>[],
      four: [] as Awaited<ReturnType<typeof claims>>[],
    };
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      runs.one.push(await claims(server, 1));
      runs.four.push(await claims(server, CLAIMING_PROCESSES));
    }
    const pooled = (list: typeof runs.one) => ({
      perPost: summarize(list.flatMap((run) => run.samples)),
      posts: Math.min(...list.map((run) => run.posts)),
      duplicates: list.reduce((sum, run) => sum + run.duplicates, 0),
      sentRows: Math.min(...list.map((run) => run.sentRows)),
    });
    const one = pooled(runs.one);
    const four = pooled(runs.four);
    const claimRatio = four.perPost.p50 / one.perPost.p50;
    printTable(
      [
        "processes",
        "runs",
        "posts per run",
        "duplicates",
        "sent rows per run",
        "p50 ms",
        "p99 ms",
        "p50 vs 1 process",
      ],
      [one, four].map((run, index) => [
        index === 0 ? "1 (baseline)" : String(CLAIMING_PROCESSES),
        String(CLAIM_ROUNDS),
        String(run.posts),
        String(run.duplicates),
        String(run.sentRows),
        ms(run.perPost.p50),
        ms(run.perPost.p99),
        ratio(run.perPost.p50, one.perPost.p50),
      ]),
    );
    const allOnce = four.posts === DUE_POSTS && four.duplicates === 0 && four.sentRows === DUE_POSTS;
    process.stdout.write(
      `goals: ${four.posts} posts in each run, ${four.duplicates} duplicates (${verdict(allOnce)}); ` +
        `p50 ${claimRatio.toFixed(2)}x one process's (≤ ${GOALS.claimRatio}x: ${verdict(claimRatio <= GOALS.claimRatio)})\n`,
    );

    process.stdout.write(
      `\n### ${ANSWERS} quiz answers from ${ANSWERING_PROCESSES} processes on one game (each click reaches both)\n`,
    );
    const answerRuns: { sqlite: AnswerRun[]; postgres: AnswerRun[] } = { sqlite: [], postgres: [] };
    for (let round = 0; round < ANSWER_ROUNDS; round++) {
      answerRuns.sqlite.push(await answers({ dialect: "sqlite", path: join(dir, `quiz-${round}.sqlite`) }));
      answerRuns.postgres.push(await answers({ dialect: "postgres", url: await server.createDatabase() }));
    }
    const liteAnswers = pooledAnswers(answerRuns.sqlite);
    const pgAnswers = pooledAnswers(answerRuns.postgres);
    const answerRatio = pgAnswers.perAnswer.p99 / liteAnswers.perAnswer.p99;
    printTable(
      [
        "store",
        "recorded",
        "refused as duplicate",
        "stored",
        "p50 ms",
        "p99 ms",
        "p50 vs SQLite",
        "p99 vs SQLite",
      ],
      [
        ["SQLite, one file (baseline)", liteAnswers],
        ["PostgreSQL", pgAnswers],
      ].map(([name, run]) => {
        const r = run as typeof pgAnswers;
        return [
          name as string,
          String(r.locked),
          String(r.duplicate),
          String(r.stored),
          ms(r.perAnswer.p50),
          ms(r.perAnswer.p99),
          ratio(r.perAnswer.p50, liteAnswers.perAnswer.p50),
          ratio(r.perAnswer.p99, liteAnswers.perAnswer.p99),
        ];
      }),
    );
    const once =
      pgAnswers.locked === ANSWERS && pgAnswers.stored === ANSWERS && pgAnswers.duplicate === ANSWERS;
    process.stdout.write(
      `${ANSWER_ROUNDS} runs each, alternating, samples pooled; goals: ${pgAnswers.stored} of ${ANSWERS} recorded once each in every run (${verdict(once)}); ` +
        `p99 ${answerRatio.toFixed(2)}x SQLite's (≤ ${GOALS.answerRatio}x: ${verdict(answerRatio <= GOALS.answerRatio)})\n`,
    );

    process.stdout.write("\n### RSS per shard process after the Discord benchmark's bursts\n");
    await shardsRss(await server.createDatabase());
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}

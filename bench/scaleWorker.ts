/**
 * One bot process of the scale benchmark, as a child process: `tsx bench/scaleWorker.ts <job JSON>`.
 * It opens the store, prints "ready", reads the shared start instant (epoch ms) from stdin, waits
 * for it (so all workers begin together), does its job and prints one JSON line of timings.
 * - daily: one due-check of the real DailyService, serving every server (so processes contend for
 *   every post); per post, the time from the start instant to its post being marked sent;
 * - quiz: answers the open round of one game as each of `players` players, through the real
 *   QuizService (the same players as the other worker: every click is a double click).
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { pino } from "pino";

import { systemClock } from "../src/clock.js";
import { createDailyService } from "../src/daily/service.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import type { Messenger } from "../src/messenger.js";
import { QuizService } from "../src/quiz/service.js";
import type { DailyRepository } from "../src/store/dailyRepository.js";
import { connectStore, type StoreTarget } from "../src/store/index.js";

export type WorkerJob =
  | { readonly kind: "daily"; readonly target: StoreTarget }
  | {
      readonly kind: "quiz";
      readonly target: StoreTarget;
      readonly gameId: string;
      readonly guildId: string;
      readonly channelId: string;
      readonly players: number;
      readonly choices: number;
    };

export interface WorkerResult {
  /** Daily: guilds this worker posted for. Quiz: how each answer came out. */
  readonly outcomes: string[];
  /** Per post (daily) or per answer (quiz), in milliseconds. */
  readonly samplesMs: number[];
}

const messenger: Messenger = {
  send: () =>
    Promise.resolve({ messageId: String(100000000000000000n + BigInt(Math.floor(Math.random() * 1e9))) }),
  edit: () => Promise.resolve(),
  checkCanPost: () => Promise.resolve({ ok: true }),
  servesGuild: () => true,
};

const logger = pino({ level: "silent" });
const knowledge = loadKnowledge(join(import.meta.dirname, "..", "knowledge"));
const now = () => performance.timeOrigin + performance.now();

/** Says it is ready, then waits for the start instant the benchmark sends to every worker. */
async function startSignal(): Promise<number> {
  process.stdout.write("ready\n");
  let text = "";
  for await (const chunk of process.stdin) {
    text += (chunk as Buffer).toString("utf8");
    if (text.includes("\n")) break;
  }
  const startAt = Number(text.trim());
  if (startAt - Date.now() > 20) {
    await new Promise((resolve) => setTimeout(resolve, startAt - Date.now() - 20));
  }
  // Spin the last moments: timers are too coarse to line several processes up closely.
  while (now() < startAt) {
    /* spin */
  }
  return startAt;
}

async function daily(job: Extract<WorkerJob, { kind: "daily" }>): Promise<WorkerResult> {
  const store = await connectStore(job.target);
  const outcomes: string[] = [];
  const samplesMs: number[] = [];
  // The service's own repository, with the moment each post is marked sent noted down.
  let startAt = 0;
  const repository: DailyRepository = Object.create(store.daily) as DailyRepository;
  repository.markSent = async (guildId, localDate, messageId, at) => {
    await store.daily.markSent(guildId, localDate, messageId, at);
    samplesMs.push(now() - startAt);
    outcomes.push(guildId);
  };
  const service = createDailyService({ repository, knowledge, messenger, clock: systemClock, logger });
  startAt = await startSignal();
  await service.tick();
  await store.close();
  return { outcomes, samplesMs };
}

async function quiz(job: Extract<WorkerJob, { kind: "quiz" }>): Promise<WorkerResult> {
  const store = await connectStore(job.target);
  const service = new QuizService({
    repository: store.quiz,
    knowledge,
    messenger,
    clock: systemClock,
    logger,
  });
  const outcomes: string[] = [];
  const samplesMs: number[] = [];
  await startSignal();
  for (let index = 0; index < job.players; index++) {
    const started = now();
    const outcome = await service.answer({
      gameId: job.gameId,
      roundNo: 1,
      guildId: job.guildId,
      channelId: job.channelId,
      user: { id: `player-${index}`, username: `player${index}`, bot: false },
      choice: index % job.choices,
    });
    samplesMs.push(now() - started);
    outcomes.push(outcome.kind);
  }
  await store.close();
  return { outcomes, samplesMs };
}

const job = JSON.parse(process.argv[2] ?? "{}") as WorkerJob;
const result = job.kind === "daily" ? await daily(job) : await quiz(job);
process.stdout.write(`${JSON.stringify(result)}\n`);

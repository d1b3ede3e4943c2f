/**
 * `npm run bench -- store`: the cost of the store's hot writes, next to the cheapest write
 * better-sqlite3 can do (a bare one-row insert into a file with the same pragmas), measured in
 * the same run so the ratios hold on any machine.
 *
 * - quiz answer + score: QuizRepository.recordAnswer, one transaction that checks the round,
 *   inserts the answer and updates the player's score row.
 * - score only: ScoreRepository.addResult (one upsert in a transaction).
 * - daily claim: DailyRepository.advance with a claim: inserts the post-log row and advances the
 *   schedule and rotation in one transaction.
 * - daily sent: DailyRepository.markSent, updating that post-log row.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import BetterSqlite3 from "better-sqlite3";

import { BUSY_TIMEOUT_MS } from "../src/store/database.js";
import { openStore, type Store } from "../src/store/index.js";
import { ms, printTable, ratio, summarize, timeEach, timeEachAsync, type Summary } from "./stats.js";

/** Enough samples for a stable p99 (20 samples above it) while the whole bench stays under seconds. */
const ITERATIONS = 2_000;
/** Untimed operations first, so statement preparation and page-cache warm-up are not measured. */
const WARMUP = 200;
/** Players per quiz round: answers need distinct (game, round, user) keys to be recorded. */
const PLAYERS_PER_ROUND = 100;
const DAY_MS = 86_400_000;

const GUILD = "100000000000000001";
const CHANNEL = "200000000000000002";
const START = Date.UTC(2026, 2, 1, 9);

function bareInsert(dir: string): Summary {
  const db = new BetterSqlite3(join(dir, "bare.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("foreign_keys = ON");
  db.pragma("synchronous = NORMAL");
  db.exec("CREATE TABLE bare (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, value INTEGER NOT NULL) STRICT");
  const insert = db.prepare("INSERT INTO bare (user_id, value) VALUES (?, ?)");
  const samples = timeEach(ITERATIONS, (index) => insert.run(`user-${index}`, index), WARMUP);
  db.close();
  return summarize(samples);
}

async function quizAnswers(store: Store): Promise<Summary> {
  const total = ITERATIONS + WARMUP;
  const rounds = Math.ceil(total / PLAYERS_PER_ROUND);
  const at = new Date(START);
  const created = await store.quiz.createGame({
    id: "bench-game",
    guildId: GUILD,
    channelId: CHANNEL,
    starterId: "starter",
    mode: "buttons",
    seconds: 20,
    topic: null,
    seed: 1,
    questionsJson: "[]",
    at,
  });
  if (created !== "created") throw new Error(`bench: could not create the quiz game (${created})`);
  for (let round = 1; round <= rounds; round++) {
    await store.quiz.beginRound("bench-game", round, at);
    await store.quiz.openRound("bench-game", round, `message-${round}`, new Date(START + DAY_MS));
  }
  let recorded = 0;
  const answer = async (index: number) => {
    const result = await store.quiz.recordAnswer({
      gameId: "bench-game",
      roundNo: Math.floor(index / PLAYERS_PER_ROUND) + 1,
      guildId: GUILD,
      channelId: CHANNEL,
      userId: `player-${index % PLAYERS_PER_ROUND}`,
      choice: index % 4,
      typed: null,
      correct: index % 3 !== 0,
      basePoints: index % 3 !== 0 ? 100 : 0,
      speedPoints: 10,
      streakPoints: 0,
      at: new Date(START + index),
    });
    if (result === "recorded") recorded++;
  };
  for (let index = 0; index < WARMUP; index++) await answer(index);
  const samples = await timeEachAsync(ITERATIONS, (index) => answer(WARMUP + index));
  // A bench that silently measured the "closed" or "duplicate" early return would be meaningless.
  if (recorded !== total) throw new Error(`bench: only ${recorded} of ${total} quiz answers were recorded`);
  return summarize(samples);
}

async function scoreOnly(store: Store): Promise<Summary> {
  const add = (index: number) =>
    store.scores
      .addResult({
        guildId: GUILD,
        channelId: "score-channel",
        userId: `user-${index % 500}`,
        points: index % 7,
        correct: index % 2 === 0,
        at: new Date(START + index),
      })
      .then(() => undefined);
  for (let index = 0; index < WARMUP; index++) await add(index);
  return summarize(await timeEachAsync(ITERATIONS, (index) => add(WARMUP + index)));
}

/** One schedule per guild, so every timed claim writes a fresh post-log row. */
async function dailyPosts(store: Store): Promise<{ claim: Summary; sent: Summary }> {
  const total = ITERATIONS + WARMUP;
  const now = new Date(START);
  const localDate = "2026-03-01";
  const revisions: number[] = [];
  for (let index = 0; index < total; index++) {
    const schedule = await store.daily.saveSettings(
      {
        guildId: `guild-${index}`,
        channelId: CHANNEL,
        localTime: "09:00",
        timeZone: "UTC",
        roleId: null,
        next: { at: now, localDate },
      },
      now,
    );
    revisions.push(schedule.revision);
  }
  let claimed = 0;
  const claim = async (index: number) => {
    const outcome = await store.daily.advance({
      guildId: `guild-${index}`,
      revision: revisions[index] ?? 0,
      next: { at: new Date(START + DAY_MS), localDate: "2026-03-02" },
      missed: [],
      claim: {
        run: { at: now, localDate },
        factId: "fact-a",
        rotation: { cycle: 0, order: ["fact-a", "fact-b"], position: 1, lastFactId: "fact-a" },
        leaseUntil: new Date(START + 60_000),
        replaceMissed: false,
      },
      now,
    });
    if (outcome.kind === "applied" && outcome.claimed !== undefined) claimed++;
  };
  const sent = (index: number) => store.daily.markSent(`guild-${index}`, localDate, `message-${index}`, now);

  for (let index = 0; index < WARMUP; index++) await claim(index);
  const claimSamples = await timeEachAsync(ITERATIONS, (index) => claim(WARMUP + index));
  if (claimed !== total) throw new Error(`bench: only ${claimed} of ${total} daily posts were claimed`);
  for (let index = 0; index < WARMUP; index++) await sent(index);
  const sentSamples = await timeEachAsync(ITERATIONS, (index) => sent(WARMUP + index));
  const last = await store.daily.getPost(`guild-${total - 1}`, localDate);
  if (last?.status !== "sent") throw new Error("bench: markSent did not mark the post as sent");
  return { claim: summarize(claimSamples), sent: summarize(sentSamples) };
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-store-"));
  try {
    const bare = bareInsert(dir);
    const store = openStore(join(dir, "store.sqlite"));
    let rows: [string, Summary][];
    try {
      const quiz = await quizAnswers(store);
      const score = await scoreOnly(store);
      const daily = await dailyPosts(store);
      rows = [
        ["bare better-sqlite3 insert (baseline)", bare],
        ["quiz answer + score (recordAnswer)", quiz],
        ["score only (scores.addResult)", score],
        ["daily post claim (daily.advance)", daily.claim],
        ["daily post sent (daily.markSent)", daily.sent],
      ];
    } finally {
      await store.close();
    }
    printTable(
      ["operation", "n", "mean ms", "p50 ms", "p99 ms", "mean vs bare", "p50 vs bare", "p99 vs bare"],
      rows.map(([name, s]) => [
        name,
        String(s.count),
        ms(s.mean),
        ms(s.p50),
        ms(s.p99),
        ratio(s.mean, bare.mean),
        ratio(s.p50, bare.p50),
        ratio(s.p99, bare.p99),
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Quiz benchmarks: drawing a 20-question game, and recording answers through the whole answer
 * path (game lookup, checks, streak, one transaction for answer + score) across 20 concurrent
 * games, next to a bare better-sqlite3 insert measured in the same run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { pino } from "pino";

import { ManualClock } from "../src/clock.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import type { Messenger } from "../src/messenger.js";
import { generateQuiz } from "../src/quiz/generate.js";
import { seededRandom, shuffled } from "../src/quiz/random.js";
import { QuizService } from "../src/quiz/service.js";
import { openDatabase } from "../src/store/database.js";
import { openStore } from "../src/store/index.js";
import { ms, printTable, ratio, summarize, timeEach, timeEachAsync } from "./stats.js";

const GAMES = 20;
const ANSWERS = 1_000;
const PLAYERS_PER_GAME = ANSWERS / GAMES;
const GENERATE_ITERATIONS = 300;
/** Untimed runs first, so the JIT has settled before timing starts. */
const WARMUP = 30;

const messenger: Messenger = {
  send: () => Promise.resolve({ messageId: `m${Math.random()}` }),
  edit: () => Promise.resolve(),
  checkCanPost: () => Promise.resolve({ ok: true }),
  servesGuild: () => true,
};

export default async function quizBench(): Promise<void> {
  const knowledge = loadKnowledge(join(import.meta.dirname, "..", "knowledge"));
  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-quiz-"));
  try {
    // Generation, against simply shuffling the curated items (what a game without generation costs).
    const generate = summarize(
      timeEach(
        GENERATE_ITERATIONS,
        (i) => generateQuiz(knowledge, { count: 20, seed: i, mode: "mixed" }),
        WARMUP,
      ),
    );
    const pick = summarize(
      timeEach(
        GENERATE_ITERATIONS,
        (i) => shuffled(knowledge.quizItems, seededRandom(i)).slice(0, 20),
        WARMUP,
      ),
    );

    // Answers through the service, interleaved over 20 running games in 20 channels.
    const store = openStore(join(dir, "quiz.sqlite"));
    const clock = new ManualClock();
    const service = new QuizService({
      repository: store.quiz,
      knowledge,
      messenger,
      clock,
      logger: pino({ level: "silent" }),
    });
    const games: string[] = [];
    for (let g = 0; g < GAMES; g++) {
      const started = await service.start({
        guildId: "1000000000000000001",
        channelId: String(2000000000000000000n + BigInt(g)),
        starter: { id: "3000000000000000001", username: "starter", bot: false },
        questions: 5,
        seconds: 60,
        mode: "buttons",
        seed: g,
      });
      if (started.kind !== "started") throw new Error(`game ${g} did not start: ${started.kind}`);
      games.push(started.gameId);
    }
    await service.idle();
    const answerSamples = await timeEachAsync(ANSWERS, async (i) => {
      const game = i % GAMES;
      const outcome = await service.answer({
        gameId: games[game] ?? "",
        roundNo: 1,
        guildId: "1000000000000000001",
        channelId: String(2000000000000000000n + BigInt(game)),
        user: { id: String(4000000000000000000n + BigInt(Math.floor(i / GAMES))), username: "p", bot: false },
        choice: i % 2,
      });
      if (outcome.kind !== "locked") throw new Error(`answer ${i}: ${outcome.kind}`);
    });
    const recorded = summarize(answerSamples);
    await service.shutdown();
    await store.close();

    // Baseline: one bare prepared INSERT per answer, same pragmas (WAL, synchronous NORMAL).
    const db = openDatabase(join(dir, "bare.sqlite"), { migrations: [] });
    db.exec(
      "CREATE TABLE answers (game TEXT, round INTEGER, user TEXT, choice INTEGER, at TEXT, PRIMARY KEY (game, round, user))",
    );
    const insert = db.prepare("INSERT INTO answers VALUES (?, ?, ?, ?, ?)");
    const bare = summarize(
      timeEach(ANSWERS, (i) =>
        insert.run(`g${i % GAMES}`, 1, `u${Math.floor(i / GAMES)}`, i % 2, new Date().toISOString()),
      ),
    );
    db.close();

    printTable(
      ["quiz", "n", "mean ms", "p99 ms", "mean vs baseline", "p99 vs baseline"],
      [
        [
          "draw 20-question game",
          String(generate.count),
          ms(generate.mean),
          ms(generate.p99),
          ratio(generate.mean, pick.mean),
          ratio(generate.p99, pick.p99),
        ],
        [
          "  baseline: shuffle curated items",
          String(pick.count),
          ms(pick.mean),
          ms(pick.p99),
          "1.00x",
          "1.00x",
        ],
        [
          `record answer (${GAMES} games x ${PLAYERS_PER_GAME} players)`,
          String(recorded.count),
          ms(recorded.mean),
          ms(recorded.p99),
          ratio(recorded.mean, bare.mean),
          ratio(recorded.p99, bare.p99),
        ],
        [
          "  baseline: bare better-sqlite3 insert",
          String(bare.count),
          ms(bare.mean),
          ms(bare.p99),
          "1.00x",
          "1.00x",
        ],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

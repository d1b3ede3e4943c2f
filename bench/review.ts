/**
 * `npm run bench -- review`: spaced-repetition review at scale, against baselines measured in the
 * same run on the same database file.
 *
 * - next due card: ReviewService.next for one member among 10,000 members with 200 cards each
 *   (2,000,000 cards), next to a bare primary-key SELECT of one card row.
 * - one grade: ReviewService.grade (read the card, one FSRS step, the conditional update and the
 *   log row in one transaction), next to a bare one-row insert.
 * - the /progress chart: figures read for a member with a year of history, drawn as SVG and
 *   rendered to PNG, against the targets p99 ≤ 100 ms and PNG ≤ 300 KB.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import BetterSqlite3 from "better-sqlite3";

import { ManualClock } from "../src/clock.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import { quizSentences, sentenceKeyOf } from "../src/quiz/generate.js";
import { promptFor } from "../src/review/cards.js";
import { progressChart } from "../src/review/chart.js";
import { progressFigures } from "../src/review/progress.js";
import { newMemory } from "../src/review/scheduler.js";
import { ReviewService } from "../src/review/service.js";
import { BACKSTOP_AUTOCHECKPOINT_PAGES } from "../src/store/checkpointer.js";
import { BUSY_TIMEOUT_MS } from "../src/store/database.js";
import { openStore } from "../src/store/index.js";
import { CARD_COLUMNS } from "../src/store/review.js";
import { ms, printTable, ratio, summarize, timeEachAsync, type Summary } from "./stats.js";

/** The scale: 10,000 members with 200 cards each. */
const MEMBERS = 10_000;
const CARDS_PER_MEMBER = 200;
/** Enough samples for a stable p99 (20 samples above it). */
const ITERATIONS = 2_000;
const WARMUP = 200;
const CHART_ITERATIONS = 200;
const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12);
const GUILD = "100000000000000001";
const memberId = (i: number) => String(400_000_000_000_000_000n + BigInt(i));
const cardId = (member: number, card: number) => `c${member.toString(36)}_${card.toString(36)}`;

/** A deterministic spread of numbers in [0, 1). */
const spread = (i: number) => ((i * 2_654_435_761) % 4_294_967_296) / 4_294_967_296;

function populate(
  path: string,
  prompts: readonly { factKey: string; briefing: string; json: string }[],
): void {
  const db = new BetterSqlite3(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const insert = db.prepare(
    `INSERT INTO review_cards (${CARD_COLUMNS.join(", ")}) VALUES (${CARD_COLUMNS.map(() => "?").join(", ")})`,
  );
  const memory = newMemory(new Date(NOW));
  db.transaction(() => {
    for (let m = 0; m < MEMBERS; m++) {
      for (let c = 0; c < CARDS_PER_MEMBER; c++) {
        const prompt = prompts[c % prompts.length];
        if (prompt === undefined) throw new Error("bench: no prompts");
        // Due anywhere from 30 days ago to 30 days ahead: most members have some cards due.
        const due = NOW + Math.round((spread(m * CARDS_PER_MEMBER + c) - 0.5) * 60 * DAY_MS);
        const reviewed = due < NOW;
        insert.run(
          cardId(m, c),
          GUILD,
          memberId(m),
          `${prompt.factKey}#${c}`,
          prompt.briefing,
          "add",
          prompt.json,
          reviewed ? 2 : 0,
          due,
          reviewed ? 12.5 : memory.stability,
          reviewed ? 5.1 : memory.difficulty,
          0,
          reviewed ? 10 : 0,
          0,
          reviewed ? 3 : 0,
          0,
          reviewed ? due - 10 * DAY_MS : null,
          NOW - 60 * DAY_MS,
        );
      }
    }
  })();
  db.close();
}

/**
 * The baselines run on their own connection to the same file, one sample before each sample of
 * the measured operation: both see the same machine load and the same WAL checkpoints, so their
 * ratio holds on a shared, busy machine.
 */
function bareStatements(path: string) {
  const db = new BetterSqlite3(path);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("synchronous = NORMAL");
  // As the store's own connection: the checkpointer thread copies the WAL for both.
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  db.exec("CREATE TABLE bare (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, value INTEGER NOT NULL) STRICT");
  const select = db.prepare("SELECT * FROM review_cards WHERE id = ?");
  const insert = db.prepare("INSERT INTO bare (user_id, value) VALUES (?, ?)");
  return {
    select: (i: number) => select.get(cardId(Math.floor(spread(i + 7) * MEMBERS), i % CARDS_PER_MEMBER)),
    insert: (i: number) => insert.run(`user-${i}`, i),
    close: () => db.close(),
  };
}

/** Times `baseline` and `measured` alternately, `iterations` times each, after untimed warm-ups. */
async function interleaved(
  iterations: number,
  baseline: (i: number) => unknown,
  measured: (i: number) => Promise<unknown>,
): Promise<{ baseline: Summary; measured: Summary }> {
  for (let i = 0; i < WARMUP; i++) {
    baseline(i);
    await measured(i);
  }
  const base: number[] = [];
  const subject: number[] = [];
  for (let i = WARMUP; i < WARMUP + iterations; i++) {
    const t0 = performance.now();
    baseline(i);
    const t1 = performance.now();
    await measured(i);
    subject.push(performance.now() - t1);
    base.push(t1 - t0);
  }
  return { baseline: summarize(base), measured: summarize(subject) };
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-review-"));
  try {
    const path = join(dir, "review.sqlite");
    const knowledge = loadKnowledge("knowledge");
    const prompts = quizSentences(knowledge).map((quote) => ({
      factKey: sentenceKeyOf(quote.citation),
      briefing: quote.citation.briefing,
      json: JSON.stringify(promptFor(knowledge, quote, "bench")),
    }));
    await openStore(path).close(); // migrated, then filled outside the repositories
    const fillStart = performance.now();
    populate(path, prompts);
    process.stdout.write(
      `${MEMBERS.toLocaleString("en")} members × ${CARDS_PER_MEMBER} cards written in ${((performance.now() - fillStart) / 1000).toFixed(1)} s\n`,
    );

    const bare = bareStatements(path);
    const store = openStore(path);
    const clock = new ManualClock(NOW);
    const service = new ReviewService({
      repository: store.review,
      settings: store.settings,
      knowledge,
      clock,
    });
    const member = (i: number) => memberId(Math.floor(spread(i + 13) * MEMBERS));

    const next = await interleaved(ITERATIONS, bare.select, (i) => service.next(GUILD, member(i)));

    // Grades: each sample grades a different member's next due card (read untimed, as the card
    // was shown before the click), so every write is a fresh, real FSRS step.
    const shown: { member: string; id: string; revision: number }[] = [];
    for (let i = 0; shown.length < ITERATIONS + WARMUP; i++) {
      const due = await service.next(GUILD, memberId(i));
      if (due.kind === "card")
        shown.push({ member: memberId(i), id: due.shown.card.id, revision: due.shown.card.revision });
    }
    let graded = 0;
    const grade = async (i: number) => {
      const card = shown[i];
      if (card === undefined) return;
      const rating = ((i % 4) + 1) as 1 | 2 | 3 | 4;
      if ((await service.grade(GUILD, card.member, card.id, card.revision, rating)).kind === "graded")
        graded++;
    };
    const grades = await interleaved(ITERATIONS, bare.insert, grade);
    if (graded !== ITERATIONS + WARMUP) throw new Error(`bench: only ${graded} grades counted`);
    bare.close();

    // A member with a year of daily reviews: the chart's figures come from a full log.
    const chartMember = memberId(0);
    for (let day = 0; day < 365; day++) {
      clock.set(NOW + day * DAY_MS);
      for (let n = 0; n < 20; n++) {
        const next = await service.next(GUILD, chartMember);
        if (next.kind !== "card") break;
        await service.grade(
          GUILD,
          chartMember,
          next.shown.card.id,
          next.shown.card.revision,
          n % 7 === 0 ? 1 : 3,
        );
      }
    }
    let largest = 0;
    const chartSamples = summarize(
      await timeEachAsync(CHART_ITERATIONS, async () => {
        const figures = await progressFigures(
          store.review,
          { guildId: GUILD, userId: chartMember },
          clock.now(),
        );
        largest = Math.max(largest, progressChart(figures, "Your review progress").byteLength);
      }),
    );
    await store.close();

    printTable(
      ["measure", "n", "p50 ms", "p99 ms", "baseline p50", "baseline p99", "p99 ratio", "target"],
      [
        [
          "next due card (service.next)",
          String(next.measured.count),
          ms(next.measured.p50),
          ms(next.measured.p99),
          ms(next.baseline.p50),
          ms(next.baseline.p99),
          ratio(next.measured.p99, next.baseline.p99),
          "p99 ≤ 2 ms, ≤ 5× bare indexed SELECT",
        ],
        [
          "one grade (FSRS step + write)",
          String(grades.measured.count),
          ms(grades.measured.p50),
          ms(grades.measured.p99),
          ms(grades.baseline.p50),
          ms(grades.baseline.p99),
          ratio(grades.measured.p99, grades.baseline.p99),
          "p99 ≤ 3× bare insert",
        ],
        [
          `/progress chart (figures + PNG, ${Math.round(largest / 1024)} KB)`,
          String(chartSamples.count),
          ms(chartSamples.p50),
          ms(chartSamples.p99),
          "",
          "",
          "",
          "p99 ≤ 100 ms, PNG ≤ 300 KB",
        ],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

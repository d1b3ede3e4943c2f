/**
 * `npm run bench -- daily`: 10,000 configured servers in a temporary SQLite file.
 *
 * - due-check, nothing due: one DailyService.tick() when no schedule or retry is due;
 * - due-check, 100 due: one tick that claims 100 posts (post-log row + schedule + rotation, one
 *   transaction each), sends them through a no-op messenger and marks them sent;
 * - baselines measured in the same run: a bare primary-key SELECT, and a full scan of the
 *   schedules table (what a due-check without the next_run_at index would cost);
 * - next-run computation per server (croner in the server's zone), and with the due plan.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { pino } from "pino";

import { ManualClock } from "../src/clock.js";
import { parseLocalTime } from "../src/daily/localTime.js";
import { nextRunAfter } from "../src/daily/nextRun.js";
import { planDueRun } from "../src/daily/plan.js";
import { DUE_BATCH_SIZE, createDailyService } from "../src/daily/service.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import type { Messenger } from "../src/messenger.js";
import { openDatabase } from "../src/store/database.js";
import { createStore } from "../src/store/index.js";
import { ms, printTable, ratio, summarize, timeEach, timeEachAsync, type Summary } from "./stats.js";

const SERVERS = 10_000;
/** Servers due together in the busy case: one due-check page. */
const DUE_TOGETHER = DUE_BATCH_SIZE;
/** Schedules are spread evenly over one day, so each window of 100 falls due at its own time. */
const SPACING_MS = Math.floor(86_400_000 / SERVERS);
const START = Date.UTC(2026, 5, 1, 0, 0, 0);
/** The busy case consumes 100 servers per sample; 60 samples leave the rest of the day untouched. */
const BUSY_SAMPLES = 60;
const SAMPLES = 2_000;
const WARMUP = 200;
const ZONES = [
  "UTC",
  "America/New_York",
  "Europe/London",
  "Australia/Sydney",
  "Asia/Shanghai",
  "America/St_Johns",
  "Pacific/Chatham",
  "Asia/Kolkata",
];

const guildId = (index: number) => String(100000000000000000n + BigInt(index));
const timeOf = (index: number) => {
  const minutes = Math.floor((index * SPACING_MS) / 60_000);
  return `${String(Math.floor(minutes / 60) % 24).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
};

const messenger: Messenger = {
  send: () => Promise.resolve({ messageId: "100000000000000000" }),
  edit: () => Promise.resolve(),
  checkCanPost: () => Promise.resolve({ ok: true }),
  servesGuild: () => true,
};

export default async function (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-daily-"));
  const db = openDatabase(join(dir, "daily.sqlite"));
  const store = createStore(db);
  try {
    const clock = new ManualClock(START);
    const knowledge = loadKnowledge(join(import.meta.dirname, "..", "knowledge"));
    const service = createDailyService({
      repository: store.daily,
      knowledge,
      messenger,
      clock,
      logger: pino({ level: "silent" }),
    });

    // All servers in UTC so their next runs are exactly SPACING_MS apart (zones only change the offset).
    db.exec("BEGIN");
    for (let index = 0; index < SERVERS; index++) {
      await store.daily.saveSettings(
        {
          guildId: guildId(index),
          channelId: "200000000000000001",
          localTime: timeOf(index),
          timeZone: "UTC",
          roleId: null,
          next: { at: new Date(START + index * SPACING_MS), localDate: "2026-06-01" },
        },
        clock.now(),
      );
    }
    db.exec("COMMIT");
    db.exec("ANALYZE");

    const pk = db.prepare("SELECT guild_id FROM daily_schedules WHERE guild_id = ?");
    const fullScan = db.prepare("SELECT COUNT(*) FROM daily_schedules WHERE length(rotation_order) > ?");
    const bare = summarize(timeEach(SAMPLES, (i) => pk.get(guildId(i % SERVERS)), WARMUP));
    const scan = summarize(timeEach(200, () => fullScan.get(1_000_000), 20));

    // Nothing due: just before the first schedule.
    clock.set(START - 1);
    const idle = summarize(await timeEachAsync(SAMPLES, () => service.tick()));

    // 100 due: move the clock so that exactly the next 100 schedules are due, then tick.
    let window = 0;
    const busy = summarize(
      await timeEachAsync(BUSY_SAMPLES, async () => {
        window += 1;
        clock.set(START + (window * DUE_TOGETHER - 1) * SPACING_MS);
        await service.tick();
      }),
    );
    const claimed = db.prepare("SELECT COUNT(*) AS n FROM daily_posts WHERE status = 'sent'").get() as {
      n: number;
    };
    if (claimed.n !== BUSY_SAMPLES * DUE_TOGETHER) {
      throw new Error(`bench daily: expected ${BUSY_SAMPLES * DUE_TOGETHER} posts, got ${claimed.n}`);
    }

    // Next-run computation per server, across zones and times.
    const now = new Date(START);
    const parsed = Array.from(
      { length: SERVERS },
      (_, i) => parseLocalTime(timeOf(i)) ?? { hour: 9, minute: 0 },
    );
    const nextRun = summarize(
      timeEach(
        SAMPLES * 5,
        (i) =>
          nextRunAfter(parsed[i % SERVERS] ?? { hour: 9, minute: 0 }, ZONES[i % ZONES.length] ?? "UTC", now),
        WARMUP,
      ),
    );
    const plan = summarize(
      timeEach(
        SAMPLES,
        (i) => {
          const zone = ZONES[i % ZONES.length] ?? "UTC";
          const due = nextRunAfter(parsed[i % SERVERS] ?? { hour: 9, minute: 0 }, zone, now);
          planDueRun(
            parsed[i % SERVERS] ?? { hour: 9, minute: 0 },
            zone,
            due,
            new Date(due.at.getTime() + 1_000),
          );
        },
        WARMUP,
      ),
    );

    const row = (name: string, s: Summary, perServer = false): string[] => [
      name,
      ms(s.mean),
      ms(s.p50),
      ms(s.p99),
      perServer ? ms(s.mean / DUE_TOGETHER) : "",
      ratio(s.p50, idle.p50),
      ratio(s.p50, bare.p50),
    ];
    // Ratios use medians: on a shared machine the means carry other processes' pauses.
    process.stdout.write(`${SERVERS.toLocaleString("en")} servers; times in ms; ratios of medians\n`);
    printTable(
      ["operation", "mean", "p50", "p99", "per post", "p50 vs empty check", "p50 vs bare SELECT"],
      [
        row("bare PK SELECT (baseline)", bare),
        row(`full scan of ${SERVERS} schedules`, scan),
        row("due-check, nothing due", idle),
        row(`due-check, ${DUE_TOGETHER} due (claim+send+mark)`, busy, true),
        row("next run for one server (croner)", nextRun),
        row("next run + due plan for one server", plan),
      ],
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

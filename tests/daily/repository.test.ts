import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { openDatabase, type Database } from "../../src/store/database.js";
import { DAILY_HOT_QUERIES, SqliteDailyRepository } from "../../src/store/dailyRepository.js";
import { tempDir } from "./helpers.js";

const SERVERS = 10_000;
const BASE = Date.parse("2026-06-01T00:00:00Z");

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function freshDb(): Database {
  const { dir, cleanup } = tempDir();
  const db = openDatabase(join(dir, "daily.sqlite"));
  cleanups.push(cleanup, () => {
    db.close();
  });
  return db;
}

async function seed(repo: SqliteDailyRepository, count: number) {
  for (let i = 0; i < count; i++) {
    const at = new Date(BASE + (i % 1440) * 60_000);
    await repo.saveSettings(
      {
        guildId: String(100000000000000000n + BigInt(i)),
        channelId: "200000000000000001",
        localTime: "09:00",
        timeZone: "UTC",
        roleId: null,
        next: { at, localDate: "2026-06-01" },
      },
      new Date(BASE),
    );
  }
}

const plan = (db: Database, sql: string, params: unknown) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[])
    .map((row) => row.detail)
    .join("\n");

describe("daily repository", () => {
  it("answers every due-check query from an index, never a scan of all servers", async () => {
    const db = freshDb();
    await seed(new SqliteDailyRepository(db), SERVERS);
    db.exec("ANALYZE");
    const plans = {
      dueFirst: plan(db, DAILY_HOT_QUERIES.dueFirst, [BASE, 100]),
      dueAfter: plan(db, DAILY_HOT_QUERIES.dueAfter, { now: BASE, at: BASE, guild: "1", limit: 100 }),
      nextScheduleAfter: plan(db, DAILY_HOT_QUERIES.nextScheduleAfter, [BASE]),
      nextAttemptAfter: plan(db, DAILY_HOT_QUERIES.nextAttemptAfter, [BASE]),
      duePosts: plan(db, DAILY_HOT_QUERIES.duePosts, [BASE, 100]),
    };
    for (const [name, detail] of Object.entries(plans)) {
      expect(detail, name).toMatch(/SEARCH .* USING (COVERING )?INDEX daily_(schedules_due|posts_pending)/);
      expect(detail, name).not.toMatch(/\bSCAN\b/);
      expect(detail, name).not.toMatch(/TEMP B-TREE/);
    }
  });

  it("a due page reads only the due rows", async () => {
    const db = freshDb();
    const repo = new SqliteDailyRepository(db);
    await seed(repo, 2_000);
    // Rows are spread one per minute over the day (2,000 rows wrap past 1,440 minutes), so at
    // minute 9 the first ten minutes' rows are due: two per minute.
    const due = await repo.dueSchedules(new Date(BASE + 9 * 60_000), undefined, 100);
    expect(due).toHaveLength(20);
    const page = await repo.dueSchedules(new Date(BASE + 9 * 60_000), undefined, 7);
    const last = page.at(-1);
    if (last === undefined) throw new Error("empty page");
    const rest = await repo.dueSchedules(
      new Date(BASE + 9 * 60_000),
      { at: last.next.at, guildId: last.guildId },
      100,
    );
    expect([...page, ...rest].map((s) => s.guildId)).toEqual(due.map((s) => s.guildId));
  });

  it("refuses a plan made from stale settings, and never claims a date twice", async () => {
    const db = freshDb();
    const repo = new SqliteDailyRepository(db);
    await seed(repo, 1);
    const guildId = "100000000000000000";
    const schedule = await repo.getSchedule(guildId);
    if (schedule === undefined) throw new Error("not saved");
    const claim = {
      run: { at: new Date(BASE), localDate: "2026-06-01" },
      factId: "fact-a",
      rotation: { cycle: 1, order: ["fact-a", "fact-b"], position: 1, lastFactId: "fact-a" },
      leaseUntil: new Date(BASE + 30_000),
      replaceMissed: false,
    };
    const next = { at: new Date(BASE + 86_400_000), localDate: "2026-06-02" };
    const now = new Date(BASE);

    const stale = await repo.advance({
      guildId,
      revision: schedule.revision - 1,
      next,
      missed: [],
      claim,
      now,
    });
    expect(stale.kind).toBe("conflict");
    expect(await repo.getPost(guildId, "2026-06-01")).toBeUndefined();

    const first = await repo.advance({ guildId, revision: schedule.revision, next, missed: [], claim, now });
    expect(first.kind === "applied" && first.claimed?.status).toBe("claimed");
    const after = await repo.getSchedule(guildId);
    expect(after?.rotation.position).toBe(1);
    expect(after?.next.localDate).toBe("2026-06-02");

    const second = await repo.advance({
      guildId,
      revision: after?.revision ?? -1,
      next,
      missed: [],
      claim: {
        ...claim,
        factId: "fact-b",
        rotation: { ...claim.rotation, position: 2, lastFactId: "fact-b" },
      },
      now,
    });
    expect(second).toEqual({ kind: "applied", claimed: undefined });
    expect((await repo.getPost(guildId, "2026-06-01"))?.factId).toBe("fact-a");
    expect((await repo.getSchedule(guildId))?.rotation.position).toBe(1);
  });

  it("hands the retry lease to one caller at a time", async () => {
    const db = freshDb();
    const repo = new SqliteDailyRepository(db);
    await seed(repo, 1);
    const guildId = "100000000000000000";
    const schedule = await repo.getSchedule(guildId);
    await repo.advance({
      guildId,
      revision: schedule?.revision ?? 0,
      next: { at: new Date(BASE + 86_400_000), localDate: "2026-06-02" },
      missed: [],
      claim: {
        run: { at: new Date(BASE), localDate: "2026-06-01" },
        factId: "fact-a",
        rotation: { cycle: 1, order: ["fact-a"], position: 1, lastFactId: "fact-a" },
        leaseUntil: new Date(BASE + 30_000),
        replaceMissed: false,
      },
      now: new Date(BASE),
    });
    expect(
      await repo.startAttempt(guildId, "2026-06-01", new Date(BASE + 10_000), new Date(BASE + 40_000)),
    ).toBeUndefined();
    const leased = await repo.startAttempt(
      guildId,
      "2026-06-01",
      new Date(BASE + 30_000),
      new Date(BASE + 60_000),
    );
    expect(leased?.attempts).toBe(2);
    expect(
      await repo.startAttempt(guildId, "2026-06-01", new Date(BASE + 30_000), new Date(BASE + 60_000)),
    ).toBeUndefined();
  });
});

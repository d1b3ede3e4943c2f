import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import type { DailyRepository } from "../../src/store/dailyRepository.js";
import { openDatabase, type Database } from "../../src/store/database.js";
import {
  FIRST_DUE_WORK_SQL,
  PG_DAILY_HOT_QUERIES,
  PG_DAILY_PRUNE_QUERY,
} from "../../src/store/postgres/dailySql.js";
import { DAILY_HOT_QUERIES, DAILY_PRUNE_QUERY, SqliteDailyRepository } from "../../src/store/sqlite/daily.js";
import { BACKENDS, useDatabases, type TestDatabase } from "../store/backends.js";
import { tempDir } from "./helpers.js";

const SERVERS = 10_000;
const BASE = Date.parse("2026-06-01T00:00:00Z");
const DAY_MS = 86_400_000;

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

async function seed(repo: DailyRepository, count: number) {
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

describe("daily repository on sqlite: query plans", () => {
  it("answers every due-check query from an index, never a scan of all servers", async () => {
    const db = freshDb();
    await seed(new SqliteDailyRepository(db), SERVERS);
    db.exec("ANALYZE");
    const plans = {
      dueFirst: plan(db, DAILY_HOT_QUERIES.dueFirst, [BASE, 100]),
      dueAfter: plan(db, DAILY_HOT_QUERIES.dueAfter, { now: BASE, at: BASE, guild: "1", limit: 100 }),
      nextScheduleAfter: plan(db, DAILY_HOT_QUERIES.nextScheduleAfter, [BASE]),
      nextAttemptAfter: plan(db, DAILY_HOT_QUERIES.nextAttemptAfter, [BASE]),
      duePostsFirst: plan(db, DAILY_HOT_QUERIES.duePostsFirst, [BASE, 100]),
      duePostsAfter: plan(db, DAILY_HOT_QUERIES.duePostsAfter, {
        now: BASE,
        at: BASE,
        guild: "1",
        date: "2026-06-01",
        limit: 100,
      }),
      expireClaims: plan(db, DAILY_HOT_QUERIES.expireClaims, { error: "e", now: BASE, before: BASE }),
    };
    for (const [name, detail] of Object.entries(plans)) {
      expect(detail, name).toMatch(/SEARCH .* USING (COVERING )?INDEX daily_(schedules_due|posts_pending)/);
      expect(detail, name).not.toMatch(/\bSCAN\b/);
      expect(detail, name).not.toMatch(/TEMP B-TREE/);
    }
    // Retention walks the old rows by time, probing the primary key to keep each server's latest post.
    const prune = plan(db, DAILY_PRUNE_QUERY, { before: BASE, limit: 500 });
    expect(prune).toMatch(/SEARCH old USING (COVERING )?INDEX daily_posts_by_time/);
    expect(prune).not.toMatch(/\bSCAN\b/);
    expect(prune).not.toMatch(/TEMP B-TREE/);
  });
});

/** The plan PostgreSQL picks for `sql` with `params`, custom or generic (as for a prepared statement run often). */
async function pgPlan(db: TestDatabase, sql: string, params: readonly unknown[], mode: "custom" | "generic") {
  const name = `plan_${Math.random().toString(36).slice(2)}`;
  await db.exec(`SET plan_cache_mode = force_${mode}_plan`);
  await db.exec(`PREPARE ${name} AS ${sql}`);
  const literals = params.map((value) => (typeof value === "number" ? String(value) : `'${String(value)}'`));
  const [row] = await db.rows<{ "QUERY PLAN": unknown }>(
    `EXPLAIN (FORMAT JSON) EXECUTE ${name}(${literals.join(", ")})`,
  );
  await db.exec(`DEALLOCATE ${name}`);
  return JSON.stringify(row?.["QUERY PLAN"]);
}

const [, postgresBackend] = BACKENDS;
describe.skipIf(postgresBackend?.skip !== false)(
  `daily repository on ${postgresBackend?.title ?? "postgres"}: query plans`,
  () => {
    const fresh = useDatabases(postgresBackend ?? { dialect: "postgres", title: "postgres", skip: true });

    it("answers every due-check query from an index, as a one-off and as a prepared statement", async () => {
      const db = await fresh();
      await seed((await db.open()).daily, SERVERS);
      // A post log as a live bot has one: 20 days of sent posts for 1,000 servers, a few claimed.
      await db.exec(`INSERT INTO daily_posts (guild_id, local_date, status, channel_id, scheduled_for, message_id)
        SELECT (100000000000000000 + g)::text, '2026-05-' || lpad((d + 1)::text, 2, '0'), 'sent', 'c',
          ${BASE} - d * ${DAY_MS}, 'm'
        FROM generate_series(0, 999) AS g, generate_series(0, 19) AS d`);
      await db.exec(`UPDATE daily_posts SET status = 'claimed', next_attempt_at = ${BASE + 60_000}
        WHERE local_date = '2026-05-01' AND guild_id < '100000000000000010'`);
      await db.exec("ANALYZE");
      const queries: [string, string, unknown[]][] = [
        ["dueFirst", PG_DAILY_HOT_QUERIES.dueFirst, [BASE, 100]],
        ["dueAfter", PG_DAILY_HOT_QUERIES.dueAfter, [BASE, BASE, "1", 100]],
        ["nextWake", PG_DAILY_HOT_QUERIES.nextWake, [BASE]],
        ["duePostsFirst", PG_DAILY_HOT_QUERIES.duePostsFirst, [BASE, 100]],
        ["duePostsAfter", PG_DAILY_HOT_QUERIES.duePostsAfter, [BASE, BASE, "1", "2026-06-01", 100]],
        ["prune", PG_DAILY_PRUNE_QUERY, [BASE, 500]],
        ["firstDueWork", FIRST_DUE_WORK_SQL, [BASE, "e", BASE - DAY_MS, 100]],
      ];
      for (const mode of ["custom", "generic"] as const) {
        for (const [name, sql, params] of queries) {
          const plan = await pgPlan(db, sql, params, mode);
          expect(plan, `${name} (${mode})`).toMatch(/"Index (Only )?Scan"/);
          expect(plan, `${name} (${mode})`).not.toMatch(/"Seq Scan"/);
          expect(plan, `${name} (${mode})`).not.toMatch(/"Node Type":"Sort"/);
        }
      }
    });
  },
);

const DAY = 86_400_000;

/** Records a post for `localDate` (at BASE + `day` days) through the same path the service uses. */
async function claimPost(repo: DailyRepository, guildId: string, day: number, leaseMs = 30_000) {
  const schedule = await repo.getSchedule(guildId);
  if (schedule === undefined) throw new Error(`no schedule for ${guildId}`);
  const at = new Date(BASE + day * DAY);
  const localDate = at.toISOString().slice(0, 10);
  const outcome = await repo.advance({
    guildId,
    revision: schedule.revision,
    next: { at: new Date(at.getTime() + DAY), localDate: "2099-01-01" },
    missed: [],
    claim: {
      run: { at, localDate },
      factId: "fact-a",
      rotation: { cycle: 1, order: ["fact-a"], position: 1, lastFactId: "fact-a" },
      leaseUntil: new Date(at.getTime() + leaseMs),
      replaceMissed: false,
    },
    now: at,
  });
  if (outcome.kind !== "applied" || outcome.claimed === undefined) throw new Error("not claimed");
  return { at, localDate };
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`daily repository on ${backend.title}`, () => {
    const fresh = useDatabases(backend);

    it("a due page reads only the due rows", async () => {
      const db = await fresh();
      const repo = (await db.open()).daily;
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
      const db = await fresh();
      const repo = (await db.open()).daily;
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

      const first = await repo.advance({
        guildId,
        revision: schedule.revision,
        next,
        missed: [],
        claim,
        now,
      });
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

    it("records missed dates with the claim, or alone, and moves the rotation only with a claim", async () => {
      const db = await fresh();
      const repo = (await db.open()).daily;
      await seed(repo, 1);
      const guildId = "100000000000000000";
      const day = (n: number) => ({ at: new Date(BASE + n * DAY), localDate: `2026-06-0${n + 1}` });
      const rotation = { cycle: 2, order: ["fact-b", "fact-a"], position: 1, lastFactId: "fact-b" };
      let schedule = await repo.getSchedule(guildId);
      const first = await repo.advance({
        guildId,
        revision: schedule?.revision ?? -1,
        next: day(3),
        missed: [day(0), day(1)],
        claim: {
          run: day(2),
          factId: "fact-b",
          rotation,
          leaseUntil: new Date(BASE + 3 * DAY),
          replaceMissed: false,
        },
        now: day(2).at,
      });
      expect(first.kind === "applied" && first.claimed).toMatchObject({
        localDate: "2026-06-03",
        status: "claimed",
        attempts: 1,
      });
      expect((await repo.getPost(guildId, "2026-06-01"))?.status).toBe("missed");
      expect((await repo.getPost(guildId, "2026-06-02"))?.status).toBe("missed");
      schedule = await repo.getSchedule(guildId);
      expect(schedule?.next.localDate).toBe("2026-06-04");
      expect(schedule?.rotation).toEqual(rotation);

      const alone = await repo.advance({
        guildId,
        revision: schedule?.revision ?? -1,
        next: day(5),
        missed: [day(3), day(4)],
        now: day(5).at,
      });
      expect(alone).toEqual({ kind: "applied", claimed: undefined });
      expect((await repo.getPost(guildId, "2026-06-05"))?.status).toBe("missed");
      const after = await repo.getSchedule(guildId);
      expect(after?.next.localDate).toBe("2026-06-06");
      expect(after?.rotation).toEqual(rotation);
      expect(after?.revision).toBe((schedule?.revision ?? 0) + 1);
      // A schedule turned off takes no plan at all.
      await repo.disable(guildId, null, day(5).at);
      const off = await repo.getSchedule(guildId);
      expect(
        await repo.advance({
          guildId,
          revision: off?.revision ?? -1,
          next: day(6),
          missed: [],
          now: day(6).at,
        }),
      ).toEqual({ kind: "conflict" });
    });

    it("claims each due post once when four processes apply the same plans at once", async () => {
      const db = await fresh();
      const stores = [await db.open(), await db.open(), await db.open(), await db.open()];
      const [first] = stores;
      if (first === undefined) throw new Error("no store");
      await seed(first.daily, 50);
      const schedules = await first.daily.dueSchedules(new Date(BASE + DAY), undefined, 100);
      expect(schedules).toHaveLength(50);
      const outcomes = await Promise.all(
        stores.flatMap((store) =>
          schedules.map((schedule) =>
            store.daily.advance({
              guildId: schedule.guildId,
              revision: schedule.revision,
              next: { at: new Date(BASE + DAY), localDate: "2026-06-02" },
              missed: [],
              claim: {
                run: schedule.next,
                factId: "fact-a",
                rotation: { cycle: 1, order: ["fact-a"], position: 1, lastFactId: "fact-a" },
                leaseUntil: new Date(BASE + 60_000),
                replaceMissed: false,
              },
              now: new Date(BASE),
            }),
          ),
        ),
      );
      const claimed = outcomes.flatMap((outcome) =>
        outcome.kind === "applied" && outcome.claimed !== undefined ? [outcome.claimed.guildId] : [],
      );
      expect(claimed.sort()).toEqual(schedules.map((schedule) => schedule.guildId).sort());
      expect(await db.rows("SELECT COUNT(*) AS n FROM daily_posts")).toEqual([{ n: 50 }]);
      // Each schedule moved on exactly once: one revision past the plan's.
      for (const schedule of schedules) {
        expect((await first.daily.getSchedule(schedule.guildId))?.revision).toBe(schedule.revision + 1);
      }
    });

    it("hands the retry lease to one caller at a time", async () => {
      const db = await fresh();
      const repo = (await db.open()).daily;
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
    it("pages through due claimed posts in a stable order, however many share a time", async () => {
      const db = await fresh();
      const repo = (await db.open()).daily;
      await seed(repo, 30);
      for (let i = 0; i < 30; i++) await claimPost(repo, String(100000000000000000n + BigInt(i)), 0);
      const now = new Date(BASE + DAY);
      const all = await repo.duePosts(now, undefined, 100);
      expect(all).toHaveLength(30);
      const seen: string[] = [];
      let cursor;
      for (;;) {
        const page = await repo.duePosts(now, cursor, 7);
        seen.push(...page.map((post) => post.guildId));
        const last = page.at(-1);
        if (page.length < 7 || last?.nextAttemptAt == null) break;
        cursor = { at: last.nextAttemptAt, guildId: last.guildId, localDate: last.localDate };
      }
      expect(seen).toEqual(all.map((post) => post.guildId));
    });

    it("expires only claims past the window whose lease has run out", async () => {
      const db = await fresh();
      const repo = (await db.open()).daily;
      await seed(repo, 3);
      const [old, leased, recent] = ["100000000000000000", "100000000000000001", "100000000000000002"];
      const a = await claimPost(repo, old, 0);
      // Still leased at the check: an attempt may be in flight, so it is left alone.
      const b = await claimPost(repo, leased, 0, 2 * DAY);
      const c = await claimPost(repo, recent, 1);
      const now = new Date(BASE + DAY + 60_000);
      const work = await repo.firstDueWork(now, { before: new Date(BASE + DAY), error: "gave up" }, 100);
      expect(work.expired).toBe(1);
      expect((await repo.getPost(old, a.localDate))?.status).toBe("failed");
      expect((await repo.getPost(old, a.localDate))?.error).toBe("gave up");
      expect((await repo.getPost(leased, b.localDate))?.status).toBe("claimed");
      expect((await repo.getPost(recent, c.localDate))?.status).toBe("claimed");
      expect(await repo.duePosts(now, undefined, 100)).toHaveLength(1);
    });

    it("starts a due-check in one call: stale claims given up, and the first due posts and schedules", async () => {
      const db = await fresh();
      const repo = (await db.open()).daily;
      await seed(repo, 4);
      const [old, fresh1, fresh2] = ["100000000000000000", "100000000000000001", "100000000000000002"];
      await claimPost(repo, old, 0);
      await claimPost(repo, fresh1, 1);
      await claimPost(repo, fresh2, 1);
      const now = new Date(BASE + DAY + 60_000);
      const work = await repo.firstDueWork(now, { before: new Date(BASE + DAY), error: "too late" }, 100);
      expect(work.expired).toBe(1);
      // The post given up is not offered for another attempt.
      expect(work.posts.map((post) => post.guildId)).toEqual([fresh1, fresh2]);
      expect((await repo.getPost(old, "2026-06-01"))?.status).toBe("failed");
      // Seeded schedules fall due at BASE + minutes; claimPost moves each one a day past its claim.
      expect(work.schedules.map((schedule) => schedule.guildId)).toEqual(["100000000000000003", old]);
      expect(work.posts[0]).toEqual(await repo.getPost(fresh1, "2026-06-02"));
      expect(work.schedules[0]).toEqual(await repo.getSchedule("100000000000000003"));
      const page = await repo.firstDueWork(now, { before: new Date(BASE + DAY), error: "too late" }, 1);
      expect(page).toMatchObject({ expired: 0, posts: [{ guildId: fresh1 }] });
    });

    it("prunes old rows in batches, keeping claimed posts and each server's latest sent post", async () => {
      const db = await fresh();
      const repo = (await db.open()).daily;
      await seed(repo, 2);
      const [active, quiet] = ["100000000000000000", "100000000000000001"];
      for (let day = 0; day < 10; day++) {
        const post = await claimPost(repo, active, day);
        if (day === 9) continue; // left claimed
        if (day % 3 === 0) await repo.markFailed(active, post.localDate, "503", post.at);
        else await repo.markSent(active, post.localDate, `m${day}`, post.at);
      }
      const quietPost = await claimPost(repo, quiet, 0);
      await repo.markSent(quiet, quietPost.localDate, "q0", quietPost.at);

      const before = new Date(BASE + 100 * DAY);
      expect(await repo.prunePosts(before, 4)).toBe(4);
      expect(await repo.prunePosts(before, 100)).toBe(4);
      expect(await repo.prunePosts(before, 100)).toBe(0);
      const left = await db.rows<{ guild_id: string; local_date: string; status: string }>(
        "SELECT guild_id, local_date, status FROM daily_posts ORDER BY guild_id, local_date",
      );
      expect(left).toEqual([
        { guild_id: active, local_date: "2026-06-09", status: "sent" },
        { guild_id: active, local_date: "2026-06-10", status: "claimed" },
        { guild_id: quiet, local_date: "2026-06-01", status: "sent" },
      ]);
      expect((await repo.lastSent(active))?.messageId).toBe("m8");
      expect((await repo.lastSent(quiet))?.messageId).toBe("q0");
    });
  });
}

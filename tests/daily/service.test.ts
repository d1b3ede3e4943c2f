import { afterEach, describe, expect, it } from "vitest";

import { localDateOf } from "../../src/daily/localTime.js";
import { POLL_INTERVAL_MS } from "../../src/daily/job.js";
import { CATCH_UP_GRACE_MS, MISSED_SCAN_MS } from "../../src/daily/plan.js";
import { RETRY_BASE_MS, RETRY_WINDOW_MS, SEND_LEASE_MS, postNonce } from "../../src/daily/delivery.js";
import {
  EXPIRED_CLAIM_ERROR,
  POST_RETENTION_MS,
  PRUNE_BATCH_SIZE,
  PRUNE_INTERVAL_MS,
} from "../../src/daily/maintenance.js";
import { createDailyService } from "../../src/daily/service.js";
import { DeliveryError } from "../../src/messenger.js";
import { openStore } from "../../src/store/index.js";
import { createHarness, realKnowledge, silentLogger, type Harness } from "./helpers.js";

const GUILD = "100000000000000001";
const CHANNEL = "200000000000000001";
const ROLE = "300000000000000001";
const MINUTE = 60_000;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/**
 * Most tests poll hourly so that days pass quickly; the job wakes at due times either way. The
 * first test runs the production 5 s poll around the post time.
 */
const TEST_POLL_MS = 60 * MINUTE;

function setup(start: string, options: { startJob?: boolean; pollIntervalMs?: number } = {}): Harness {
  harness = createHarness({ start: new Date(start), pollIntervalMs: TEST_POLL_MS, ...options });
  return harness;
}

async function configure(h: Harness, time: string, timeZone: string, roleId: string | null = null) {
  const result = await h.service.configure({ guildId: GUILD, channelId: CHANNEL, time, timeZone, roleId });
  if (!result.ok) throw new Error(result.reason);
  return result.status;
}

describe("daily posts: the ordinary day", () => {
  it("posts once at the local time, pinging only the configured role", async () => {
    const h = setup("2026-06-01T07:50:00Z", { pollIntervalMs: POLL_INTERVAL_MS });
    const status = await configure(h, "09:00", "Europe/London", ROLE);
    expect(status.next?.at.toISOString()).toBe("2026-06-01T08:00:00.000Z");

    await h.clock.runUntil(Date.parse("2026-06-01T07:59:59Z"));
    expect(h.messenger.deliveries).toHaveLength(0);
    await h.clock.runUntil(Date.parse("2026-06-01T08:10:00Z"));
    expect(h.messenger.deliveries).toHaveLength(1);

    const post = h.messenger.deliveries[0];
    // Polling every few seconds; the job also wakes at the due instant itself.
    expect(post?.at.getTime()).toBeLessThan(Date.parse("2026-06-01T08:00:05Z"));
    expect(post?.at.getTime()).toBeGreaterThanOrEqual(Date.parse("2026-06-01T08:00:00Z"));
    expect(post?.channelId).toBe(CHANNEL);
    expect(post?.view.allowedMentions).toEqual({ roles: [ROLE] });
    expect(post?.view.content).toBe(`<@&${ROLE}>`);
    expect(post?.nonce).toBe(postNonce(GUILD, "2026-06-01"));
    const quote = post?.view.quotes?.[0]?.quote;
    expect(quote).toBeDefined();
    if (quote === undefined) return;
    expect(realKnowledge().verifyQuote(quote)).toBe(true);
    expect(realKnowledge().facts.some((fact) => fact.quote.text === quote.text)).toBe(true);
    expect(post?.view.actions?.flat().map((action) => action.label)).toContain("Show paragraph");
    expect(post?.view.fields?.[0]?.name).toBe("Topic");

    const after = await h.service.status(GUILD);
    expect(after?.lastSent?.messageId).toBe(post?.messageId);
    expect(after?.next?.localDate).toBe("2026-06-02");
  });

  it("without a role the post mentions nobody", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    await h.clock.runUntil(Date.parse("2026-06-01T10:00:00Z"));
    expect(h.messenger.deliveries[0]?.view.allowedMentions).toEqual({});
    expect(h.messenger.deliveries[0]?.view.content).toBeUndefined();
  });

  it("changing the time takes effect at once and the old time does not post", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    await h.clock.runUntil(Date.parse("2026-06-01T08:00:00Z"));
    await configure(h, "08:30", "UTC");
    await h.clock.runUntil(Date.parse("2026-06-01T23:00:00Z"));
    expect(h.messenger.deliveries.map((d) => d.at.toISOString().slice(11, 16))).toEqual(["08:30"]);
  });

  it("a time moved later on a day already posted waits for tomorrow", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    await h.clock.runUntil(Date.parse("2026-06-01T10:00:00Z"));
    const status = await configure(h, "18:00", "UTC");
    expect(status.next?.localDate).toBe("2026-06-02");
    await h.clock.runUntil(Date.parse("2026-06-02T00:00:00Z"));
    expect(h.messenger.deliveries).toHaveLength(1);
  });
});

describe("daily posts: validation saves nothing", () => {
  it.each([
    ["25:00", "UTC"],
    ["9am", "UTC"],
    ["09:00", "Europe/Atlantis"],
    ["09:00", ""],
  ])("time %j zone %j", async (time, timeZone) => {
    const h = setup("2026-06-01T00:00:00Z");
    const result = await h.service.configure({
      guildId: GUILD,
      channelId: CHANNEL,
      time,
      timeZone,
      roleId: null,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/time|zone/i);
    expect(await h.service.status(GUILD)).toBeUndefined();
  });

  it("a channel the bot cannot post in is refused", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    h.messenger.canPost = { ok: false, reason: "I need Send Messages and Embed Links there." };
    const result = await h.service.configure({
      guildId: GUILD,
      channelId: CHANNEL,
      time: "09:00",
      timeZone: "UTC",
      roleId: null,
    });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining("Embed Links") as unknown });
    expect(await h.service.status(GUILD)).toBeUndefined();
  });
});

describe("daily posts: catch-up after downtime", () => {
  it("posts on return inside the grace window, the same local day", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "America/New_York");
    await h.service.job.stop(); // down at 13:00Z (09:00 EDT)
    await h.clock.runUntil(Date.parse("2026-06-01T16:00:00Z"));
    await h.restart();
    await h.clock.runFor(MINUTE);
    expect(h.messenger.deliveries.map((d) => d.at.toISOString())).toEqual(["2026-06-01T16:00:00.000Z"]);
    await h.clock.runUntil(Date.parse("2026-06-02T14:00:00Z"));
    expect(h.messenger.deliveries).toHaveLength(2);
  });

  it("skips the day and records it as missed outside the grace window", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "America/New_York");
    await h.service.job.stop();
    await h.clock.runUntil(Date.parse("2026-06-01T13:00:00Z") + CATCH_UP_GRACE_MS + MINUTE);
    await h.restart();
    await h.clock.runFor(MINUTE);
    expect(h.messenger.deliveries).toHaveLength(0);
    expect((await h.store.daily.getPost(GUILD, "2026-06-01"))?.status).toBe("missed");
    await h.clock.runUntil(Date.parse("2026-06-02T14:00:00Z"));
    expect(h.messenger.deliveries.map((d) => d.at.toISOString())).toEqual(["2026-06-02T13:00:00.000Z"]);
  });

  it("does not catch up across local midnight, even inside the window", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "23:00", "UTC");
    await h.service.job.stop();
    await h.clock.runUntil(Date.parse("2026-06-02T01:00:00Z"));
    await h.restart();
    await h.clock.runFor(MINUTE);
    expect(h.messenger.deliveries).toHaveLength(0);
    expect((await h.store.daily.getPost(GUILD, "2026-06-01"))?.status).toBe("missed");
  });

  it("after several days down, records the missed days and posts today's if still in the window", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    await h.service.job.stop();
    await h.clock.runUntil(Date.parse("2026-06-04T10:00:00Z"));
    await h.restart();
    await h.clock.runFor(MINUTE);
    expect(h.messenger.deliveries.map((d) => d.at.toISOString())).toEqual(["2026-06-04T10:00:00.000Z"]);
    for (const date of ["2026-06-01", "2026-06-02", "2026-06-03"]) {
      expect((await h.store.daily.getPost(GUILD, date))?.status).toBe("missed");
    }
  });
});

describe("daily posts: failures", () => {
  it("lost permissions (50013) disables the schedule and status says why", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    h.messenger.behaviour = () =>
      new DeliveryError("missing-permissions", false, "Missing Permissions", 50013);
    await h.clock.runUntil(Date.parse("2026-06-03T00:00:00Z"));
    expect(h.messenger.attempts).toHaveLength(1);
    const status = await h.service.status(GUILD);
    expect(status?.enabled).toBe(false);
    expect(status?.next).toBeUndefined();
    expect(status?.disabledReason).toMatch(/missing permissions/i);
    expect((await h.store.daily.getPost(GUILD, "2026-06-01"))?.status).toBe("failed");
  });

  it.each([
    ["unknown-channel", 10003],
    ["missing-access", 50001],
  ] as const)("%s (%i) also disables it", async (failure, code) => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    h.messenger.behaviour = () => new DeliveryError(failure, false, failure, code);
    await h.clock.runUntil(Date.parse("2026-06-02T00:00:00Z"));
    expect((await h.service.status(GUILD))?.disabledReason).toMatch(new RegExp(`<#${CHANNEL}>`));
  });

  it("retries a retryable failure with backoff, as that day's post", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    h.messenger.behaviour = (_channel, attempt) =>
      attempt <= 2 ? new DeliveryError("unavailable", true, "503 Service Unavailable") : "ok";
    await h.clock.runUntil(Date.parse("2026-06-02T00:00:00Z"));
    const times = h.messenger.attempts.map((a) => a.at.getTime() - Date.parse("2026-06-01T09:00:00Z"));
    expect(times).toEqual([0, RETRY_BASE_MS, RETRY_BASE_MS * 3]);
    expect(h.messenger.deliveries).toHaveLength(1);
    expect((await h.store.daily.getPost(GUILD, "2026-06-01"))?.status).toBe("sent");
  });

  it("turning posts off also stops a pending retry", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    h.messenger.behaviour = () => new DeliveryError("unavailable", true, "503 Service Unavailable");
    await h.clock.runUntil(Date.parse("2026-06-01T09:00:01Z"));
    expect(h.messenger.attempts).toHaveLength(1);
    expect(await h.service.disable(GUILD)).toBe(true);
    await h.clock.runUntil(Date.parse("2026-06-02T12:00:00Z"));
    expect(h.messenger.attempts).toHaveLength(1);
    expect((await h.store.daily.getPost(GUILD, "2026-06-01"))?.status).toBe("failed");
  });

  it("a crash between claim and send is retried after the lease, once", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    h.messenger.behaviour = (_channel, attempt) => (attempt === 1 ? "crash-before" : "ok");
    await h.clock.runUntil(Date.parse("2026-06-01T09:00:01Z"));
    expect(h.messenger.crashed).toBe(true);
    expect((await h.store.daily.getPost(GUILD, "2026-06-01"))?.status).toBe("claimed");
    await h.restart();
    await h.clock.runUntil(Date.parse("2026-06-02T00:00:00Z"));
    expect(h.messenger.deliveries).toHaveLength(1);
    expect(h.messenger.deliveries[0]?.at.toISOString()).toBe(
      new Date(Date.parse("2026-06-01T09:00:00Z") + SEND_LEASE_MS).toISOString(),
    );
  });

  it("a crash after Discord accepted the post does not post twice (same nonce)", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    h.messenger.behaviour = (_channel, attempt) => (attempt === 1 ? "crash-after" : "ok");
    await h.clock.runUntil(Date.parse("2026-06-01T09:00:01Z"));
    await h.restart();
    await h.clock.runUntil(Date.parse("2026-06-02T00:00:00Z"));
    expect(h.messenger.attempts).toHaveLength(2);
    expect(h.messenger.deliveries).toHaveLength(1);
    const row = await h.store.daily.getPost(GUILD, "2026-06-01");
    expect(row?.status).toBe("sent");
    expect(row?.messageId).toBe(h.messenger.deliveries[0]?.messageId);
  });
});

describe("daily posts: /daily now and shards", () => {
  it("posting now counts as today's post", async () => {
    const h = setup("2026-06-01T06:00:00Z");
    await configure(h, "09:00", "UTC");
    const result = await h.service.postNow(GUILD);
    expect(result.ok && result.outcome.kind).toBe("sent");
    const again = await h.service.postNow(GUILD);
    expect(again.ok).toBe(false);
    await h.clock.runUntil(Date.parse("2026-06-01T23:59:00Z"));
    expect(h.messenger.deliveries).toHaveLength(1);
    await h.clock.runUntil(Date.parse("2026-06-02T10:00:00Z"));
    expect(h.messenger.deliveries).toHaveLength(2);
    expect(localDateOf(h.messenger.deliveries[1]?.at ?? new Date(0), "UTC")).toBe("2026-06-02");
  });

  it("posting now after today's post was given up says so, instead of 'already posted'", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    h.messenger.behaviour = () =>
      new DeliveryError("missing-permissions", false, "Missing Permissions", 50013);
    await h.clock.runUntil(Date.parse("2026-06-01T09:00:01Z"));
    h.messenger.behaviour = () => "ok";
    await configure(h, "09:00", "UTC");
    const result = await h.service.postNow(GUILD);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/could not be posted/);
    expect(!result.ok && result.retryAt).toBeUndefined();
  });

  it("only handles guilds this client serves, without starving the others", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    const foreign = Array.from({ length: 150 }, (_, i) => String(500000000000000000n + BigInt(i)));
    for (const guildId of foreign) {
      await h.service.configure({
        guildId,
        channelId: CHANNEL,
        time: "09:00",
        timeZone: "UTC",
        roleId: null,
      });
    }
    await configure(h, "09:00", "UTC");
    h.messenger.served = (guildId) => guildId === GUILD;
    await h.clock.runUntil(Date.parse("2026-06-01T10:00:00Z"));
    expect(h.messenger.deliveries).toHaveLength(1);
    expect(await h.store.daily.getPost(foreign[0] ?? "", "2026-06-01")).toBeUndefined();
  });

  it("two processes sharing the database still post once per date", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    // A second service over its own connection to the same file, on the same clock and messenger.
    const store = openStore(h.dbPath);
    const twin = createDailyService({
      repository: store.daily,
      knowledge: realKnowledge(),
      messenger: h.messenger,
      clock: h.clock,
      logger: silentLogger,
      job: { pollIntervalMs: TEST_POLL_MS },
    });
    twin.job.start();
    try {
      await h.clock.runUntil(Date.parse("2026-06-05T00:00:00Z"));
    } finally {
      await twin.job.stop();
      await store.close();
    }
    expect(h.messenger.deliveries).toHaveLength(4);
    expect(h.messenger.attempts).toHaveLength(4);
  });
});

describe("daily posts: claimed posts of servers this process does not serve", () => {
  const unavailable = () => new DeliveryError("unavailable", true, "503 Service Unavailable");

  it("a post left waiting for a retry when the server stops being served is given up after the window", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    h.messenger.behaviour = unavailable;
    await h.clock.runUntil(Date.parse("2026-06-01T09:00:01Z"));
    expect((await h.store.daily.getPost(GUILD, "2026-06-01"))?.status).toBe("claimed");
    // The bot was removed from the server (or its shard is gone): nobody here will retry it.
    h.messenger.served = () => false;
    await h.clock.runUntil(Date.parse("2026-06-01T09:00:00Z") + RETRY_WINDOW_MS - MINUTE);
    expect((await h.store.daily.getPost(GUILD, "2026-06-01"))?.status).toBe("claimed");
    await h.clock.runUntil(Date.parse("2026-06-01T09:00:00Z") + RETRY_WINDOW_MS + TEST_POLL_MS);
    const post = await h.store.daily.getPost(GUILD, "2026-06-01");
    expect(post?.status).toBe("failed");
    expect(post?.error).toBe(EXPIRED_CLAIM_ERROR);
    expect(await h.store.daily.duePosts(h.clock.now(), undefined, 100)).toEqual([]);
    expect(h.messenger.attempts).toHaveLength(1);
  });

  it("a server that comes back does not get a stale post late", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    await configure(h, "09:00", "UTC");
    h.messenger.behaviour = unavailable;
    await h.clock.runUntil(Date.parse("2026-06-01T09:00:01Z"));
    h.messenger.served = () => false;
    await h.clock.runUntil(Date.parse("2026-06-01T17:00:00Z"));
    h.messenger.served = undefined;
    h.messenger.behaviour = () => "ok";
    await h.clock.runUntil(Date.parse("2026-06-01T23:00:00Z"));
    expect(h.messenger.deliveries).toHaveLength(0);
    await h.clock.runUntil(Date.parse("2026-06-02T09:00:01Z"));
    expect(h.messenger.deliveries.map((d) => localDateOf(d.at, "UTC"))).toEqual(["2026-06-02"]);
  });

  it("more due retries of other servers than one page never hide this server's retry", async () => {
    const h = setup("2026-06-01T00:00:00Z");
    const foreign = Array.from({ length: 150 }, (_, i) => String(500000000000000000n + BigInt(i)));
    for (const guildId of foreign) {
      await h.service.configure({
        guildId,
        channelId: CHANNEL,
        time: "09:00",
        timeZone: "UTC",
        roleId: null,
      });
    }
    // Ours posts a minute later, so its retries sort after every foreign one.
    await configure(h, "09:01", "UTC");
    // Every server's first attempt fails; ours (the 151st attempt) too, then Discord recovers.
    h.messenger.behaviour = (_channel, attempt) => (attempt <= 151 ? unavailable() : "ok");
    await h.clock.runUntil(Date.parse("2026-06-01T09:00:01Z"));
    // The foreign servers are served by another shard, which is down: their retries fall due here.
    h.messenger.served = (guildId) => guildId === GUILD;
    await h.clock.runUntil(Date.parse("2026-06-01T09:00:10Z"));
    expect(await h.store.daily.duePosts(h.clock.now(), undefined, 1000)).toHaveLength(150);
    await h.clock.runUntil(Date.parse("2026-06-01T09:05:00Z"));
    expect(h.messenger.deliveries).toHaveLength(1);
    expect(h.messenger.deliveries[0]?.at.toISOString()).toBe(
      new Date(Date.parse("2026-06-01T09:01:00Z") + RETRY_BASE_MS).toISOString(),
    );
    expect((await h.store.daily.getPost(GUILD, "2026-06-01"))?.status).toBe("sent");
  });
});

describe("daily posts: retention", () => {
  const DAY = 24 * 60 * MINUTE;

  it("keeps a bounded post log that outlasts every window that reads it", () => {
    expect(POST_RETENTION_MS).toBeGreaterThanOrEqual(
      4 * Math.max(CATCH_UP_GRACE_MS, MISSED_SCAN_MS, RETRY_WINDOW_MS),
    );
    expect(PRUNE_BATCH_SIZE).toBeGreaterThan(0);
  });

  it("prunes rows older than the retention as days pass, keeping recent ones and the latest sent post", async () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    const h = setup("2026-01-01T00:00:00Z", { pollIntervalMs: 6 * 60 * MINUTE });
    await configure(h, "09:00", "UTC");
    const days = POST_RETENTION_MS / DAY + 20;
    await h.clock.runUntil(start + days * DAY);
    expect(h.messenger.deliveries).toHaveLength(days);
    const rows = h.store.daily;
    const oldest = new Date(h.clock.now().getTime() - POST_RETENTION_MS);
    // Pruning runs every PRUNE_INTERVAL_MS, so at most that much older than the cutoff survives.
    const cutoffDate = localDateOf(new Date(oldest.getTime() - PRUNE_INTERVAL_MS - DAY), "UTC");
    expect(await rows.getPost(GUILD, "2026-01-01")).toBeUndefined();
    expect(await rows.getPost(GUILD, cutoffDate)).toBeUndefined();
    const kept = localDateOf(new Date(oldest.getTime() + DAY), "UTC");
    expect((await rows.getPost(GUILD, kept))?.status).toBe("sent");

    // Posts turned off: history ages out, but status still links the last post.
    expect(await h.service.disable(GUILD)).toBe(true);
    const lastSent = (await h.service.status(GUILD))?.lastSent;
    await h.clock.runUntil(h.clock.now().getTime() + POST_RETENTION_MS + 10 * DAY);
    expect(await rows.getPost(GUILD, kept)).toBeUndefined();
    const status = await h.service.status(GUILD);
    expect(status?.lastSent?.localDate).toBe(lastSent?.localDate);
    expect(status?.lastSent?.messageId).toBe(lastSent?.messageId);
  });
});

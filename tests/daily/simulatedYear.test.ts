/**
 * 400 simulated days per zone, with restarts at random moments and crashes between claim and
 * send (and between Discord accepting a post and it being marked sent). Over the whole run every
 * server gets exactly one post per local date, at its local time to the minute (DST gaps: the
 * first valid minute after), and no fact repeats within a rotation. The post log keeps only the
 * retention period: older rows are pruned as the year goes by.
 */
import { describe, expect, it } from "vitest";

import { POST_RETENTION_MS } from "../../src/daily/maintenance.js";
import { DeliveryError } from "../../src/messenger.js";
import { createHarness, realKnowledge, type Harness, type SendBehaviour } from "./helpers.js";

const DAYS = 400;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = Date.parse("2026-01-01T00:00:00Z");
/**
 * The sim polls every 6 hours instead of every 5 s, to stay fast: the job still wakes exactly when
 * a post or retry falls due, and polling only matters for settings written by another process.
 */
const SIM_POLL_MS = 6 * 60 * MINUTE;

// For each zone: a time in its spring-forward gap, one in its fall-back overlap, and an ordinary one.
const ZONES: readonly (readonly [string, readonly string[]])[] = [
  ["America/New_York", ["02:30", "01:30", "09:00"]],
  ["Europe/London", ["01:30", "01:15", "12:00"]],
  ["Australia/Sydney", ["02:30", "02:15", "18:45"]],
  ["Asia/Shanghai", ["07:00", "00:00", "21:15"]],
  ["America/St_Johns", ["02:30", "01:30", "10:00"]],
  ["Pacific/Chatham", ["03:00", "02:50", "20:00"]],
];

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "YYYY-MM-DD HH:MM" on the zone's wall clock. */
function wallClock(zone: string): (at: number) => string {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return (at) => format.format(at).replace(", ", " ");
}

/**
 * The oracle, independent of croner: for each local date, the first minute whose wall-clock
 * reading is at or past the post time. That is the first occurrence of a repeated time, and the
 * first valid minute after a skipped one. Scans minute by minute from 23 h after the previous post.
 */
function expectedPosts(
  zone: string,
  time: string,
  from: number,
  until: number,
): { date: string; at: number }[] {
  const wall = wallClock(zone);
  const out: { date: string; at: number }[] = [];
  let date = wall(from).slice(0, 10);
  let at = from - (from % MINUTE);
  if (wall(at) > `${date} ${time}`) date = nextDate(date);
  for (;;) {
    const target = `${date} ${time}`;
    while (wall(at) < target) at += MINUTE;
    if (at >= until) return out;
    expect(wall(at).slice(0, 10)).toBe(date);
    out.push({ date, at });
    date = nextDate(date);
    // Consecutive posts are at least 23 h apart (DST moves the clock by an hour at most).
    at += 23 * 60 * MINUTE - MINUTE;
  }
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + DAY).toISOString().slice(0, 10);
}

interface Counters {
  restarts: number;
  crashesBeforeSend: number;
  crashesAfterSend: number;
  retryableFailures: number;
}

async function simulate(zone: string, times: readonly string[], seed: number) {
  const random = seededRandom(seed);
  const h: Harness = createHarness({ start: new Date(START), pollIntervalMs: SIM_POLL_MS });
  const counters: Counters = { restarts: 0, crashesBeforeSend: 0, crashesAfterSend: 0, retryableFailures: 0 };
  const guilds = times.map((time, index) => ({
    guildId: String(100000000000000000n + BigInt(seed * 10 + index)),
    channelId: String(200000000000000000n + BigInt(seed * 10 + index)),
    time,
  }));
  for (const guild of guilds) {
    const result = await h.service.configure({ ...guild, timeZone: zone, roleId: null });
    expect(result.ok).toBe(true);
  }
  // Each first attempt may crash before delivering, crash after delivering, or fail retryably.
  const firstAttempt = new Set<string>();
  const wallNow = wallClock(zone);
  h.messenger.behaviour = (channelId): SendBehaviour => {
    const key = `${channelId}:${wallNow(h.clock.now().getTime()).slice(0, 10)}`;
    if (firstAttempt.has(key)) return "ok";
    firstAttempt.add(key);
    const roll = random();
    if (roll < 0.04) {
      counters.crashesBeforeSend++;
      return "crash-before";
    }
    if (roll < 0.07) {
      counters.crashesAfterSend++;
      return "crash-after";
    }
    if (roll < 0.12) {
      counters.retryableFailures++;
      return new DeliveryError("unavailable", true, "503 Service Unavailable");
    }
    return "ok";
  };

  const end = START + DAYS * DAY;
  while (h.clock.now().getTime() < end) {
    // Run until a random restart moment (0 to 5 days away) or a crash, whichever comes first.
    const restartAt = Math.min(end, h.clock.now().getTime() + Math.floor(random() * 5 * DAY));
    await h.clock.runUntil(restartAt, () => h.messenger.crashed);
    if (h.messenger.crashed) {
      // The process died mid-send; it comes back a few seconds later.
      await h.clock.runFor(Math.floor(random() * 20_000));
    }
    await h.restart();
    counters.restarts++;
  }
  await h.clock.runFor(MINUTE);

  const kb = realKnowledge();
  const factIds = kb.facts.map((fact) => fact.id);
  for (const guild of guilds) {
    const expected = expectedPosts(zone, guild.time, START, end);
    const delivered = h.messenger.deliveries.filter((d) => d.channelId === guild.channelId);
    expect(delivered.length, `${zone} ${guild.time}: one post per local date`).toBe(expected.length);
    const wall = wallClock(zone);
    const late = delivered.map((d, index) => {
      const want = expected[index];
      expect(wall(d.at.getTime()).slice(0, 10), `${zone} ${guild.time} post ${index}`).toBe(want?.date);
      return d.at.getTime() - (want?.at ?? NaN);
    });
    // To the minute: never early, and delivered within the minute it was due.
    expect(Math.min(...late)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...late)).toBeLessThan(MINUTE);

    // The post log: every date within the retention recorded as sent, with the fact delivered;
    // dates well before it pruned.
    const retainedFrom = end - POST_RETENTION_MS + DAY;
    const prunedBefore = end - POST_RETENTION_MS - DAY;
    for (const [index, want] of expected.entries()) {
      const row = await h.store.daily.getPost(guild.guildId, want.date);
      if (want.at < prunedBefore) expect(row, `${zone} ${guild.time} ${want.date} pruned`).toBeUndefined();
      if (want.at < retainedFrom) continue;
      expect(row?.status, `${zone} ${guild.time} ${want.date}`).toBe("sent");
      const fact = kb.facts.find((f) => f.id === row?.factId);
      expect(delivered[index]?.view.quotes?.[0]?.quote.text).toBe(fact?.quote.text);
    }
    // Rotation: fact ids in date order (each fact's quote is distinct), checked in whole cycles.
    const facts = delivered.map(
      (d) => kb.facts.find((f) => f.quote.text === d.view.quotes?.[0]?.quote.text)?.id,
    );
    expect(facts).not.toContain(undefined);
    for (let start = 0; start < facts.length; start += factIds.length) {
      const cycle = facts.slice(start, start + factIds.length);
      expect(new Set(cycle).size, `${zone} ${guild.time}: no repeat within a rotation`).toBe(cycle.length);
      if (start > 0) expect(cycle[0]).not.toBe(facts[start - 1]);
    }
  }
  await h.close();
  return counters;
}

describe("a simulated year of daily posts", () => {
  it.each(ZONES.map(([zone, times], index) => [zone, times, index + 1] as const))(
    "%s",
    async (zone, times, seed) => {
      const counters = await simulate(zone, times, seed);
      // The run really went through restarts and both kinds of crash.
      expect(counters.restarts).toBeGreaterThan(150);
      expect(counters.crashesBeforeSend).toBeGreaterThan(10);
      expect(counters.crashesAfterSend).toBeGreaterThan(5);
      expect(counters.retryableFailures).toBeGreaterThan(10);
    },
    120_000,
  );
});

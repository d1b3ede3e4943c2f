/**
 * A burst of 1,000 /ask interactions at once: every one must be acknowledged within Discord's
 * 3 s of its dispatch (the fake refuses later callbacks, as Discord does). briefbot runs as
 * `npm start` does, in its own process, so the fake's work does not slow the bot's event loop.
 * Each interaction comes from its own member, so per-user cooldowns answer none of them early.
 */
import { loadavg } from "node:os";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { summarize } from "../../bench/stats.js";

import { INTERACTION_ACK_DEADLINE_MS } from "../../src/discord/limits.js";
import { spawnBot, type BotProcess } from "./botProcess.js";
import { runBurst } from "./burst.js";
import { sentPayloadProblems } from "./checks.js";
import { startFakeDiscord, type FakeDiscord } from "./fakeDiscord.js";
import { makeUser } from "./world.js";

/** The burst size. */
const BURST = 1_000;
/**
 * Untimed bursts first. A bot that has been up a while has a warm JIT and an open connection
 * pool; a process seconds old has neither, and on a loaded 2-core machine even a bare discord.js
 * bot then misses 3 s for some of a cold burst of 1,000 (measured: p99 3.1 s at load average 12).
 * How many bursts that takes depends on the load, so warm-up runs until the bot is at its steady
 * state: at least WARMUP_MIN_BURSTS, then until a burst is no faster than the one before it (or
 * answered well inside the deadline), at most WARMUP_MAX_BURSTS. The timed burst is unchanged.
 */
const WARMUP_MIN_BURSTS = 2;
const WARMUP_MAX_BURSTS = 6;
/** A warm-up burst whose slowest callback came this fast leaves nothing to wait for. */
const WARM_ENOUGH_MS = INTERACTION_ACK_DEADLINE_MS / 3;
/** A burst within this share of the previous one's slowest callback is no faster: warm-up is over. */
const STEADY_SHARE = 0.9;
/** Start-up in a child process (tsx compiles on the fly): generous, as CI machines are shared. */
const START_MS = 30_000;
/** Past Discord's deadline the fake refuses callbacks anyway; this only bounds the wait. */
const BURST_WAIT_MS = 20_000;
const QUESTIONS = [
  "What share of GDP does Dongbei contribute?",
  "How many people live in Dongbei?",
  "What does Xi Jinping want for the economy?",
  "What does Trump want to revive?",
];

describe("a burst of 1,000 /ask interactions", () => {
  let fake: FakeDiscord;
  let bot: BotProcess;
  /** The slowest callback of each warm-up burst, in milliseconds: shown if the timed burst fails. */
  const warmup: number[] = [];
  const ask = (index: number) =>
    fake.slash(
      "ask",
      { options: { question: QUESTIONS[index % QUESTIONS.length] ?? "" } },
      { user: makeUser(`student${index}`) },
    );

  beforeAll(
    async () => {
      fake = await startFakeDiscord();
      bot = spawnBot(fake, "briefbot");
      await fake.waitForReady(START_MS);
      await fake.callbackFor(fake.injectInteraction(ask(0)), START_MS);
      fake.ackDeadlineMs = Infinity;
      let previous = Infinity;
      for (let round = 1; round <= WARMUP_MAX_BURSTS; round++) {
        const { latenciesMs } = await runBurst(fake, BURST, ask, BURST_WAIT_MS);
        const { max } = summarize(latenciesMs);
        warmup.push(max);
        const steady = max <= WARM_ENOUGH_MS || max >= previous * STEADY_SHARE;
        if (round >= WARMUP_MIN_BURSTS && steady) break;
        previous = max;
      }
      fake.ackDeadlineMs = INTERACTION_ACK_DEADLINE_MS;
    },
    START_MS + WARMUP_MAX_BURSTS * BURST_WAIT_MS,
  );

  afterAll(async () => {
    await bot.stop();
    await fake.close();
  });

  it("acknowledges every one within 3 s of its arrival", async () => {
    const result = await runBurst(fake, BURST, ask, BURST_WAIT_MS);
    const refused = fake.requests.filter(
      (request) => request.route === "interaction-callback" && request.status !== 204,
    );
    const { p50, p99, max } = summarize(result.latenciesMs);
    const seen =
      `${result.unanswered.length} unanswered (${refused.length} callbacks refused as late); in time: ` +
      `p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms; warm-up bursts' slowest ` +
      `${warmup.map((value) => value.toFixed(0)).join(", ")} ms; machine load average ${loadavg()[0]?.toFixed(1) ?? "?"}`;
    expect(result.unanswered.length, seen).toBe(0);
    expect(refused.length, seen).toBe(0);
    expect(result.latenciesMs).toHaveLength(BURST);
    expect(max, seen).toBeLessThan(INTERACTION_ACK_DEADLINE_MS);
  });

  it("sent nothing that breaks a Discord limit or misquotes the briefing, and logged no errors", () => {
    expect(sentPayloadProblems(fake)).toEqual([]);
    const errors = bot
      .stderr()
      .split("\n")
      .filter((line) => line.includes('"level":50'));
    expect(errors.slice(0, 1)).toEqual([]);
  });
});

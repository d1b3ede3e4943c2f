/**
 * Fault-test helpers shared by the e2e fault tests and the soak benchmark: payload builders the
 * fake's generic builder lacks (/daily set with its channel option), the text of an embed reply,
 * and the gateway faults the fake can inject (see FakeGateway.inject).
 */
import { ApplicationCommandOptionType } from "discord-api-types/v10";

import type { ManualClock } from "../../src/clock.js";
import type { FakeDiscord, Fault, RouteName } from "./fakeDiscord.js";
import { ADMIN_PERMISSIONS, makeUser, type FakeChannel, type FakeGuild, type Json } from "./world.js";

export const ASK_QUESTIONS = [
  "What share of GDP does Dongbei contribute?",
  "How many people live in Dongbei?",
  "What does Xi Jinping want for the economy?",
  "What does Trump want to revive?",
];

/** /ask from a fresh member (per-user cooldowns stay out of the way unless a test is about them). */
export const askFrom = (
  fake: FakeDiscord,
  index: number,
  where: { guild?: FakeGuild; channel?: FakeChannel } = {},
) =>
  fake.slash(
    "ask",
    { options: { question: ASK_QUESTIONS[index % ASK_QUESTIONS.length] ?? "" } },
    { user: makeUser(`student${index}`), ...where },
  );

/**
 * /daily set by an admin. The fake's payload builder knows string, number, boolean and user
 * options; the channel option is added the way Discord sends it (the id as the value).
 */
export function dailySet(
  fake: FakeDiscord,
  options: { time: string; timezone: string; guild?: FakeGuild; channel?: FakeChannel },
): Json {
  const channel = options.channel ?? options.guild?.channels[0] ?? fake.channel;
  const payload = fake.slash(
    "daily",
    { subcommand: "set", options: { time: options.time, timezone: options.timezone } },
    {
      permissions: ADMIN_PERMISSIONS,
      user: makeUser("admin"),
      ...(options.guild === undefined ? {} : { guild: options.guild }),
      channel,
    },
  );
  const data = payload.data as { options: { options: Json[] }[] };
  data.options[0]?.options.unshift({
    name: "channel",
    type: ApplicationCommandOptionType.Channel,
    value: channel.id,
  });
  return payload;
}

/** Title, description and field values of a message's embeds, joined. */
export function embedText(message: Json): string {
  const embeds = (message.embeds ?? []) as {
    title?: string;
    description?: string;
    fields?: { value: string }[];
  }[];
  return embeds
    .flatMap((e) => [e.title ?? "", e.description ?? "", ...(e.fields ?? []).map((field) => field.value)])
    .join("\n");
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Answers every request on `route` with `fault` while `active()` holds (a storm, not a count). */
export function failWhile(fake: FakeDiscord, route: RouteName, fault: Fault, active: () => boolean): void {
  fake.failNext((request) => request.route === route && active(), fault, Number.POSITIVE_INFINITY);
}

/** Moves a ManualClock in steps, giving the bot's real I/O (REST, store) a moment after each. */
export async function advanceClock(
  clock: ManualClock,
  ms: number,
  stepMs = 1_000,
  pauseMs = 15,
): Promise<void> {
  for (let moved = 0; moved < ms; moved += stepMs) {
    clock.advance(Math.min(stepMs, ms - moved));
    await sleep(pauseMs);
  }
}

/**
 * Hostile INTERACTION_CREATE payloads through the real discord.js client: real payloads with a
 * field removed or replaced by a wrong type, an oversize or lone-surrogate string, a mention or a
 * huge number. The process never crashes (it still answers a normal /ask afterwards), whatever it
 * does answer is within Discord's limits and verbatim, and nothing it sends can ping anyone.
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";

import { startBriefbot, type BriefbotUnderTest } from "./briefbot.js";
import { sentPayloadProblems } from "./checks.js";
import { askFrom, sleep } from "./faults.js";
import { startFakeDiscord, type FakeDiscord } from "./fakeDiscord.js";
import { makeUser, type Json } from "./world.js";

/** Payloads per run: each goes through the whole client, so fewer than the router's property. */
const RUNS = 80;

let fake: FakeDiscord;
let briefbot: BriefbotUnderTest;
/** In a real process each of these would end it (Node's default for an unhandled rejection). */
const unhandled: unknown[] = [];
const collect = (reason: unknown) => unhandled.push(reason);
beforeAll(async () => {
  process.on("unhandledRejection", collect);
  fake = await startFakeDiscord();
  briefbot = await startBriefbot(fake);
});
afterAll(async () => {
  process.off("unhandledRejection", collect);
  await briefbot.stop();
  await fake.close();
});

const hostile = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc
    .array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 3 })
    .map((u) => String.fromCharCode(...u)),
  fc.nat({ max: 10_000 }).map((n) => "y".repeat(n)),
  fc.constantFrom(
    "@everyone",
    "<@&300000000000000002>",
    1e308,
    -1,
    Number.MAX_SAFE_INTEGER * 8,
    null,
    true,
    [],
    {},
  ),
);

/** Dotted paths into a payload worth breaking: what discord.js and the adapter read. */
const PATHS = [
  "data",
  "data.name",
  "data.options",
  "data.options.0",
  "data.options.0.value",
  "data.options.0.name",
  "data.options.0.type",
  "data.custom_id",
  "data.resolved",
  "member",
  "member.user",
  "member.user.id",
  "member.permissions",
  "user",
  "guild_id",
  "channel_id",
  "channel",
  "app_permissions",
  "locale",
  "message",
  "message.id",
  "message.embeds",
  "version",
];

function mutate(payload: Json, path: string, value: unknown, remove: boolean): Json {
  const copy = structuredClone(payload);
  const keys = path.split(".");
  let node: unknown = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof node !== "object" || node === null) return copy;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== "object" || node === null) return copy;
  const last = keys.at(-1) ?? "";
  if (remove) Reflect.deleteProperty(node, last);
  else (node as Record<string, unknown>)[last] = value;
  return copy;
}

test("mangled payloads never crash the bot, and nothing it sends pings", async () => {
  const user = makeUser("mallory");
  const answer = await fake.replyFor(fake.injectInteraction(askFrom(fake, 1)));
  const rows = (answer.components ?? []) as { components: { custom_id?: string }[] }[];
  const buttonId = rows[0]?.components[0]?.custom_id ?? "";
  const bases: Json[] = [
    fake.slash("ask", { options: { question: "What share of GDP does Dongbei contribute?" } }, { user }),
    fake.slash("briefing", { subcommand: "source", options: { paragraph: 4 } }, { user }),
    fake.slash("quiz", { subcommand: "start", options: { questions: 1, seconds: 15 } }, { user }),
    fake.button(buttonId, answer, { user }),
    fake.button("quiz:v1:nosuchgame:1:0", answer, { user }),
    fake.autocomplete("ask", { focused: "question", options: { question: "gd" } }, { user }),
    fake.modalSubmit("feedback:v1:x", { reason: "wrong" }, { user }),
  ];
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...bases),
      fc.array(fc.tuple(fc.constantFrom(...PATHS), hostile, fc.boolean()), { minLength: 1, maxLength: 3 }),
      async (base, changes) => {
        let payload = structuredClone(base);
        // A fresh id and token, so Discord's "already acknowledged" never hides a second answer.
        payload.id = `4${String(Date.now())}${String(n++).padStart(5, "0")}`;
        payload.token = `hostile-token-${String(n)}`;
        for (const [path, value, remove] of changes) payload = mutate(payload, path, value, remove);
        fake.injectInteraction(payload, { shard: 0 });
        await sleep(5);
      },
    ),
    { numRuns: RUNS },
  );
  expect(unhandled).toEqual([]);
  // Still alive and answering.
  const ask = fake.injectInteraction(askFrom(fake, 0));
  expect((await fake.callbackFor(ask)).type).toBeGreaterThan(0);
  await sleep(500);
  for (const message of fake.messages) {
    const allowed = message.message.allowed_mentions as
      { parse?: unknown[]; users?: unknown[]; roles?: unknown[] } | undefined;
    expect(allowed?.parse ?? []).toEqual([]);
    expect(allowed?.users ?? []).toEqual([]);
    expect(allowed?.roles ?? []).toEqual([]);
  }
  expect(sentPayloadProblems(fake)).toEqual([]);
}, 60_000);

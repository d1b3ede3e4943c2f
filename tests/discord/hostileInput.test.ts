/**
 * Hostile interactions through the router: wrong types, missing and unknown options, oversize
 * strings, lone UTF-16 surrogates, mentions, huge and non-finite numbers, unknown command and menu
 * names, forged and truncated custom IDs. For every one: the router never throws, answers exactly
 * once (a private error when the options do not validate), never runs a handler with options its
 * schema refuses, and nothing it sends can ping anyone.
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";

import type { Command, CommandContext, RawOptions } from "../../src/command.js";
import { indexCommands } from "../../src/discord/loader.js";
import { allowedMentionsOf } from "../../src/discord/render.js";
import { createRouter, type Incoming, type Invocation } from "../../src/discord/router.js";
import { RecordingResponder, startTestApp, type TestApp } from "./helpers.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.cleanup();
});

/** Runs per property: enough to meet every kind of hostile value with every command several times. */
const RUNS = 300;

const loneSurrogates = fc
  .array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 4 })
  .map((units) => `q${String.fromCharCode(...units)}?`);
const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  loneSurrogates,
  fc.nat({ max: 20_000 }).map((n) => "x".repeat(n)),
  fc.constantFrom("@everyone", "@here", "<@300000000000000001>", "<@&300000000000000002>", "", " ", "\u0000"),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER * 4, Number.NaN, Infinity, -0, 2 ** 53 + 1),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(null, undefined, [], {}, { id: "1" }, ["a"]),
);
const optionName = fc.oneof(
  fc.constantFrom("question", "subcommand", "paragraph", "questions", "seconds", "topic", "time", "timezone"),
  fc.constantFrom("channel", "ping", "id", "focused", "__proto__", "constructor"),
  fc.string({ maxLength: 20 }),
);
const rawOptions: fc.Arbitrary<RawOptions> = fc.dictionary(optionName, hostileValue, { maxKeys: 5 });
const snowflakeLike = fc.oneof(fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n }).map(String), hostileString);
const invocation: fc.Arbitrary<Invocation> = fc
  .record({ id: snowflakeLike, guild: fc.option(snowflakeLike), channel: snowflakeLike, admin: fc.boolean() })
  .map(({ id, guild, channel, admin }) => ({
    user: { id, username: `u${id.slice(0, 8)}`, bot: false },
    guildId: guild,
    channelId: channel,
    can: () => admin,
  }));

function commandNames(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...t.app.commands.list.map((c) => c.data.name)),
    fc.string({ maxLength: 40 }),
  );
}

function customIds(): fc.Arbitrary<string> {
  const namespaces = ["quiz", "ask", "para", "related", "feedback", "fb", "brief", "daily", "x"];
  const forged = fc
    .tuple(
      fc.constantFrom(...namespaces),
      fc.constantFrom("v1", "v2", "v0", ""),
      fc.array(hostileString, { maxLength: 5 }),
    )
    .map(([ns, version, rest]) => [ns, version, ...rest].join(":"));
  return fc.oneof(
    forged,
    forged.chain((id) => fc.nat({ max: id.length }).map((cut) => id.slice(0, cut))),
    fc.string({ maxLength: 150 }),
  );
}

function incoming(): fc.Arbitrary<Incoming> {
  return fc.oneof(
    fc.record({
      kind: fc.constant("command" as const),
      at: invocation,
      name: commandNames(),
      options: rawOptions,
    }),
    fc.record({
      kind: fc.constant("autocomplete" as const),
      at: invocation,
      name: commandNames(),
      options: rawOptions,
      focused: fc.record({ name: optionName, value: hostileString }),
    }),
    fc.record({
      kind: fc.constant("component" as const),
      at: invocation,
      customId: customIds(),
      messageId: snowflakeLike,
      fields: fc.dictionary(fc.string({ maxLength: 20 }), hostileString, { maxKeys: 3 }),
    }),
    fc.record({
      kind: fc.constant("menu" as const),
      at: invocation,
      name: fc.oneof(
        fc.constantFrom(...t.app.commands.menus.map((m) => m.data.name)),
        fc.string({ maxLength: 40 }),
      ),
      target: fc.record({ id: snowflakeLike, content: hostileString, authorId: snowflakeLike }),
    }),
  );
}

test("hostile interactions: never a throw, one answer, no handler on unvalidated options, no pings", async () => {
  let executedUnvalidated: string | undefined;
  let current: { command: string; valid: boolean } | undefined;
  /** So the property is known to have met both kinds: handlers that ran, and options refused. */
  const seen = { executed: 0, refused: 0 };
  // The real commands, each wrapped to note whether it ran on options its own schema refuses.
  const wrapped = t.app.commands.list.map((command) => ({
    file: `${command.data.name}.ts`,
    command: {
      ...command,
      execute: (ctx: CommandContext, options: unknown) => {
        if (current?.command === command.data.name && !current.valid) executedUnvalidated = command.data.name;
        seen.executed += 1;
        return command.execute(ctx, options);
      },
    } satisfies Command,
  }));
  const router = createRouter({
    commands: indexCommands(wrapped),
    services: t.app.services,
    cooldowns: "off",
  });

  await fc.assert(
    fc.asyncProperty(incoming(), async (input) => {
      const command = input.kind === "command" ? t.app.commands.get(input.name) : undefined;
      current =
        input.kind === "command" && command !== undefined
          ? { command: input.name, valid: command.options.safeParse(input.options).success }
          : undefined;
      const responder = new RecordingResponder();
      await router.handle(input, responder);
      expect(executedUnvalidated).toBeUndefined();

      const answers = responder.events.filter((event) => event.type !== "defer");
      expect(answers).toHaveLength(1);
      const answer = answers[0];
      if (answer?.type === "respond") {
        if (current !== undefined && !current.valid) {
          expect(answer.reply.kind === "message" && answer.reply.ephemeral).toBe(true);
          seen.refused += 1;
        }
        if (answer.reply.kind === "message") {
          const mentions = allowedMentionsOf(answer.reply.view);
          expect(mentions.parse).toEqual([]);
          expect(mentions.users ?? []).toEqual([]);
          expect(mentions.roles ?? []).toEqual([]);
        }
      }
    }),
    { numRuns: RUNS },
  );
  expect(seen.executed).toBeGreaterThan(0);
  expect(seen.refused).toBeGreaterThan(0);
}, 120_000);

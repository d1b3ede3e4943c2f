import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";

import { ManualClock } from "../../src/clock.js";
import { defineCommand, type Command } from "../../src/command.js";
import { Cooldowns, DEFAULT_COOLDOWNS } from "../../src/discord/cooldowns.js";
import {
  AUTOCOMPLETE_CHOICES_MAX,
  AUTOCOMPLETE_NAME_MAX,
  AUTOCOMPLETE_VALUE_MAX,
} from "../../src/discord/limits.js";
import { indexCommands } from "../../src/discord/loader.js";
import {
  createRouter,
  EXPIRED_MESSAGE,
  FAILURE_MESSAGE,
  ReplyUndeliverable,
  UNKNOWN_COMMAND_MESSAGE,
} from "../../src/discord/router.js";
import { RELATED_MAX, relatedFacts, relatedId } from "../../src/interactions/related.js";
import { showParagraphId } from "../../src/interactions/showParagraph.js";
import { message, type Reply } from "../../src/view.js";
import {
  as,
  command,
  press,
  RecordingResponder,
  startTestApp,
  student,
  viewText,
  type TestApp,
} from "./helpers.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.cleanup();
});

/** A router with cooldowns off, for dispatch tests that fire many interactions as one user. */
const router = () => createRouter({ commands: t.app.commands, services: t.app.services, cooldowns: "off" });

async function run(incoming: Parameters<ReturnType<typeof createRouter>["handle"]>[0], r = router()) {
  const responder = new RecordingResponder();
  await r.handle(incoming, responder);
  return responder;
}

const isPrivateError = (reply: Reply) =>
  reply.kind === "message" && reply.ephemeral && reply.view.tone === "error";

describe("commands", () => {
  test("/ask answers publicly with a verbatim quote that verifies against its paragraph", async () => {
    const { reply } = await run(
      command("ask", { question: "What share of China's GDP does Dongbei contribute?" }),
    );
    expect(reply.kind).toBe("message");
    if (reply.kind !== "message") return;
    expect(reply.ephemeral).toBe(false);
    const quote = reply.view.quotes?.[0]?.quote;
    expect(quote?.text).toContain("7 percent");
    expect(quote !== undefined && t.app.services.knowledge.verifyQuote(quote)).toBe(true);
    expect(reply.view.allowedMentions).toBeUndefined();
  });

  test("/ask private:true replies ephemerally, and a mention there pings nobody", async () => {
    const mention = { id: "300000000000000077", username: "bob", bot: false };
    const { reply } = await run(command("ask", { question: "What is Dongbei?", private: true, mention }));
    expect(reply.kind === "message" && reply.ephemeral).toBe(true);
    if (reply.kind === "message") expect(reply.view.allowedMentions).toBeUndefined();
  });

  test("/ask mention:<user> allows exactly that user to be pinged", async () => {
    const mention = { id: "300000000000000077", username: "bob", bot: false };
    const { reply } = await run(command("ask", { question: "What is Dongbei?", mention }));
    if (reply.kind !== "message") throw new Error("expected a message");
    expect(reply.view.allowedMentions).toEqual({ users: [mention.id] });
    expect(reply.view.content).toContain(`<@${mention.id}>`);
  });

  test("/ask declines what the briefing never states, with suggestions", async () => {
    const { reply } = await run(command("ask", { question: "What is Dongbei's unemployment rate?" }));
    if (reply.kind !== "message") throw new Error("expected a message");
    expect(reply.view.quotes ?? []).toHaveLength(0);
    expect(reply.view.title).toMatch(/doesn't say/);
    expect(reply.view.description).toMatch(/•/);
  });

  test("an unknown command gets a private error", async () => {
    const { reply } = await run(command("teleport"));
    expect(isPrivateError(reply)).toBe(true);
    expect(viewText(reply)).toContain(UNKNOWN_COMMAND_MESSAGE);
  });

  test.each([
    ["an empty question", "ask", { question: "   " }, /question/],
    ["an over-long question", "ask", { question: "why ".repeat(100) }, /at most/],
    ["a missing question", "ask", {}, /question/],
    ["a paragraph that is not a number", "briefing", { subcommand: "source", paragraph: "four" }, /number/],
    ["an unknown subcommand", "briefing", { subcommand: "gossip" }, /summary/],
  ])("bad options (%s) get a clear private error", async (_label, name, options, pattern) => {
    const { reply } = await run(command(name, options));
    expect(isPrivateError(reply)).toBe(true);
    expect(viewText(reply)).toMatch(pattern);
  });
});

describe("components", () => {
  test("Show paragraph from an answer opens the whole paragraph privately, quoted span highlighted", async () => {
    const answer = (
      await run(command("ask", { question: "What share of China's GDP does Dongbei contribute?" }))
    ).reply;
    if (answer.kind !== "message") throw new Error("expected a message");
    const button = answer.view.actions?.flat().find((action) => action.label === "Show paragraph");
    expect(button).toBeDefined();
    const { reply } = await run(press(button?.customId ?? ""));
    if (reply.kind !== "message") throw new Error("expected a message");
    expect(reply.ephemeral).toBe(true);
    const block = reply.view.quotes?.[0];
    const paragraph = t.app.services.knowledge.briefings[0]?.paragraphs[3];
    expect(block?.quote.text).toBe(paragraph?.text);
    const highlighted =
      block?.highlight === undefined
        ? ""
        : block.quote.text.slice(block.highlight.start, block.highlight.end);
    expect(highlighted).toBe(answer.view.quotes?.[0]?.quote.text);
  });

  test("forged custom ids never reach a handler: a private 'expired' reply, nothing thrown", async () => {
    const r = router();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 120 }),
          fc.string({ maxLength: 40 }).map((tail) => `para:v1:${tail}`),
          fc.string({ maxLength: 40 }).map((tail) => `fb:v1:${tail}`),
          fc.string({ maxLength: 40 }).map((tail) => `related:v2:${tail}`),
        ),
        async (customId) => {
          const responder = new RecordingResponder();
          await r.handle(press(customId), responder);
          const reply = responder.reply;
          expect(reply.kind === "message" && reply.ephemeral).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  test("an unknown namespace and a stale briefing hash both say the button has expired", async () => {
    expect(viewText((await run(press("nosuch:v1:abc"))).reply)).toContain(EXPIRED_MESSAGE);
    const stale = showParagraphId.encode("china-rust-belt", "000000000000", 4, 0, 10);
    const reply = (await run(press(stale))).reply;
    expect(reply.kind === "message" && reply.ephemeral).toBe(true);
    expect(viewText(reply)).toMatch(/no longer/);
  });

  test("feedback is stored, and a second click by the same user updates the vote", async () => {
    const answer = (await run(command("ask", { question: "What is Dongbei?" }))).reply;
    if (answer.kind !== "message") throw new Error("expected a message");
    const buttons = answer.view.actions?.flat() ?? [];
    const up = buttons.find((action) => action.label === "Helpful");
    const wrong = buttons.find((action) => action.label === "Wrong citation");
    await run(press(up?.customId ?? "", student, "What is Dongbei?"));
    const second = await run(press(wrong?.customId ?? "", student, "What is Dongbei?"));
    expect(viewText(second.reply)).toMatch(/replaced/);
    const stored = await t.app.services.store.feedback.list();
    const mine = stored.filter(
      (row) => row.userId === student.user.id && row.question === "What is Dongbei?",
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]?.vote).toBe("wrong-citation");
    expect(mine[0]?.citation?.paragraph).toBe(2);
  });
});

describe("autocomplete", () => {
  test("/ask suggests curated questions, capped and cut to Discord's limits", async () => {
    const responder = await run({
      kind: "autocomplete",
      at: student,
      name: "ask",
      options: { question: "dongbei" },
      focused: { name: "question", value: "dongbei" },
    });
    const event = responder.events[0];
    if (event?.type !== "autocomplete") throw new Error("expected an autocomplete answer");
    expect(event.choices.length).toBeGreaterThan(0);
    expect(event.choices.length).toBeLessThanOrEqual(AUTOCOMPLETE_CHOICES_MAX);
  });

  test("the router caps a command's choices at 25 and cuts names and values to 100", async () => {
    const chatty = defineCommand({
      data: { name: "chatty", description: "test" },
      options: z.object({}),
      execute: () => message({ description: "hi" }),
      autocomplete: () =>
        Array.from({ length: 60 }, (_, index) => ({
          name: `${index} ${"long ".repeat(40)}`,
          value: `${index}${"v".repeat(150)}`,
        })),
    });
    const r = createRouter({
      commands: indexCommands([{ file: "chatty.ts", command: chatty as Command }]),
      services: t.app.services,
    });
    const responder = new RecordingResponder();
    await r.handle(
      { kind: "autocomplete", at: student, name: "chatty", options: {}, focused: { name: "x", value: "" } },
      responder,
    );
    const event = responder.events[0];
    if (event?.type !== "autocomplete") throw new Error("expected an autocomplete answer");
    expect(event.choices).toHaveLength(AUTOCOMPLETE_CHOICES_MAX);
    for (const choice of event.choices) {
      expect(choice.name.length).toBeLessThanOrEqual(AUTOCOMPLETE_NAME_MAX);
      expect(choice.value.length).toBeLessThanOrEqual(AUTOCOMPLETE_VALUE_MAX);
    }
  });
});

describe("the central error handler", () => {
  const failing = defineCommand({
    data: { name: "explode", description: "test" },
    options: z.object({}),
    execute: () => {
      throw new Error("kaboom at /secret/path.ts:12");
    },
  });
  const slow = defineCommand({
    data: { name: "slow", description: "test" },
    options: z.object({}),
    defer: () => ({ ephemeral: false }),
    execute: () => Promise.reject(new Error("deferred kaboom")),
  });

  test("a throwing handler gets a short safe private message and one structured log line", async () => {
    const r = createRouter({
      commands: indexCommands([
        { file: "explode.ts", command: failing as Command },
        { file: "slow.ts", command: slow as Command },
      ]),
      services: t.app.services,
    });
    const before = t.logs.length;
    const responder = new RecordingResponder();
    await r.handle(command("explode"), responder);
    const reply = responder.reply;
    expect(isPrivateError(reply)).toBe(true);
    expect(viewText(reply)).toContain(FAILURE_MESSAGE);
    expect(viewText(reply)).not.toMatch(/kaboom|secret|\.ts/);
    const line = t.logs.slice(before).find((entry) => entry.msg === "interaction failed");
    expect(line).toMatchObject({ command: "explode", guildId: student.guildId, userId: student.user.id });
    expect((line?.err as { message?: string } | undefined)?.message).toContain("kaboom");

    // After a defer the failure is edited into the deferred reply, and the router keeps working.
    const deferred = new RecordingResponder();
    await r.handle(command("slow"), deferred);
    expect(deferred.events.map((event) => event.type)).toEqual(["defer", "respond"]);
    expect(viewText(deferred.reply)).toContain(FAILURE_MESSAGE);
  });
});

test("a reply that cannot be delivered (expired token, network) is a warning, not retried", async () => {
  const before = t.logs.length;
  const attempts: Reply[] = [];
  await router().handle(command("ask", { question: "What is Dongbei?" }), {
    defer: () => Promise.resolve(),
    autocomplete: () => Promise.resolve(),
    respond: (reply) => {
      attempts.push(reply);
      return Promise.reject(new ReplyUndeliverable("Unknown interaction"));
    },
  });
  expect(attempts).toHaveLength(1);
  const lines = t.logs.slice(before);
  expect(lines.some((line) => line.level === 50)).toBe(false);
  expect(lines.find((line) => line.msg === "could not deliver the reply")).toMatchObject({
    command: "ask",
    level: 40,
  });
});

describe("cooldowns", () => {
  test("a user past the burst gets a private 'try again <t:…:R>' until the window passes", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const r = createRouter({
      commands: t.app.commands,
      services: t.app.services,
      cooldowns: new Cooldowns(clock),
    });
    const alice = as("300000000000000101");
    for (let index = 0; index < DEFAULT_COOLDOWNS.userBurst; index++) {
      const { reply } = await run(command("briefing", { subcommand: "list" }, alice), r);
      expect(viewText(reply)).toMatch(/briefing/);
    }
    const limited = (await run(command("briefing", { subcommand: "list" }, alice), r)).reply;
    expect(isPrivateError(limited)).toBe(true);
    const retryAt = Math.ceil((clock.now().getTime() + DEFAULT_COOLDOWNS.userWindowMs) / 1000);
    expect(viewText(limited)).toContain(`<t:${retryAt}:R>`);

    // Someone else is not affected.
    expect(
      isPrivateError(
        (await run(command("briefing", { subcommand: "list" }, as("300000000000000102")), r)).reply,
      ),
    ).toBe(false);

    clock.advance(DEFAULT_COOLDOWNS.userWindowMs);
    expect(isPrivateError((await run(command("briefing", { subcommand: "list" }, alice), r)).reply)).toBe(
      false,
    );
  });

  test("past a channel's public budget, answers go out privately instead of flooding it", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const r = createRouter({
      commands: t.app.commands,
      services: t.app.services,
      cooldowns: new Cooldowns(clock),
    });
    const channel = "300000000000000555";
    const visibility: boolean[] = [];
    for (let index = 0; index <= DEFAULT_COOLDOWNS.channelBurst; index++) {
      const { reply } = await run(
        command(
          "briefing",
          { subcommand: "list" },
          as(`3000000000001${String(index).padStart(5, "0")}`, channel),
        ),
        r,
      );
      visibility.push(reply.kind === "message" && reply.ephemeral);
    }
    expect(visibility.slice(0, DEFAULT_COOLDOWNS.channelBurst).every((ephemeral) => !ephemeral)).toBe(true);
    expect(visibility.at(-1)).toBe(true);
  });
});

describe("Related", () => {
  test("lists other cited facts sharing a topic, never the answer's own sentence", async () => {
    const knowledge = t.app.services.knowledge;
    const gdp = knowledge.facts.find((fact) => fact.topics.includes("gdp"));
    if (gdp === undefined) throw new Error("expected a GDP fact");
    const { citation } = gdp.quote;
    const { reply } = await run(
      press(relatedId.encode(citation.briefing, citation.hash, citation.paragraph, citation.sentence)),
    );
    if (reply.kind !== "message") throw new Error("expected a message");
    const quotes = reply.view.quotes?.map((block) => block.quote) ?? [];
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes) {
      expect(knowledge.verifyQuote(quote)).toBe(true);
      expect(quote.text).not.toBe(gdp.quote.text);
      const fact = knowledge.facts.find((candidate) => candidate.quote.text === quote.text);
      expect(fact?.topics.some((topic) => gdp.topics.includes(topic))).toBe(true);
    }
  });

  test("a sentence no curated fact covers falls back to facts from its paragraph", () => {
    const knowledge = t.app.services.knowledge;
    const briefing = knowledge.briefings[0];
    if (briefing === undefined) throw new Error("expected a briefing");
    // Every real sentence is curated, so point at one past the end of paragraph 4.
    const citation = { briefing: briefing.id, hash: briefing.hash, paragraph: 4, sentence: 99 };
    const related = relatedFacts(knowledge, citation);
    const inParagraph = knowledge.facts.filter((fact) => fact.quote.citation.paragraph === 4);
    expect(inParagraph.length).toBeGreaterThan(0);
    expect(related.map((fact) => fact.id).sort()).toEqual(
      inParagraph
        .slice(0, RELATED_MAX)
        .map((fact) => fact.id)
        .sort(),
    );
  });
});

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createRouter } from "../../src/discord/router.js";
import { renderView } from "../../src/discord/render.js";
import type { CitedQuote } from "../../src/knowledge/types.js";
import type { Reply, View } from "../../src/view.js";
import { command, RecordingResponder, startTestApp, type TestApp } from "./helpers.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.cleanup();
});

async function viewOf(name: string, options: Record<string, unknown>): Promise<{ reply: Reply; view: View }> {
  const router = createRouter({ commands: t.app.commands, services: t.app.services, cooldowns: "off" });
  const responder = new RecordingResponder();
  await router.handle(command(name, options), responder);
  const reply = responder.reply;
  if (reply.kind !== "message") throw new Error("expected a message");
  return { reply, view: reply.view };
}

const allQuotes = (view: View): CitedQuote[] => [
  ...(view.quotes ?? []).map((block) => block.quote),
  ...(view.fields ?? []).flatMap((field) => field.quotes ?? []),
];

describe("/briefing", () => {
  test("contrast: Trump's and Xi's policies as exactly two inline fields, every line a verified quote", async () => {
    const { view } = await viewOf("briefing", { subcommand: "contrast" });
    const inline = (view.fields ?? []).filter((field) => field.inline === true);
    expect(inline.map((field) => field.name)).toEqual(["Trump", "Xi"]);
    expect(inline[0]?.quotes?.some((quote) => quote.text.includes("revive"))).toBe(true);
    expect(
      inline[1]?.quotes?.some((quote) => quote.text.includes("state-backed high value manufacturing")),
    ).toBe(true);
    // ...plus the two rust belts, each from its own topic.
    const regions = (view.fields ?? []).filter((field) => field.inline !== true).map((field) => field.name);
    expect(regions).toEqual(["America's Rust Belt", "Dongbei"]);
    const quotes = allQuotes(view);
    expect(quotes.length).toBeGreaterThanOrEqual(4);
    for (const quote of quotes) expect(t.app.services.knowledge.verifyQuote(quote)).toBe(true);
    for (const field of view.fields ?? []) expect(field.text).toBeUndefined();

    const rendered = renderView(view, { knowledge: t.app.services.knowledge });
    expect(rendered.embeds[0]?.fields?.filter((field) => field.inline === true)).toHaveLength(2);
  });

  test("summary: one cited line per topic, without repeating a fact", async () => {
    const { view } = await viewOf("briefing", { subcommand: "summary" });
    const topics = t.app.services.knowledge.topics;
    expect(view.fields).toHaveLength(topics.length);
    const texts = allQuotes(view).map((quote) => quote.text);
    expect(new Set(texts).size).toBe(texts.length);
  });

  test("gdp: the GDP share and its change, cited", async () => {
    const { view } = await viewOf("briefing", { subcommand: "gdp" });
    const quotes = allQuotes(view);
    expect(
      quotes.some((quote) => quote.text.includes("about 7 percent") && quote.citation.paragraph === 4),
    ).toBe(true);
  });

  test("dongbei: the region's facts in briefing order", async () => {
    const { view } = await viewOf("briefing", { subcommand: "dongbei" });
    const paragraphs = allQuotes(view).map((quote) => quote.citation.paragraph);
    expect(paragraphs.length).toBeGreaterThan(2);
    expect([...paragraphs].sort((a, b) => a - b)).toEqual(paragraphs);
  });

  test("source: one whole paragraph, and a clear private error when out of range", async () => {
    const { view } = await viewOf("briefing", { subcommand: "source", paragraph: 4 });
    const paragraph = t.app.services.knowledge.briefings[0]?.paragraphs[3]?.text;
    expect(allQuotes(view).map((quote) => quote.text)).toEqual([paragraph]);

    const outOfRange = await viewOf("briefing", { subcommand: "source", paragraph: 7 });
    expect(outOfRange.reply.kind === "message" && outOfRange.reply.ephemeral).toBe(true);
    expect(outOfRange.view.description).toMatch(/paragraphs 1 to 6/);
  });

  test("an unknown briefing id is a clear private error", async () => {
    const { reply, view } = await viewOf("briefing", { subcommand: "summary", briefing: "no-such-briefing" });
    expect(reply.kind === "message" && reply.ephemeral).toBe(true);
    expect(view.description).toMatch(/no briefing "no-such-briefing"/);
  });

  test("list names every loaded briefing", async () => {
    const { view } = await viewOf("briefing", { subcommand: "list" });
    for (const briefing of t.app.services.knowledge.briefings)
      expect(view.description).toContain(briefing.title);
  });
});

describe("/fact and /help", () => {
  test("/fact topic:gdp gives a verified quote from that topic", async () => {
    const { view } = await viewOf("fact", { topic: "gdp" });
    const [quote] = allQuotes(view);
    const gdpFacts = t.app.services.knowledge.facts.filter((fact) => fact.topics.includes("gdp"));
    expect(gdpFacts.map((fact) => fact.quote.text)).toContain(quote?.text);
  });

  test("/fact with an unknown topic is a private error", async () => {
    const { reply } = await viewOf("fact", { topic: "weather" });
    expect(reply.kind === "message" && reply.ephemeral).toBe(true);
  });

  test("/help lists every loaded command", async () => {
    const { view } = await viewOf("help", {});
    for (const name of t.app.commands.list.map((command) => command.data.name)) {
      expect(view.description).toContain(`/${name}`);
    }
  });
});

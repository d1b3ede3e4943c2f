import { embedLength } from "discord.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  ACTION_ROWS_MAX,
  BUTTON_LABEL_MAX,
  BUTTONS_PER_ROW_MAX,
  CUSTOM_ID_MAX_LENGTH,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FIELDS_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBED_TOTAL_MAX,
  MESSAGE_CONTENT_MAX,
} from "../../src/discord/limits.js";
import { UNVERIFIED_QUOTE_NOTICE } from "../../src/discord/quotes.js";
import { renderView, type RenderedMessage } from "../../src/discord/render.js";
import type { CitedQuote, KnowledgeBase } from "../../src/knowledge/types.js";
import type { View, ViewAction } from "../../src/view.js";
import { startTestApp, type TestApp } from "./helpers.js";

let t: TestApp;
let knowledge: KnowledgeBase;
let realQuotes: CitedQuote[];
beforeAll(async () => {
  t = await startTestApp();
  knowledge = t.app.services.knowledge;
  realQuotes = knowledge.facts.map((fact) => fact.quote);
});
afterAll(async () => {
  await t.cleanup();
});

function violations(message: RenderedMessage): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  check((message.content ?? "").length <= MESSAGE_CONTENT_MAX, "content");
  for (const embed of message.embeds) {
    check((embed.title ?? "").length <= EMBED_TITLE_MAX, "title");
    check((embed.description ?? "").length <= EMBED_DESCRIPTION_MAX, "description");
    check((embed.fields ?? []).length <= EMBED_FIELDS_MAX, "field count");
    for (const field of embed.fields ?? []) {
      check(field.name.length > 0 && field.name.length <= EMBED_FIELD_NAME_MAX, "field name");
      check(field.value.length > 0 && field.value.length <= EMBED_FIELD_VALUE_MAX, "field value");
    }
    check((embed.footer?.text ?? "").length <= EMBED_FOOTER_MAX, "footer");
    check(embedLength(embed) <= EMBED_TOTAL_MAX, "embed total");
  }
  check(message.components.length <= ACTION_ROWS_MAX, "rows");
  for (const row of message.components) {
    check(row.components.length > 0 && row.components.length <= BUTTONS_PER_ROW_MAX, "buttons per row");
    for (const button of row.components) {
      check(button.custom_id.length > 0 && button.custom_id.length <= CUSTOM_ID_MAX_LENGTH, "custom_id");
      check((button.label ?? "").length <= BUTTON_LABEL_MAX, "label");
    }
  }
  return problems;
}

/** Text a user could type, with a heavy dose of mention syntax and long runs. */
const userText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ maxLength: 8000 }),
  fc
    .array(
      fc.constantFrom(
        "@everyone",
        "@here",
        "<@123456789012345678>",
        "<@!123456789012345678>",
        "<@&223456789012345678>",
        "word",
        ". ",
        "https://example.com/x",
        " ",
        "**",
        "\n",
      ),
      { maxLength: 400 },
    )
    .map((parts) => parts.join("")),
);

const action: fc.Arbitrary<ViewAction> = fc.record({
  customId: fc.string({ minLength: 0, maxLength: 140 }),
  label: userText,
});

const userView = fc.record(
  {
    content: userText,
    title: userText,
    description: userText,
    footer: userText,
    fields: fc.array(
      fc.record({
        name: userText,
        text: userText,
        inline: fc.boolean(),
        quotes: fc.array(fc.constant(null), { maxLength: 3 }),
      }),
      { maxLength: 40 },
    ),
    actions: fc.array(fc.array(action, { maxLength: 8 }), { maxLength: 8 }),
  },
  { requiredKeys: [] },
);

/** Mentions that would render as pings, apart from those the view names. */
const MENTION = /@everyone|@here|<@!?\d+>|<@&\d+>/;

describe("renderView", () => {
  test("views built from random user text never break a limit and never mention anyone", () => {
    fc.assert(
      fc.property(userView, fc.nat(), (raw, seed) => {
        // Put real verified quotes in the fields, so quote handling is exercised under pressure too.
        const { fields, ...rest } = raw;
        const view: View = {
          ...rest,
          ...(fields === undefined
            ? {}
            : {
                fields: fields.map((field, index) => ({
                  ...field,
                  quotes: field.quotes.map(
                    (_, offset) => realQuotes[(seed + index + offset) % realQuotes.length] as CitedQuote,
                  ),
                })),
              }),
        };
        const rendered = renderView(view, { knowledge });
        expect(violations(rendered)).toEqual([]);
        expect(rendered.allowed_mentions).toEqual({ parse: [] });
        expect(MENTION.test(rendered.content ?? "")).toBe(false);
        for (const embed of rendered.embeds) expect(MENTION.test(JSON.stringify(embed))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  test("only the view's own allowed user may be mentioned, and only that id is in allowed_mentions", () => {
    const rendered = renderView(
      {
        content: "<@300000000000000077> and <@300000000000000088> and @everyone",
        allowedMentions: { users: ["300000000000000077"] },
      },
      { knowledge },
    );
    expect(rendered.allowed_mentions).toEqual({ parse: [], users: ["300000000000000077"] });
    expect(rendered.content).toContain("<@300000000000000077>");
    expect(rendered.content).not.toContain("<@300000000000000088>");
    expect(rendered.content).not.toMatch(/@everyone/);
  });

  test("quotes render as block quotes with the citation line", () => {
    const fact = knowledge.facts.find((candidate) => candidate.quote.text.includes("7 percent"));
    if (fact === undefined) throw new Error("expected the GDP fact in the knowledge base");
    const rendered = renderView({ quotes: [{ quote: fact.quote }] }, { knowledge });
    expect(rendered.embeds[0]?.description).toBe(
      `> ${fact.quote.text}\n¶4 · "China's Got a Rust Belt Too, You Know" · GZERO Media`,
    );
  });

  test("a fabricated or stale quote is never sent; a notice stands in for it", () => {
    const real = realQuotes[0] as CitedQuote;
    const fabricated: CitedQuote = {
      text: "Dongbei's GDP share has doubled since 1980.",
      citation: real.citation,
    };
    const stale: CitedQuote = { text: real.text, citation: { ...real.citation, hash: "0123456789ab" } };
    const wrongParagraph: CitedQuote = {
      text: real.text,
      citation: { ...real.citation, paragraph: real.citation.paragraph + 1 },
    };
    for (const quote of [fabricated, stale, wrongParagraph]) {
      const rendered = renderView(
        { quotes: [{ quote }], fields: [{ name: "Also", quotes: [quote] }] },
        { knowledge },
      );
      const json = JSON.stringify(rendered);
      expect(json).not.toContain(quote.text.slice(0, 30));
      expect(rendered.embeds[0]?.description).toBe(UNVERIFIED_QUOTE_NOTICE);
    }
  });

  test("an over-long description is cut at a sentence boundary and marked with an ellipsis", () => {
    const sentence = "Dongbei was once the industrial powerhouse of the country. ";
    const rendered = renderView({ description: sentence.repeat(200) }, { knowledge });
    const description = rendered.embeds[0]?.description ?? "";
    expect(description.length).toBeLessThanOrEqual(EMBED_DESCRIPTION_MAX);
    expect(description.endsWith("country. …")).toBe(true);
  });

  test("bare links are wrapped in <> so Discord shows no preview", () => {
    const rendered = renderView({ description: "See https://example.com/briefing for more." }, { knowledge });
    expect(rendered.embeds[0]?.description).toBe("See <https://example.com/briefing> for more.");
  });

  test("six rows of six buttons become five rows of five; bad custom ids are dropped", () => {
    const rows = Array.from({ length: 6 }, (_, row) =>
      Array.from({ length: 6 }, (_, index) => ({ customId: `t:v1:${row}:${index}`, label: "x" })),
    );
    const rendered = renderView(
      { title: "buttons", actions: [[{ customId: "x".repeat(101), label: "too long" }], ...rows] },
      { knowledge },
    );
    expect(rendered.components).toHaveLength(ACTION_ROWS_MAX);
    for (const row of rendered.components) expect(row.components).toHaveLength(BUTTONS_PER_ROW_MAX);
    expect(JSON.stringify(rendered.components)).not.toContain("too long");
  });
});

/**
 * briefbot's Q&A commands end to end: the real bot (startBot) and a real discord.js client,
 * against the fake Discord, with a temp SQLite file and the real knowledge base. Every action
 * comes from a fresh member, so per-user cooldowns never decide an outcome here.
 */
import { InteractionResponseType } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { blockQuotes, briefingParagraphs, messageTexts, paragraphContaining } from "./briefingText.js";
import { PINO_ERROR, startBriefbot, type BriefbotUnderTest } from "./briefbot.js";
import { sentPayloadProblems } from "./checks.js";
import {
  DiscordErrors,
  startFakeDiscord,
  type FakeDiscord,
  type InjectedInteraction,
} from "./fakeDiscord.js";
import { EPHEMERAL_FLAG, makeUser, type Json } from "./world.js";

const GDP_QUESTION = "What share of GDP does Dongbei contribute?";

type Embed = {
  title?: string;
  description?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
};
type Row = { components: { custom_id?: string; label?: string }[] };

const embedsOf = (message: Json) => (message.embeds ?? []) as Embed[];
const buttonsOf = (message: Json) => ((message.components ?? []) as Row[]).flatMap((row) => row.components);
const flagsOf = (message: Json | undefined) => (typeof message?.flags === "number" ? message.flags : 0);
const member = () => ({ user: makeUser("student") });

describe("briefbot Q&A over a fake Discord", () => {
  let fake: FakeDiscord;
  let briefbot: BriefbotUnderTest;
  const paragraphs = briefingParagraphs();

  const ask = (question: string): InjectedInteraction =>
    fake.injectInteraction(fake.slash("ask", { options: { question } }, member()));

  beforeAll(async () => {
    fake = await startFakeDiscord({
      guilds: [{ channels: [{ name: "general" }, { name: "announcements", botDenied: ["SendMessages"] }] }],
    });
    briefbot = await startBriefbot(fake);
  });

  afterAll(async () => {
    await briefbot.stop(); // Already stopped by the last test; stop() is safe to call twice.
    await fake.close();
  });

  it("answers /ask with a verbatim, correctly cited quote and mentions disabled", async () => {
    const sent = ask(GDP_QUESTION);
    const callback = await fake.callbackFor(sent);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(callback.data?.allowed_mentions).toEqual({ parse: [] });

    const quotes = messageTexts(callback.data ?? {}).flatMap((text) => blockQuotes(text));
    expect(quotes.length).toBeGreaterThan(0);
    const [best] = quotes;
    expect(best?.text).toContain("7 percent");
    const paragraph = paragraphContaining(best?.text ?? "", paragraphs);
    expect(paragraph).toBeDefined();
    expect(best?.citedParagraph).toBe(paragraph);
    // The source's own characters: the curly apostrophe of "Dongbei’s" survives as is.
    expect(best?.text).toContain("Dongbei’s contribution to GDP");
  });

  it("answers autocomplete with a type-8 callback of at most 25 choices", async () => {
    const sent = fake.injectInteraction(
      fake.autocomplete("ask", { focused: "question", options: { question: "gdp" } }, member()),
    );
    const callback = await fake.callbackFor(sent);
    expect(callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = (callback.data?.choices ?? []) as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.some((choice) => /gdp/i.test(choice.name))).toBe(true);
  });

  it("shows the whole paragraph privately, with the quoted span in bold, from the Show paragraph button", async () => {
    const answer = await fake.replyFor(ask(GDP_QUESTION));
    const show = buttonsOf(answer).find((button) => button.label === "Show paragraph");
    expect(show?.custom_id).toBeDefined();

    const press = fake.injectInteraction(fake.button(show?.custom_id ?? "", answer, member()));
    const callback = await fake.callbackFor(press);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(flagsOf(callback.data) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);

    const quotes = messageTexts(callback.data ?? {}).flatMap((text) => blockQuotes(text));
    const whole = paragraphs[3];
    expect(whole).toContain("7 percent");
    expect(quotes.map((quote) => quote.text)).toContain(whole);
    expect(quotes.find((quote) => quote.text === whole)?.bold).toBe(true);
  });

  it("stores 👍 feedback with the answer's question, and a second click updates the vote", async () => {
    const answer = await fake.replyFor(ask(GDP_QUESTION));
    const buttons = buttonsOf(answer);
    const up = buttons.find((button) => button.label === "Helpful")?.custom_id ?? "";
    const down = buttons.find((button) => button.label === "Not helpful")?.custom_id ?? "";
    const voter = member();
    const first = await fake.callbackFor(fake.injectInteraction(fake.button(up, answer, voter)));
    expect(flagsOf(first.data) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    expect(JSON.stringify(first.data)).toContain("Thanks");
    const second = await fake.callbackFor(fake.injectInteraction(fake.button(down, answer, voter)));
    expect(JSON.stringify(second.data)).toContain("replaced");

    const stored = await briefbot.bot.services.store.feedback.list();
    expect(stored.filter((record) => record.userId === voter.user.id)).toEqual([
      expect.objectContaining({ question: GDP_QUESTION, vote: "down" }),
    ]);
  });

  it("answers a forged or garbled custom_id privately, and keeps running", async () => {
    const answer = await fake.replyFor(ask(GDP_QUESTION));
    for (const forged of [
      "para:v1:china-rust-belt:000000000000:4:0:999",
      "para:v9:x",
      "nonsense",
      "x".repeat(100),
    ]) {
      const press = fake.injectInteraction(fake.button(forged, answer, member()));
      const callback = await fake.callbackFor(press);
      expect(flagsOf(callback.data) & EPHEMERAL_FLAG, forged).toBe(EPHEMERAL_FLAG);
      const text =
        messageTexts(callback.data ?? {}).join(" ") + JSON.stringify(embedsOf(callback.data ?? {}));
      expect(text, forged).toMatch(/expired|no longer/i);
      expect(text, forged).not.toMatch(/Error:|\n\s+at /);
    }
    const later = await fake.callbackFor(ask("How many people live in Dongbei?"));
    expect(later.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(messageTexts(later.data ?? {}).join("\n")).toContain("100 million");
  });

  it("renders /briefing contrast with Trump and Xi as two inline fields", async () => {
    const sent = fake.injectInteraction(fake.slash("briefing", { subcommand: "contrast" }, member()));
    const reply = await fake.replyFor(sent);
    const fields = embedsOf(reply).flatMap((embed) => embed.fields ?? []);
    const inline = fields.filter((field) => field.inline === true);
    expect(inline).toHaveLength(2);
    expect(inline.map((field) => field.name).join(" ")).toMatch(/Trump/);
    expect(inline.map((field) => field.name).join(" ")).toMatch(/Xi/);
    for (const field of inline) expect(blockQuotes(field.value).length).toBeGreaterThan(0);
  });

  it("pings only the user named in mention", async () => {
    const friend = makeUser("friend");
    const sent = fake.injectInteraction(
      fake.slash("ask", { options: { question: GDP_QUESTION, mention: { user: friend } } }, member()),
    );
    const callback = await fake.callbackFor(sent);
    const allowed = callback.data?.allowed_mentions as { parse?: unknown[]; users?: string[] } | undefined;
    expect(allowed?.parse ?? []).toEqual([]);
    expect(allowed?.users).toEqual([friend.id]);
    expect(String(callback.data?.content)).toContain(`<@${friend.id}>`);
  });

  it("survives a one-off 429 and a one-off 500 on the callback route", async () => {
    const rateLimited = fake.failNext("interaction-callback", { kind: "rate-limit", retryAfterSeconds: 0.1 });
    const first = ask(GDP_QUESTION);
    expect(
      blockQuotes(messageTexts((await fake.callbackFor(first)).data ?? {}).join("\n")).length,
    ).toBeGreaterThan(0);
    expect(rateLimited()).toBe(0);

    const failed = fake.failNext("interaction-callback", { kind: "server-error" });
    const second = ask(GDP_QUESTION);
    expect((await fake.callbackFor(second)).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(failed()).toBe(0);

    const statuses = (sent: InjectedInteraction) =>
      fake.requests
        .filter((request) => request.path.startsWith(`/interactions/${sent.id}/`))
        .map((r) => r.status);
    expect(statuses(first)).toEqual([429, 204]);
    expect(statuses(second)).toEqual([500, 204]);
  });

  it("posts through the messenger, and maps a channel it may not post in to missing-permissions", async () => {
    const [general, announcements] = fake.guild.channels;
    if (general === undefined || announcements === undefined) throw new Error("channels missing");
    const { messenger } = briefbot.bot.services;
    const view = { title: "Daily fact", description: "A test post." };

    const { messageId } = await messenger.send(general.id, view);
    expect(fake.message(messageId)?.channel_id).toBe(general.id);
    await messenger.edit(general.id, messageId, { ...view, description: "Edited." });
    expect(JSON.stringify(fake.message(messageId)?.embeds)).toContain("Edited.");

    expect(await messenger.checkCanPost(general.id)).toEqual({ ok: true });
    expect((await messenger.checkCanPost(announcements.id)).ok).toBe(false);
    await expect(messenger.send(announcements.id, view)).rejects.toMatchObject({
      failure: "missing-permissions",
      code: 50013,
    });
    fake.failNext("channel-message-post", DiscordErrors.missingAccess);
    await expect(messenger.send(general.id, view)).rejects.toMatchObject({
      failure: "missing-access",
      code: 50001,
    });
  });

  it("answers a member's message through Apps → Ask briefbot, with a verbatim quote and no pings", async () => {
    const sent = fake.injectInteraction(
      fake.messageMenu("Ask briefbot", `@everyone <@${fake.bot.id}> ${GDP_QUESTION}`, member()),
    );
    const callback = await fake.callbackFor(sent);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(callback.data?.allowed_mentions).toEqual({ parse: [] });
    const [best] = messageTexts(callback.data ?? {}).flatMap((text) => blockQuotes(text));
    expect(best?.text).toContain("to about 7 percent");
    expect(best?.citedParagraph).toBe(paragraphContaining(best?.text ?? "", paragraphs));

    const empty = await fake.callbackFor(
      fake.injectInteraction(fake.messageMenu("Ask briefbot", "", member())),
    );
    expect(flagsOf(empty.data) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    expect(JSON.stringify(empty.data)).toContain("no text to ask about");
  });

  it("sent nothing that breaks a Discord limit or misquotes the briefing, and logged no errors", () => {
    expect(sentPayloadProblems(fake)).toEqual([]);
    expect(briefbot.logs.filter((line) => line.level >= PINO_ERROR)).toEqual([]);
  });

  it("stops cleanly: stop() resolves and the gateway connection closes", async () => {
    expect(fake.gatewayConnections).toBe(1);
    await briefbot.stop();
    await fake.waitForGatewayClosed();
    expect(fake.gatewayConnections).toBe(0);
  });
});

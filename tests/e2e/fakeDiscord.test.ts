/**
 * The fake Discord itself, driven by a bare discord.js client (the benchmark's baseline bot):
 * if these fail, the briefbot e2e tests cannot be trusted.
 */
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type TextChannel,
} from "discord.js";
import { InteractionResponseType, PermissionFlagsBits } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startBaselineBot, type BaselineBot } from "../../bench/baselineBot.js";
import { DiscordErrors, startFakeDiscord, type FakeDiscord } from "./fakeDiscord.js";
import { limitViolations } from "./discordLimits.js";
import { snowflakeOnShard } from "./snowflake.js";
import { shardOf } from "../../src/sharding/layout.js";

const quiet = (content: string) => ({ content, allowed_mentions: { parse: [] } });

describe("fake Discord with a bare discord.js client", () => {
  let fake: FakeDiscord;
  let bot: BaselineBot;

  beforeAll(async () => {
    fake = await startFakeDiscord({
      guilds: [{ channels: [{ name: "general" }, { name: "read-only", botDenied: ["SendMessages"] }] }],
    });
    bot = await startBaselineBot(fake.apiUrl);
  });

  afterAll(async () => {
    await bot.stop();
    await fake.close();
  });

  it("logs in with one authorised GET /gateway/bot and caches the guild from GUILD_CREATE", () => {
    const gatewayCalls = fake.requests.filter((request) => request.route === "gateway-bot");
    expect(gatewayCalls).toHaveLength(1);
    expect(gatewayCalls[0]?.authorized).toBe(true);
    const guild = bot.client.guilds.cache.get(fake.guild.id);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.size).toBe(2);
    expect(bot.client.user?.id).toBe(fake.bot.id);
  });

  it("lets discord.js compute the bot's channel permissions, overwrites included", () => {
    const [general, readOnly] = fake.guild.channels;
    const me = bot.client.guilds.cache.get(fake.guild.id)?.members.me;
    expect(me).toBeDefined();
    if (general === undefined || readOnly === undefined || me === undefined || me === null) return;
    const can = (channelId: string) => bot.client.channels.cache.get(channelId) as TextChannel;
    expect(can(general.id).permissionsFor(me).has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(can(readOnly.id).permissionsFor(me).has(PermissionFlagsBits.SendMessages)).toBe(false);
    expect(can(readOnly.id).permissionsFor(me).has(PermissionFlagsBits.ViewChannel)).toBe(true);
  });

  it("delivers an injected slash command and records the reply with no auth header", async () => {
    const sent = fake.injectInteraction(fake.slash("ask", { options: { question: "what share of GDP?" } }));
    const callback = await fake.callbackFor(sent);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(callback.data?.content).toBe("ok");
    expect(callback.at).toBeGreaterThanOrEqual(sent.sentAt);
    const request = fake.requests.find(
      (entry) => entry.path === `/interactions/${sent.id}/${sent.token}/callback`,
    );
    expect(request?.authorized).toBe(false);
    const reply = await fake.replyFor(sent);
    expect(reply.content).toBe("ok");
    expect(reply.flags).toBe(64);
  });

  it("delivers autocomplete, buttons, subcommands and modal submits that discord.js accepts", async () => {
    const auto = fake.injectInteraction(
      fake.autocomplete("ask", { focused: "question", options: { question: "gd" } }),
    );
    expect((await fake.callbackFor(auto)).type).toBe(
      InteractionResponseType.ApplicationCommandAutocompleteResult,
    );

    const sub = fake.injectInteraction(
      fake.slash("briefing", {
        subcommand: "source",
        options: { paragraph: 2, mention: { user: fake.user } },
      }),
    );
    const subReply = await fake.replyFor(sub);
    expect(subReply.content).toBe("ok");

    const press = fake.injectInteraction(fake.button("ask:v1:x", subReply.id as string));
    expect((await fake.callbackFor(press)).type).toBe(InteractionResponseType.ChannelMessageWithSource);

    const modal = fake.injectInteraction(fake.modalSubmit("feedback:v1:x", { reason: "wrong" }));
    expect((await fake.callbackFor(modal)).type).toBe(InteractionResponseType.ChannelMessageWithSource);
  });

  it("survives a one-off 429 and a one-off 500 on the callback route", async () => {
    const pending429 = fake.failNext("interaction-callback", { kind: "rate-limit", retryAfterSeconds: 0.05 });
    const first = fake.injectInteraction(fake.slash("ask", { options: { question: "a" } }));
    await fake.callbackFor(first);
    expect(pending429()).toBe(0);

    const pending500 = fake.failNext("interaction-callback", { kind: "server-error" });
    const second = fake.injectInteraction(fake.slash("ask", { options: { question: "b" } }));
    await fake.callbackFor(second);
    expect(pending500()).toBe(0);

    const tries = (id: string) =>
      fake.requests.filter((request) => request.path.startsWith(`/interactions/${id}/`));
    expect(tries(first.id).map((request) => request.status)).toEqual([429, 204]);
    expect(tries(second.id).map((request) => request.status)).toEqual([500, 204]);
  });

  it("refuses a second acknowledgement and a late one, as Discord does", async () => {
    const sent = fake.injectInteraction(fake.slash("ask"));
    await fake.callbackFor(sent);
    const again = await fetch(`${fake.apiUrl}/v10/interactions/${sent.id}/${sent.token}/callback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: 4, data: { content: "twice", allowed_mentions: { parse: [] } } }),
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { code: number }).code).toBe(40060);

    fake.ackDeadlineMs = -1;
    const failuresBefore = bot.failures();
    const late = fake.injectInteraction(fake.slash("ask"));
    const refused = await fake.waitFor(() =>
      fake.requests.find((request) => request.path.startsWith(`/interactions/${late.id}/`)),
    );
    fake.ackDeadlineMs = 3_000;
    expect(refused.status).toBe(404);
    await fake.waitFor(() => bot.failures() > failuresBefore, 5_000, "the bot to see the refusal");
    expect(fake.callbacks.some((callback) => callback.interaction.id === late.id)).toBe(false);
  });

  it("answers channel posts with Discord's permission and channel errors", async () => {
    const [general, readOnly] = fake.guild.channels;
    if (general === undefined || readOnly === undefined) throw new Error("channels missing");
    const posted = await bot.client.rest.post(`/channels/${general.id}/messages`, {
      body: quiet("hello"),
    });
    expect((posted as { id: string }).id).toMatch(/^\d{17,19}$/);
    expect(fake.messages.at(-1)?.source).toBe("channel-post");

    const denied = bot.client.rest.post(`/channels/${readOnly.id}/messages`, { body: quiet("x") });
    await expect(denied).rejects.toMatchObject({ code: 50013 });

    fake.failNext("channel-message-post", DiscordErrors.unknownChannel);
    const gone = bot.client.rest.post(`/channels/${general.id}/messages`, { body: quiet("x") });
    await expect(gone).rejects.toBeInstanceOf(DiscordAPIError);
  });

  it("returns the first message for a repeated nonce with enforce_nonce, as Discord does", async () => {
    const [general] = fake.guild.channels;
    if (general === undefined) throw new Error("channel missing");
    const body = { ...quiet("once"), nonce: "daily-1", enforce_nonce: true };
    const first = (await bot.client.rest.post(`/channels/${general.id}/messages`, { body })) as {
      id: string;
    };
    const again = (await bot.client.rest.post(`/channels/${general.id}/messages`, { body })) as {
      id: string;
    };
    expect(again.id).toBe(first.id);
    expect(fake.nonceReplays).toBe(1);
    expect(fake.messages.filter((entry) => entry.message.id === first.id)).toHaveLength(1);
    // Without enforce_nonce the nonce is only echoed: a second post is a second message.
    const loose = { ...quiet("twice"), nonce: "daily-2" };
    const one = (await bot.client.rest.post(`/channels/${general.id}/messages`, { body: loose })) as {
      id: string;
    };
    const two = (await bot.client.rest.post(`/channels/${general.id}/messages`, { body: loose })) as {
      id: string;
    };
    expect(two.id).not.toBe(one.id);
  });

  it("records payloads that keep Discord's limits", () => {
    expect(fake.requests.flatMap((request) => limitViolations(request))).toEqual([]);
    expect(fake.requests.filter((request) => request.route === "unknown")).toEqual([]);
  });
});

describe("fake Discord with shards", () => {
  it("gives each shard's session its own servers and routes a server's interactions to its shard", async () => {
    const guilds = [0, 1, 0, 1].map((shard) => ({ id: snowflakeOnShard(shard, 2) }));
    const fake = await startFakeDiscord({ guilds, recommendedShards: 2, maxConcurrency: 2 });
    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: fake.apiUrl },
      shards: "auto",
    });
    const seen: { guildId: string | null; shard: number }[] = [];
    client.on(Events.InteractionCreate, (interaction) => {
      seen.push({ guildId: interaction.guildId, shard: interaction.guild?.shardId ?? -1 });
      if (interaction.isRepliable()) void interaction.reply({ content: "ok", flags: MessageFlags.Ephemeral });
    });
    try {
      const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
      await client.login("sharded-token");
      await ready;
      expect(fake.readyShards).toEqual([0, 1]);
      expect(client.options.shardCount).toBe(2);
      for (const guild of fake.guilds) {
        expect(client.guilds.cache.get(guild.id)?.shardId).toBe(shardOf(guild.id, 2));
      }
      const onShardOne = fake.guilds[1];
      if (onShardOne === undefined) throw new Error("guild missing");
      const sent = fake.injectInteraction(fake.slash("ask", {}, { guild: onShardOne }));
      await fake.callbackFor(sent);
      expect(seen).toEqual([{ guildId: onShardOne.id, shard: 1 }]);
      expect(() =>
        fake.injectInteraction(fake.slash("ask", {}, { guild: onShardOne }), { shard: 5 }),
      ).toThrow(/no bot is connected and ready on shard 5/);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});

describe("fake Discord login failures", () => {
  it("makes login fail with TokenInvalid for a rejected token", async () => {
    const fake = await startFakeDiscord({ rejectTokens: ["bad-token"] });
    try {
      await expect(startBaselineBot(fake.apiUrl, "bad-token")).rejects.toMatchObject({
        code: "TokenInvalid",
      });
      expect(fake.gatewayConnections).toBe(0);
    } finally {
      await fake.close();
    }
  });
});

/**
 * /daily: one cited fact from the briefing, posted to a channel every day at a local time.
 * Every subcommand changes or reveals server settings, so all need Manage Server: Discord hides
 * the command from others (default_member_permissions) and the handler checks again.
 */
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  ChannelType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";

import {
  ALL_BRIEFINGS,
  briefingChoices,
  briefingOption,
  findBriefing,
} from "../src/interactions/serverBriefings.js";
import { defineCommand, type AutocompleteChoice } from "../src/command.js";
import { supportedTimeZones } from "../src/daily/localTime.js";
import type { DailyStatus } from "../src/daily/service.js";
import { AUTOCOMPLETE_CHOICES_MAX } from "../src/discord/limits.js";
import { message, privateError, type View } from "../src/view.js";

/** Discord's MANAGE_GUILD permission bit, as the string Discord expects. */
const MANAGE_GUILD = "32";
/** Discord ids are 17 to 20 digit snowflakes. */
const ROLE_ID = /^\d{17,20}$/;
/** The longest IANA zone name is 32 characters; a little slack for aliases. */
const TIME_ZONE_MAX_LENGTH = 64;

const data = {
  name: "daily",
  description: "Post one cited fact from the briefing every day, at a local time you choose.",
  default_member_permissions: MANAGE_GUILD,
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "set",
      description: "Choose the channel, time and time zone for the daily fact.",
      options: [
        {
          type: ApplicationCommandOptionType.Channel,
          name: "channel",
          description: "Where to post",
          required: true,
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        },
        {
          type: ApplicationCommandOptionType.String,
          name: "time",
          description: "Local time, 24-hour HH:MM (e.g. 09:00)",
          required: true,
          max_length: 5,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: "timezone",
          description: "IANA time zone, e.g. Europe/London",
          required: true,
          autocomplete: true,
          max_length: TIME_ZONE_MAX_LENGTH,
        },
        {
          type: ApplicationCommandOptionType.Role,
          name: "ping",
          description: "A role to ping with each post (nobody is pinged otherwise)",
        },
        {
          ...briefingOption,
          description: 'Post from this briefing (default: the current one; "all": every one).',
        },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: "off", description: "Stop the daily fact." },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "status",
      description: "Show the channel, time, next post and last post.",
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "preview",
      description: "See the next post, privately.",
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "now",
      description: "Post today's fact right now.",
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const options = z.object({
  subcommand: z.enum(["set", "off", "status", "preview", "now"]),
  channel: z.object({ id: z.string() }).optional(),
  // Times and zones are checked by the service, which explains what is wrong with them.
  time: z.string().optional(),
  timezone: z.string().optional(),
  // The id goes into `<@&id>` and allowed_mentions, so only a real role id (a snowflake) gets through.
  ping: z.object({ id: z.string().regex(ROLE_ID, { error: "Pick a role from the list." }) }).optional(),
  briefing: z.string().trim().min(1).optional(),
});

const NEED_MANAGE_SERVER = "You need the **Manage Server** permission to use /daily.";
const NOT_IN_SERVER = "Daily facts are set per server. Use /daily in a server channel.";

const discordTime = (date: Date, style: "F" | "R") => `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;

function statusView(status: DailyStatus, guildId: string, title: string): View {
  const fields = [
    { name: "Channel", text: `<#${status.channelId}>`, inline: true },
    { name: "Time", text: `${status.localTime} (${status.timeZone})`, inline: true },
    { name: "Ping", text: status.roleId === null ? "Nobody" : `<@&${status.roleId}>`, inline: true },
    {
      name: "Next post",
      text:
        status.next === undefined
          ? "None: daily posts are off."
          : `${discordTime(status.next.at, "F")} (${discordTime(status.next.at, "R")})`,
    },
    {
      name: "Last post",
      text:
        status.lastSent?.sentAt == null || status.lastSent.messageId === null
          ? "Nothing posted yet."
          : `${discordTime(status.lastSent.sentAt, "F")}: https://discord.com/channels/${guildId}/${status.lastSent.channelId}/${status.lastSent.messageId}`,
    },
  ];
  const latest = status.latest;
  if (latest?.status === "claimed" && latest.error !== null && latest.nextAttemptAt !== null) {
    fields.push({
      name: "Queued",
      text: `${latest.localDate}: Discord did not accept the post yet; next try ${discordTime(latest.nextAttemptAt, "R")}.`,
    });
  }
  if (latest !== undefined && (latest.status === "missed" || latest.status === "failed")) {
    fields.push({
      name: latest.status === "missed" ? "Missed" : "Failed",
      text:
        latest.status === "missed"
          ? `${latest.localDate}: I was offline at post time.`
          : `${latest.localDate}: the post could not be sent.`,
    });
  }
  return {
    tone: status.enabled ? "success" : "warning",
    title,
    ...(status.disabledReason === null ? {} : { description: status.disabledReason }),
    fields,
    allowedMentions: {},
  };
}

/** Zones ranked like the other autocompletes: exact, then prefix (of the zone or its city), then substring. */
export function suggestTimeZones(typed: string, preferred: string): AutocompleteChoice[] {
  const query = typed.trim().toLowerCase().replace(/\s+/g, "_");
  const zones = supportedTimeZones();
  const city = (zone: string) => (zone.split("/").at(-1) ?? zone).toLowerCase();
  const ranked =
    query === ""
      ? [preferred, "UTC", ...zones]
      : [
          ...zones.filter((zone) => zone.toLowerCase() === query),
          ...zones.filter((zone) => zone.toLowerCase().startsWith(query) || city(zone).startsWith(query)),
          ...zones.filter((zone) => zone.toLowerCase().includes(query)),
        ];
  return [...new Set(ranked)].slice(0, AUTOCOMPLETE_CHOICES_MAX).map((zone) => ({ name: zone, value: zone }));
}

export default defineCommand({
  data,
  options,
  // Every reply is private; set and now talk to Discord, which may take a moment.
  defer: () => ({ ephemeral: true }),
  async execute(ctx, opts) {
    const guildId = ctx.guildId;
    if (guildId === null) return privateError(NOT_IN_SERVER);
    if (!ctx.can("ManageGuild")) return privateError(NEED_MANAGE_SERVER, "Not allowed");
    const daily = ctx.services.daily;

    switch (opts.subcommand) {
      case "set": {
        if (opts.channel === undefined || opts.time === undefined || opts.timezone === undefined) {
          return privateError("Please give a channel, a time (HH:MM) and a time zone.");
        }
        // The briefing is checked (and kept) first: a wrong one saves nothing.
        if (opts.briefing !== undefined) {
          const server = await ctx.services.library.forGuild(guildId);
          const briefing =
            opts.briefing === ALL_BRIEFINGS ? undefined : findBriefing(server.knowledge, opts.briefing);
          if (opts.briefing !== ALL_BRIEFINGS && briefing === undefined) {
            return privateError(
              `There is no briefing "${opts.briefing}" here. Try /briefing list.`,
              "Nothing was saved",
            );
          }
          await ctx.services.library.use(guildId, briefing?.id ?? null, ctx.user.id, "daily");
        }
        const result = await daily.configure({
          guildId,
          channelId: opts.channel.id,
          time: opts.time,
          timeZone: opts.timezone,
          roleId: opts.ping?.id ?? null,
        });
        if (!result.ok) return privateError(result.reason, "Nothing was saved");
        return message(statusView(result.status, guildId, "Daily fact is on"), { ephemeral: true });
      }
      case "off": {
        const wasOn = await daily.disable(guildId);
        return message(
          {
            tone: "info",
            title: "Daily fact",
            description: wasOn
              ? "Daily posts are off. Use /daily set to turn them back on."
              : "Daily posts were not set up.",
          },
          { ephemeral: true },
        );
      }
      case "status": {
        const status = await daily.status(guildId);
        if (status === undefined) {
          return message(
            { tone: "info", title: "Daily fact", description: "Daily posts are not set up. Use /daily set." },
            { ephemeral: true },
          );
        }
        return message(
          statusView(status, guildId, status.enabled ? "Daily fact is on" : "Daily fact is off"),
          {
            ephemeral: true,
          },
        );
      }
      case "preview": {
        const preview = await daily.preview(guildId);
        if (!preview.ok) return privateError(preview.reason);
        const status = await daily.status(guildId);
        const when =
          status?.next === undefined
            ? "Daily posts are off, so this would go out after /daily set."
            : `Next post ${discordTime(status.next.at, "F")} (${discordTime(status.next.at, "R")}) in <#${status.channelId}>.`;
        // Shown privately: no ping, and the role is named instead.
        const { content, ...view } = preview.view;
        return message(
          {
            ...view,
            description: content === undefined ? when : `${when} It will ping ${content}.`,
            allowedMentions: {},
          },
          { ephemeral: true },
        );
      }
      case "now": {
        const result = await daily.postNow(guildId);
        if (!result.ok) {
          return result.retryAt === undefined
            ? privateError(result.reason)
            : message(
                {
                  tone: "info",
                  title: "Daily fact",
                  description: `${result.reason} Next try ${discordTime(result.retryAt, "R")}.`,
                },
                { ephemeral: true },
              );
        }
        const status = await daily.status(guildId);
        const where = status === undefined ? "the channel" : `<#${status.channelId}>`;
        const outcome = result.outcome;
        const text =
          outcome.kind === "sent"
            ? `Posted today's fact in ${where}.`
            : outcome.kind === "retrying"
              ? `Discord is not accepting the post right now; I will try again ${discordTime(outcome.retryAt, "R")} in ${where}.`
              : outcome.disabled
                ? outcome.reason
                : "The post could not be sent. Try again later.";
        return message(
          { tone: outcome.kind === "failed" ? "error" : "success", title: "Daily fact", description: text },
          { ephemeral: true },
        );
      }
    }
  },
  autocomplete(ctx, focused) {
    if (focused.name === "briefing") {
      return ctx.services.library
        .forGuild(ctx.guildId)
        .then((server) => briefingChoices(server, focused.value));
    }
    if (focused.name !== "timezone") return [];
    return suggestTimeZones(focused.value, ctx.services.config.defaultTimeZone);
  },
});

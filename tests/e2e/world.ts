/**
 * The fake Discord's little world: the bot's user and application, guilds, channels, roles,
 * permissions, and the message objects it hands back. Shapes follow discord-api-types v10 closely
 * enough for discord.js 14 to build its structures (guild caches, channel permissions) from them.
 */
import { ChannelType, PermissionFlagsBits } from "discord-api-types/v10";

import { snowflake } from "./snowflake.js";

export type Json = Record<string, unknown>;

/** A permission a test can take away from the bot in one channel. */
export type ChannelPermissionName = "ViewChannel" | "SendMessages" | "EmbedLinks";

export interface ChannelSpec {
  readonly id?: string;
  readonly name?: string;
  /** Permissions denied to the bot in this channel, through a member permission overwrite. */
  readonly botDenied?: readonly ChannelPermissionName[];
}

export interface GuildSpec {
  readonly id?: string;
  readonly name?: string;
  /** Text channels; one called "general" when left out. */
  readonly channels?: readonly ChannelSpec[];
}

export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly global_name: string | null;
  readonly discriminator: "0";
  readonly avatar: null;
  readonly bot: boolean;
}

export interface FakeChannel {
  readonly id: string;
  readonly guildId: string;
  readonly name: string;
  readonly botDenied: ReadonlySet<ChannelPermissionName>;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  /** The bot's managed role. The @everyone role's id is the guild id, as on Discord. */
  readonly botRoleId: string;
  readonly channels: readonly FakeChannel[];
}

/** What @everyone may do in a fresh server: read, write, embed, use commands. */
export const EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.SendMessagesInThreads;

/** The bot's own role: what an invite link with "Send Messages, Embed Links" would grant. */
export const BOT_ROLE_PERMISSIONS = EVERYONE_PERMISSIONS;

/** An ordinary member using the bot: @everyone's permissions, no Manage Server. */
export const MEMBER_PERMISSIONS = EVERYONE_PERMISSIONS;

/** A server admin, for commands that check Manage Server at run time. */
export const ADMIN_PERMISSIONS = EVERYONE_PERMISSIONS | PermissionFlagsBits.ManageGuild;

/** Joined-at stamp for every member and the bot (a fixed past date keeps payloads stable). */
const JOINED_AT = "2025-01-01T00:00:00.000Z";

export function makeUser(username: string, bot = false): FakeUser {
  return {
    id: snowflake(),
    username,
    global_name: bot ? null : username,
    discriminator: "0",
    avatar: null,
    bot,
  };
}

export function makeGuild(spec: GuildSpec = {}): FakeGuild {
  const id = spec.id ?? snowflake();
  const channelSpecs = spec.channels ?? [{ name: "general" }];
  return {
    id,
    name: spec.name ?? "Study Group",
    ownerId: snowflake(),
    botRoleId: snowflake(),
    channels: channelSpecs.map((channel, index) => ({
      id: channel.id ?? snowflake(),
      guildId: id,
      name: channel.name ?? `channel-${index + 1}`,
      botDenied: new Set(channel.botDenied ?? []),
    })),
  };
}

/** The bot's effective permissions in a channel: its roles, then its member overwrite. */
export function botPermissionsIn(channel: FakeChannel): bigint {
  let permissions = EVERYONE_PERMISSIONS | BOT_ROLE_PERMISSIONS;
  for (const name of channel.botDenied) permissions &= ~PermissionFlagsBits[name];
  return permissions;
}

export function botCan(channel: FakeChannel, name: ChannelPermissionName): boolean {
  return (botPermissionsIn(channel) & PermissionFlagsBits[name]) !== 0n;
}

export function channelObject(channel: FakeChannel, bot: FakeUser): Json {
  const deny = [...channel.botDenied].reduce((bits, name) => bits | PermissionFlagsBits[name], 0n);
  return {
    id: channel.id,
    type: ChannelType.GuildText,
    guild_id: channel.guildId,
    name: channel.name,
    position: 0,
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    permission_overwrites: deny === 0n ? [] : [{ id: bot.id, type: 1, allow: "0", deny: deny.toString() }],
  };
}

function roleObject(id: string, name: string, permissions: bigint, position: number, managed: boolean): Json {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed,
    mentionable: false,
    flags: 0,
  };
}

export function memberObject(user: FakeUser, roles: readonly string[]): Json {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: JOINED_AT,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** A full GUILD_CREATE payload: enough for discord.js to cache the guild and compute permissions. */
export function guildCreatePayload(guild: FakeGuild, bot: FakeUser): Json {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: "en-US",
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    joined_at: JOINED_AT,
    large: false,
    unavailable: false,
    member_count: 2,
    roles: [
      roleObject(guild.id, "@everyone", EVERYONE_PERMISSIONS, 0, false),
      roleObject(guild.botRoleId, "briefbot", BOT_ROLE_PERMISSIONS, 1, true),
    ],
    emojis: [],
    stickers: [],
    channels: guild.channels.map((channel) => channelObject(channel, bot)),
    threads: [],
    members: [memberObject(bot, [guild.botRoleId])],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface MessageFields {
  readonly content?: unknown;
  readonly embeds?: unknown;
  readonly components?: unknown;
  readonly flags?: unknown;
  readonly nonce?: unknown;
  readonly enforce_nonce?: unknown;
}

/** Discord's message flags the fake tracks: ephemeral, and "loading" for a deferred reply. */
export const EPHEMERAL_FLAG = 1 << 6;
export const LOADING_FLAG = 1 << 7;
/** Flags a bot may set itself on a message (suppress embeds, ephemeral, suppress notifications,
 * components v2); others are Discord's own. */
const SETTABLE_FLAGS = (1 << 2) | EPHEMERAL_FLAG | (1 << 12) | (1 << 15);

export function messageObject(
  channelId: string,
  author: FakeUser,
  fields: MessageFields,
  extra: { id?: string; applicationId?: string; interaction?: Json; flags?: number } = {},
): Json {
  const requestedFlags = typeof fields.flags === "number" ? fields.flags & SETTABLE_FLAGS : 0;
  return {
    id: extra.id ?? snowflake(),
    channel_id: channelId,
    author,
    content: typeof fields.content === "string" ? fields.content : "",
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: Array.isArray(fields.embeds) ? fields.embeds : [],
    components: Array.isArray(fields.components) ? fields.components : [],
    pinned: false,
    type: extra.interaction === undefined ? 0 : 20,
    flags: requestedFlags | (extra.flags ?? 0),
    ...(extra.applicationId === undefined
      ? {}
      : { webhook_id: extra.applicationId, application_id: extra.applicationId }),
    ...(extra.interaction === undefined ? {} : { interaction_metadata: extra.interaction }),
  };
}

/** Applies an edit body to a stored message, as Discord does: only the fields sent change. */
export function editMessage(message: Json, fields: MessageFields): Json {
  const oldFlags = typeof message.flags === "number" ? message.flags : 0;
  const flags =
    typeof fields.flags === "number"
      ? (oldFlags & EPHEMERAL_FLAG) | (fields.flags & SETTABLE_FLAGS)
      : oldFlags & ~LOADING_FLAG;
  return {
    ...message,
    ...(fields.content === undefined ? {} : { content: fields.content ?? "" }),
    ...(fields.embeds === undefined ? {} : { embeds: fields.embeds ?? [] }),
    ...(fields.components === undefined ? {} : { components: fields.components ?? [] }),
    flags,
    edited_timestamp: new Date().toISOString(),
  };
}

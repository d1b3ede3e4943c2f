/**
 * The discord.js Client as briefbot needs it: Guilds intent only (interactions need no intent,
 * and we never ask for MessageContent), bounded caches with sweepers, mentions off by default,
 * REST pointed at DISCORD_API_URL (the gateway URL then comes from that API's /gateway/bot), and
 * a bounded number of REST requests in flight.
 */
import { Client, GatewayIntentBits, Options, type User, type GuildMember } from "discord.js";

import type { Config } from "../config.js";
import { boundedMakeRequest } from "./restLimit.js";

/**
 * Users seen in interactions: enough for a busy server's active minute, small enough to stay a
 * few megabytes. The bot's own user is always kept.
 */
const USER_CACHE_MAX = 1_000;
/** Sweep cached users and members every 10 minutes, dropping everyone but the bot itself. */
const SWEEP_INTERVAL_SECONDS = 600;

/** The client user is null until READY, although the typings promise otherwise. */
const isSelf = (entity: User | GuildMember) => entity.id === (entity.client.user as User | null)?.id;

/**
 * Which shards this process opens. discord.js reads SHARD_COUNT and SHARDS from the environment
 * itself (the shard manager sets both for its processes, and a numeric SHARD_COUNT alone opens
 * that many shards in one process, as before). Only "auto" in a single process needs saying:
 * discord.js would read it as a number (NaN) and refuse to start.
 */
function shardOptions(config: Config): { shards?: "auto" } {
  if (config.sharding.kind !== "single" || config.sharding.shardCount !== "auto") return {};
  delete process.env.SHARD_COUNT;
  return { shards: "auto" };
}

export function createClient(config: Config): Client {
  return new Client({
    ...shardOptions(config),
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    // At most REST_CONCURRENCY_MAX requests (and so sockets) at once, instead of one per interaction.
    rest: { api: config.discordApiUrl, makeRequest: boundedMakeRequest() },
    // Guild, channel, role and permission-overwrite caches are left alone: discord.js needs them.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMessageManager: 0,
      DMMessageManager: 0,
      // The bot's own member is kept so channel permissions can be checked before posting.
      GuildMemberManager: { maxSize: 0, keepOverLimit: isSelf },
      UserManager: { maxSize: USER_CACHE_MAX, keepOverLimit: isSelf },
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      VoiceStateManager: 0,
      ThreadMemberManager: 0,
      GuildBanManager: 0,
      GuildInviteManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      AutoModerationRuleManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      ApplicationCommandManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      users: { interval: SWEEP_INTERVAL_SECONDS, filter: () => (user: User) => !isSelf(user) },
      guildMembers: {
        interval: SWEEP_INTERVAL_SECONDS,
        filter: () => (member: GuildMember) => !isSelf(member),
      },
    },
  });
}

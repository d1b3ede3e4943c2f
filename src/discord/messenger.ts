/**
 * The Messenger port over discord.js's REST client: posts and edits rendered views, and maps
 * Discord's errors onto DeliveryError so core services can react (stop posting after 50001/50013,
 * retry on 429/5xx) without knowing Discord.
 */
import {
  DiscordAPIError,
  HTTPError,
  PermissionFlagsBits,
  RateLimitError,
  Routes,
  type Client,
} from "discord.js";

import type { KnowledgeBase } from "../knowledge/types.js";
import type { Logger } from "../log.js";
import { DeliveryError, type Messenger, type PostCheck, type SendOptions } from "../messenger.js";
import type { View } from "../view.js";
import { renderView } from "./render.js";

/** Discord's JSON error codes that mean something to callers. */
export const DISCORD_ERROR = {
  unknownChannel: 10003,
  unknownMessage: 10008,
  missingAccess: 50001,
  missingPermissions: 50013,
  cannotMessageUser: 50007,
} as const;

/** What a bot needs in a channel to post briefbot's embeds. */
const POST_PERMISSIONS = [
  ["ViewChannel", PermissionFlagsBits.ViewChannel],
  ["SendMessages", PermissionFlagsBits.SendMessages],
  ["EmbedLinks", PermissionFlagsBits.EmbedLinks],
] as const;

/** Discord's limit on a message nonce. */
const NONCE_MAX = 25;

export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === "number" ? error.code : undefined;
    const reason = error.message;
    switch (code) {
      case DISCORD_ERROR.missingAccess:
        return new DeliveryError("missing-access", false, reason, code);
      case DISCORD_ERROR.missingPermissions:
        return new DeliveryError("missing-permissions", false, reason, code);
      case DISCORD_ERROR.unknownChannel:
        return new DeliveryError("unknown-channel", false, reason, code);
      case DISCORD_ERROR.unknownMessage:
        return new DeliveryError("unknown-message", false, reason, code);
      case DISCORD_ERROR.cannotMessageUser:
        return new DeliveryError("dms-closed", false, reason, code);
    }
    if (error.status === 429) return new DeliveryError("rate-limited", true, reason, code);
    if (error.status >= 500) return new DeliveryError("unavailable", true, reason, code);
    return new DeliveryError("other", false, reason, code);
  }
  if (error instanceof RateLimitError) return new DeliveryError("rate-limited", true, error.message);
  if (error instanceof HTTPError) {
    return error.status === 429 || error.status >= 500
      ? new DeliveryError(error.status === 429 ? "rate-limited" : "unavailable", true, error.message)
      : new DeliveryError("other", false, error.message);
  }
  // Network failures (ECONNRESET, timeouts) surface as plain errors: worth retrying later.
  return new DeliveryError("unavailable", true, error instanceof Error ? error.message : String(error));
}

export function createDiscordMessenger(
  client: Client,
  deps: { readonly knowledge: () => KnowledgeBase; readonly logger: Logger },
): Messenger {
  const body = (view: View) => renderView(view, { knowledge: deps.knowledge(), logger: deps.logger });
  return {
    async send(channelId: string, view: View, options: SendOptions = {}) {
      const nonce = options.nonce?.slice(0, NONCE_MAX);
      try {
        const message = (await client.rest.post(Routes.channelMessages(channelId), {
          body: { ...body(view), ...(nonce === undefined ? {} : { nonce, enforce_nonce: true }) },
        })) as { id: string };
        return { messageId: message.id };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },

    async edit(channelId: string, messageId: string, view: View) {
      try {
        await client.rest.patch(Routes.channelMessage(channelId, messageId), { body: body(view) });
      } catch (error) {
        throw toDeliveryError(error);
      }
    },

    async sendDirect(userId: string, view: View) {
      try {
        const channel = (await client.rest.post(Routes.userChannels(), {
          body: { recipient_id: userId },
        })) as {
          id: string;
        };
        await client.rest.post(Routes.channelMessages(channel.id), { body: body(view) });
      } catch (error) {
        throw toDeliveryError(error);
      }
    },

    checkCanPost(channelId: string): Promise<PostCheck> {
      const channel = client.channels.cache.get(channelId);
      if (channel === undefined) return Promise.resolve({ ok: false, reason: "I can't see that channel." });
      if (!channel.isTextBased() || !channel.isSendable()) {
        return Promise.resolve({ ok: false, reason: "That channel doesn't take messages." });
      }
      if (channel.isDMBased() || client.user === null) return Promise.resolve({ ok: true });
      const permissions = channel.permissionsFor(client.user);
      // Without the bot's member in cache the permissions are unknown: let the send decide.
      if (permissions === null) return Promise.resolve({ ok: true });
      const missing = POST_PERMISSIONS.filter(([, bit]) => !permissions.has(bit)).map(([name]) => name);
      return Promise.resolve(
        missing.length === 0
          ? { ok: true }
          : { ok: false, reason: `I'm missing ${missing.join(", ")} in that channel.` },
      );
    },

    servesGuild(guildId: string) {
      return client.guilds.cache.has(guildId);
    },
  };
}

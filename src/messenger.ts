/**
 * The port through which core services post to channels. Discord implements it with REST;
 * the offline console implements it by printing. No discord.js here.
 */
import type { View } from "./view.js";

export type DeliveryFailure =
  | "missing-access"
  | "missing-permissions"
  | "unknown-channel"
  | "unknown-message"
  | "rate-limited"
  /** The user does not take direct messages from the bot (Discord's 50007). */
  | "dms-closed"
  | "unavailable"
  | "other";

export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  constructor(
    readonly failure: DeliveryFailure,
    /** True when trying again later may succeed (rate limits, 5xx, network). */
    readonly retryable: boolean,
    message: string,
    /** Discord's JSON error code, when there was one (50001, 50013, 10003...). */
    readonly code?: number,
  ) {
    super(message);
  }
}

export type PostCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface SendOptions {
  /**
   * Idempotency key, at most 25 characters. Implementations pass it to Discord as `nonce` with
   * `enforce_nonce: true`, so a retry after a crash mid-send returns the first message instead
   * of posting a second one (Discord remembers nonces for a few minutes).
   */
  readonly nonce?: string;
}

export interface Messenger {
  /** Posts a new message. Throws DeliveryError. */
  send(channelId: string, view: View, options?: SendOptions): Promise<{ messageId: string }>;
  /** Replaces a message the bot posted earlier. Throws DeliveryError. */
  edit(channelId: string, messageId: string, view: View): Promise<void>;
  /** Whether the bot may send messages with embeds in the channel, and why not. */
  checkCanPost(channelId: string): Promise<PostCheck>;
  /**
   * Sends a direct message to a user (review reminders). Optional: a transport without direct
   * messages (the offline console) leaves it out, and reminders then wait. Throws DeliveryError.
   */
  sendDirect?(userId: string, view: View): Promise<void>;
  /** Whether this client serves the guild (only guilds in this shard's cache). */
  servesGuild(guildId: string): boolean;
}

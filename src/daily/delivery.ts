/**
 * Sending one claimed post, and what each outcome does to it: sent, retried with backoff (still as
 * that date's post), given up, or (lost access) given up with the schedule disabled.
 */
import { createHash } from "node:crypto";

import type { Clock } from "../clock.js";
import type { FactScope } from "./factScope.js";
import type { Logger } from "../log.js";
import { DeliveryError, type Messenger } from "../messenger.js";
import type { DailyPost, DailyRepository } from "../store/dailyRepository.js";
import { CATCH_UP_GRACE_MS } from "./plan.js";
import { dailyPostView, type PostActionsBuilder } from "./postView.js";

/**
 * How long one send attempt owns a claimed post. Longer than a Discord REST call normally takes
 * (discord.js gives up after 15 s), so a live attempt is never doubled; short enough that a post
 * whose sender crashed goes out within the minute. The nonce covers the rare overlap.
 */
export const SEND_LEASE_MS = 30_000;
/** First retry after a retryable failure; each further retry waits twice as long. */
export const RETRY_BASE_MS = 5_000;
/** Backoff never waits longer than this between attempts. */
export const RETRY_MAX_MS = 10 * 60 * 1000;
/** Attempts (including the first) before a post is given up as failed. */
export const MAX_SEND_ATTEMPTS = 8;
/** A post still unsent this long after its time is given up: a late fact is worse than none. */
export const RETRY_WINDOW_MS = CATCH_UP_GRACE_MS;
/** Discord nonces are at most 25 characters. */
const NONCE_LENGTH = 25;

/** Failures that mean the bot cannot post in the channel until an admin fixes something. */
const LOST_ACCESS_FAILURES = new Set(["missing-access", "missing-permissions", "unknown-channel"]);
const LOST_ACCESS_CODES = new Set([50001, 50013, 10003]);

export type DeliveryOutcome =
  | { readonly kind: "sent"; readonly messageId: string }
  | { readonly kind: "retrying"; readonly reason: string; readonly retryAt: Date }
  | { readonly kind: "failed"; readonly reason: string; readonly disabled: boolean };

/** Same guild and date, same nonce: a resend after a crash is recognised by Discord. */
export function postNonce(guildId: string, localDate: string): string {
  return `d${createHash("sha256").update(`${guildId}:${localDate}`).digest("hex")}`.slice(0, NONCE_LENGTH);
}

export function isLostAccess(error: DeliveryError): boolean {
  return (
    LOST_ACCESS_FAILURES.has(error.failure) || (error.code !== undefined && LOST_ACCESS_CODES.has(error.code))
  );
}

function lostAccessReason(error: DeliveryError, channelId: string): string {
  const what =
    error.failure === "unknown-channel" || error.code === 10003
      ? `the channel <#${channelId}> no longer exists`
      : error.failure === "missing-access" || error.code === 50001
        ? `I can no longer see <#${channelId}>`
        : `I am missing permissions to post in <#${channelId}>`;
  return `Stopped because ${what}. Fix it, then run /daily set again.`;
}

export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

export interface DeliveryDeps {
  readonly repository: DailyRepository;
  /** The facts (and knowledge) of the post's server. */
  readonly scopeFor: (guildId: string) => Promise<FactScope>;
  readonly messenger: Messenger;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly postActions: PostActionsBuilder | undefined;
}

export function createDelivery(deps: DeliveryDeps): (post: DailyPost) => Promise<DeliveryOutcome> {
  const { repository, messenger, clock, logger } = deps;

  return async function deliver(post: DailyPost): Promise<DeliveryOutcome> {
    const log = logger.child({ guildId: post.guildId, localDate: post.localDate });
    const { knowledge, factsById } = await deps.scopeFor(post.guildId);
    const fact = post.factId === null ? undefined : factsById.get(post.factId);
    if (fact === undefined) {
      const reason = "the fact chosen for this post is no longer in the knowledge base";
      await repository.markFailed(post.guildId, post.localDate, reason, clock.now());
      log.warn({ factId: post.factId }, "daily post failed: fact missing");
      return { kind: "failed", reason, disabled: false };
    }
    const view = dailyPostView(fact, knowledge, post.roleId, deps.postActions);
    try {
      const { messageId } = await messenger.send(post.channelId, view, {
        nonce: postNonce(post.guildId, post.localDate),
      });
      await repository.markSent(post.guildId, post.localDate, messageId, clock.now());
      log.info({ messageId, factId: fact.id, attempts: post.attempts }, "daily post sent");
      return { kind: "sent", messageId };
    } catch (error) {
      const now = clock.now();
      if (error instanceof DeliveryError && isLostAccess(error)) {
        const reason = lostAccessReason(error, post.channelId);
        await repository.markFailed(post.guildId, post.localDate, error.message, now, reason);
        log.warn({ failure: error.failure, code: error.code }, "daily posts disabled: lost access");
        return { kind: "failed", reason, disabled: true };
      }
      // Anything but a DeliveryError is unexpected (a bug or a dropped connection): retry it too.
      const retryable = !(error instanceof DeliveryError) || error.retryable;
      const text = error instanceof Error ? error.message : String(error);
      const retryAt = new Date(now.getTime() + retryDelayMs(post.attempts));
      const withinWindow = retryAt.getTime() <= post.scheduledFor.getTime() + RETRY_WINDOW_MS;
      if (retryable && post.attempts < MAX_SEND_ATTEMPTS && withinWindow) {
        await repository.retryAt(post.guildId, post.localDate, retryAt, text);
        log.warn({ err: error, attempts: post.attempts, retryAt }, "daily post failed; will retry");
        return { kind: "retrying", reason: text, retryAt };
      }
      await repository.markFailed(post.guildId, post.localDate, text, now);
      log.error({ err: error, attempts: post.attempts }, "daily post failed; giving up for this date");
      return { kind: "failed", reason: text, disabled: false };
    }
  };
}

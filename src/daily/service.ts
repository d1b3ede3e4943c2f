/**
 * Daily fact posts: settings, the due-check, "mark, then send" delivery, retries and lost access.
 * No discord.js: posts go out through the Messenger port, time comes from the injected Clock.
 */
import { createHash } from "node:crypto";

import type { Clock } from "../clock.js";
import type { Fact, KnowledgeBase } from "../knowledge/types.js";
import type { Logger } from "../log.js";
import { DeliveryError, type Messenger } from "../messenger.js";
import type { DailyPost, DailyRepository, DailySchedule, DueCursor } from "../store/dailyRepository.js";
import type { View } from "../view.js";
import { DailyJob, type DailyJobOptions } from "./job.js";
import { formatLocalTime, localDateOf, normalizeTimeZone, parseLocalTime } from "./localTime.js";
import { followingRun, nextRunAfter, type Run } from "./nextRun.js";
import { CATCH_UP_GRACE_MS, planDueRun } from "./plan.js";
import { dailyPostView, type PostActionsBuilder } from "./postView.js";
import { pickNext } from "./rotation.js";

/** Rows handled per due-check page; the check pages on until nothing due is left. */
export const DUE_BATCH_SIZE = 100;
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
/** Posts sent at once in one due-check; @discordjs/rest queues per route anyway. */
export const SEND_CONCURRENCY = 4;
/** Discord nonces are at most 25 characters. */
const NONCE_LENGTH = 25;

/** Failures that mean the bot cannot post in the channel until an admin fixes something. */
const LOST_ACCESS_FAILURES = new Set(["missing-access", "missing-permissions", "unknown-channel"]);
const LOST_ACCESS_CODES = new Set([50001, 50013, 10003]);

export interface DailyConfigureInput {
  readonly guildId: string;
  readonly channelId: string;
  readonly time: string;
  readonly timeZone: string;
  readonly roleId: string | null;
}

export interface DailyStatus {
  readonly channelId: string;
  readonly localTime: string;
  readonly timeZone: string;
  readonly roleId: string | null;
  readonly enabled: boolean;
  /** The next post, when enabled. */
  readonly next: Run | undefined;
  readonly disabledReason: string | null;
  readonly lastSent: DailyPost | undefined;
  /** The most recent post-log row (may be missed or failed). */
  readonly latest: DailyPost | undefined;
}

export type DailyResult<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly reason: string };

export type DeliveryOutcome =
  | { readonly kind: "sent"; readonly messageId: string }
  | { readonly kind: "retrying"; readonly reason: string }
  | { readonly kind: "failed"; readonly reason: string; readonly disabled: boolean };

export interface DailyService {
  configure(input: DailyConfigureInput): Promise<DailyResult<{ status: DailyStatus }>>;
  /** Turns daily posts off for the guild; false when they were not set up. */
  disable(guildId: string): Promise<boolean>;
  status(guildId: string): Promise<DailyStatus | undefined>;
  /** The post that will go out next, and when. */
  preview(guildId: string): Promise<DailyResult<{ view: View; next: Run; factId: string }>>;
  /** Posts now, as today's post. */
  postNow(guildId: string): Promise<DailyResult<{ outcome: DeliveryOutcome; localDate: string }>>;
  /** One due-check: retries, then due schedules. Called by the job; public for tests and benches. */
  tick(): Promise<void>;
  /** The earliest future time at which anything becomes due, after `after`. */
  nextWakeAfter(after: Date): Promise<Date | undefined>;
  readonly job: DailyJob;
}

export interface DailyServiceDeps {
  readonly repository: DailyRepository;
  readonly knowledge: KnowledgeBase;
  readonly messenger: Messenger;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Buttons beyond "Show paragraph" (e.g. "Quiz me"). */
  readonly postActions?: PostActionsBuilder;
  readonly job?: DailyJobOptions;
}

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

async function inPool<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

export function createDailyService(deps: DailyServiceDeps): DailyService {
  const { repository, knowledge, messenger, clock } = deps;
  const logger = deps.logger.child({ component: "daily" });
  const factIds = knowledge.facts.map((fact) => fact.id);
  const factsById = new Map<string, Fact>(knowledge.facts.map((fact) => [fact.id, fact]));

  const leaseFrom = (now: Date) => new Date(now.getTime() + SEND_LEASE_MS);

  /** The first run after `after` whose date has no post yet (a date already posted is done). */
  async function firstOpenRun(
    time: { hour: number; minute: number },
    zone: string,
    guildId: string,
    after: Date,
  ) {
    let run = nextRunAfter(time, zone, after);
    for (;;) {
      const post = await repository.getPost(guildId, run.localDate);
      if (post === undefined || post.status === "missed") return run;
      run = followingRun(time, zone, run);
    }
  }

  async function deliver(post: DailyPost): Promise<DeliveryOutcome> {
    const log = logger.child({ guildId: post.guildId, localDate: post.localDate });
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
        return { kind: "retrying", reason: text };
      }
      await repository.markFailed(post.guildId, post.localDate, text, now);
      log.error({ err: error, attempts: post.attempts }, "daily post failed; giving up for this date");
      return { kind: "failed", reason: text, disabled: false };
    }
  }

  /** Applies the due plan for one schedule; returns the post it claimed, if any. */
  async function claimDue(schedule: DailySchedule, now: Date): Promise<DailyPost | undefined> {
    const time = parseLocalTime(schedule.localTime);
    if (time === undefined) {
      await repository.disable(
        schedule.guildId,
        "The stored post time is invalid. Run /daily set again.",
        now,
      );
      return undefined;
    }
    const plan = planDueRun(time, schedule.timeZone, schedule.next, now);
    const pick = plan.post === undefined ? undefined : pickNext(schedule.rotation, schedule.guildId, factIds);
    const missed = plan.post !== undefined && pick === undefined ? [...plan.missed, plan.post] : plan.missed;
    const outcome = await repository.advance({
      guildId: schedule.guildId,
      revision: schedule.revision,
      next: plan.next,
      missed,
      ...(plan.post !== undefined && pick !== undefined
        ? {
            claim: {
              run: plan.post,
              factId: pick.factId,
              rotation: pick.state,
              leaseUntil: leaseFrom(now),
              replaceMissed: false,
            },
          }
        : {}),
      now,
    });
    if (missed.length > 0) {
      logger.info(
        { guildId: schedule.guildId, missed: missed.map((run) => run.localDate) },
        "daily posts missed",
      );
    }
    return outcome.kind === "applied" ? outcome.claimed : undefined;
  }

  async function tick(): Promise<void> {
    const now = clock.now();
    const sends: DailyPost[] = [];
    for (const post of await repository.duePosts(now, DUE_BATCH_SIZE)) {
      if (!messenger.servesGuild(post.guildId)) continue;
      const leased = await repository.startAttempt(post.guildId, post.localDate, now, leaseFrom(now));
      if (leased !== undefined) sends.push(leased);
    }
    let cursor: DueCursor | undefined;
    for (;;) {
      const page = await repository.dueSchedules(now, cursor, DUE_BATCH_SIZE);
      for (const schedule of page) {
        if (!messenger.servesGuild(schedule.guildId)) continue;
        try {
          const claimed = await claimDue(schedule, now);
          if (claimed !== undefined) sends.push(claimed);
        } catch (error) {
          logger.error({ err: error, guildId: schedule.guildId }, "daily due-check failed for a guild");
        }
      }
      const last = page.at(-1);
      if (page.length < DUE_BATCH_SIZE || last === undefined) break;
      cursor = { at: last.next.at, guildId: last.guildId };
    }
    await inPool(sends, SEND_CONCURRENCY, async (post) => {
      try {
        await deliver(post);
      } catch (error) {
        logger.error({ err: error, guildId: post.guildId }, "daily delivery bookkeeping failed");
      }
    });
  }

  const nextWakeAfter = (after: Date) => repository.nextWakeAfter(after);
  const job = new DailyJob({ tick, nextWakeAfter }, clock, logger, deps.job);

  async function status(guildId: string): Promise<DailyStatus | undefined> {
    const schedule = await repository.getSchedule(guildId);
    if (schedule === undefined) return undefined;
    return {
      channelId: schedule.channelId,
      localTime: schedule.localTime,
      timeZone: schedule.timeZone,
      roleId: schedule.roleId,
      enabled: schedule.enabled,
      next: schedule.enabled ? schedule.next : undefined,
      disabledReason: schedule.disabledReason,
      lastSent: await repository.lastSent(guildId),
      latest: await repository.latestPost(guildId),
    };
  }

  const service: DailyService = {
    async configure(input) {
      const time = parseLocalTime(input.time);
      if (time === undefined) {
        return {
          ok: false,
          reason: `"${input.time}" is not a time. Use 24-hour HH:MM, such as 09:00 or 18:30.`,
        };
      }
      const zone = normalizeTimeZone(input.timeZone);
      if (zone === undefined) {
        return {
          ok: false,
          reason: `"${input.timeZone}" is not a time zone I know. Pick one from the list, such as Europe/London.`,
        };
      }
      const check = await messenger.checkCanPost(input.channelId);
      if (!check.ok) return { ok: false, reason: `I can't post in <#${input.channelId}>: ${check.reason}` };
      const now = clock.now();
      const next = await firstOpenRun(time, zone, input.guildId, now);
      await repository.saveSettings(
        {
          guildId: input.guildId,
          channelId: input.channelId,
          localTime: formatLocalTime(time),
          timeZone: zone,
          roleId: input.roleId,
          next,
        },
        now,
      );
      // The new time may be sooner than the job's next wake-up.
      job.wake();
      const saved = await status(input.guildId);
      if (saved === undefined) throw new Error("daily: schedule vanished right after saving");
      return { ok: true, status: saved };
    },

    async disable(guildId) {
      return repository.disable(guildId, null, clock.now());
    },

    status,

    async preview(guildId) {
      const schedule = await repository.getSchedule(guildId);
      if (schedule === undefined)
        return { ok: false, reason: "Daily posts are not set up here. Use /daily set." };
      const pick = pickNext(schedule.rotation, guildId, factIds);
      const fact = pick === undefined ? undefined : factsById.get(pick.factId);
      if (pick === undefined || fact === undefined) {
        return { ok: false, reason: "The knowledge base has no facts to post." };
      }
      return {
        ok: true,
        view: dailyPostView(fact, knowledge, schedule.roleId, deps.postActions),
        next: schedule.next,
        factId: pick.factId,
      };
    },

    async postNow(guildId) {
      const schedule = await repository.getSchedule(guildId);
      if (schedule === undefined)
        return { ok: false, reason: "Daily posts are not set up here. Use /daily set." };
      if (!schedule.enabled)
        return { ok: false, reason: "Daily posts are off here. Use /daily set to turn them on." };
      const time = parseLocalTime(schedule.localTime);
      if (time === undefined)
        return { ok: false, reason: "The stored post time is invalid. Run /daily set again." };
      const now = clock.now();
      const today = localDateOf(now, schedule.timeZone);
      const existing = await repository.getPost(guildId, today);
      if (existing !== undefined && existing.status !== "missed") {
        return { ok: false, reason: "Today's fact has already been posted." };
      }
      const pick = pickNext(schedule.rotation, guildId, factIds);
      if (pick === undefined) return { ok: false, reason: "The knowledge base has no facts to post." };
      // Today's scheduled run, if still ahead, is consumed by this post.
      let next = schedule.next;
      while (next.localDate <= today) next = followingRun(time, schedule.timeZone, next);
      const outcome = await repository.advance({
        guildId,
        revision: schedule.revision,
        next,
        missed: [],
        claim: {
          run: { at: now, localDate: today },
          factId: pick.factId,
          rotation: pick.state,
          leaseUntil: leaseFrom(now),
          replaceMissed: true,
        },
        now,
      });
      if (outcome.kind === "conflict" || outcome.claimed === undefined) {
        return {
          ok: false,
          reason: "Someone changed the daily settings at the same moment. Please try again.",
        };
      }
      return { ok: true, outcome: await deliver(outcome.claimed), localDate: today };
    },

    tick,
    nextWakeAfter,
    job,
  };
  return service;
}

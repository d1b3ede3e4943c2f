/**
 * Daily fact posts: settings, status, preview, post now, and the due-check that claims due posts
 * ("mark, then send": the claim commits before delivery.ts sends).
 * No discord.js: posts go out through the Messenger port, time comes from the injected Clock.
 */
import type { Clock } from "../clock.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { factScopes, type DailyKnowledge } from "./factScope.js";
import type { Logger } from "../log.js";
import type { Messenger } from "../messenger.js";
import type {
  DailyPost,
  DailyRepository,
  DailySchedule,
  DueCursor,
  DuePostCursor,
} from "../store/dailyRepository.js";
import type { View } from "../view.js";
import { DailyJob, type DailyJobOptions } from "./job.js";
import { formatLocalTime, localDateOf, normalizeTimeZone, parseLocalTime } from "./localTime.js";
import { followingRun, nextRunAfter, type Run } from "./nextRun.js";
import { createDelivery, SEND_LEASE_MS, type DeliveryOutcome } from "./delivery.js";
import { PostLogPruner, staleClaims } from "./maintenance.js";
import { planDueRun } from "./plan.js";
import { dailyPostView, type PostActionsBuilder } from "./postView.js";
import { pickNext } from "./rotation.js";
import { sendQueue } from "./sendQueue.js";

/** Rows handled per due-check page; the check pages on until nothing due is left. */
export const DUE_BATCH_SIZE = 100;
/** Posts sent at once in one due-check; @discordjs/rest queues per route anyway. */
export const SEND_CONCURRENCY = 4;
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

export type { DeliveryOutcome } from "./delivery.js";

export type DailyResult<T> =
  | ({ readonly ok: true } & T)
  | {
      readonly ok: false;
      readonly reason: string;
      /** Set when today's post is already queued for a retry: when it will next be tried. */
      readonly retryAt?: Date;
    };

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
  /** Each server's own knowledge (its chosen briefing); `knowledge` for every server when absent. */
  readonly knowledgeFor?: DailyKnowledge;
  readonly messenger: Messenger;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Buttons beyond "Show paragraph" (e.g. "Quiz me"). */
  readonly postActions?: PostActionsBuilder;
  readonly job?: DailyJobOptions;
}

export function createDailyService(deps: DailyServiceDeps): DailyService {
  const { repository, knowledge, messenger, clock } = deps;
  const logger = deps.logger.child({ component: "daily" });
  const scopeFor = factScopes(knowledge, deps.knowledgeFor);

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

  const deliver = createDelivery({
    repository,
    scopeFor,
    messenger,
    clock,
    logger,
    postActions: deps.postActions,
  });

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
    const pick =
      plan.post === undefined
        ? undefined
        : pickNext(schedule.rotation, schedule.guildId, (await scopeFor(schedule.guildId)).factIds);
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

  const pruner = new PostLogPruner(repository, logger);

  async function tick(): Promise<void> {
    const now = clock.now();
    const sends = sendQueue(SEND_CONCURRENCY, async (post: DailyPost) => {
      try {
        await deliver(post);
      } catch (error) {
        logger.error({ err: error, guildId: post.guildId }, "daily delivery bookkeeping failed");
      }
    });
    try {
      // Stale claims given up, and the first page of each kind of due work, in one call: one round
      // trip for a networked store (PostgreSQL), which is most of an idle check's cost.
      const first = await repository.firstDueWork(now, staleClaims(now), DUE_BATCH_SIZE);
      if (first.expired > 0) {
        logger.warn({ expired: first.expired }, "daily posts given up: still unsent after the retry window");
      }
      // Paged like the schedules below: due posts of servers served elsewhere never hide ours.
      for (let page = first.posts; ;) {
        for (const post of page) {
          if (!messenger.servesGuild(post.guildId)) continue;
          const leased = await repository.startAttempt(post.guildId, post.localDate, now, leaseFrom(now));
          if (leased !== undefined) sends.push(leased);
        }
        const last = page.at(-1);
        // A claimed post always has a next attempt time; the check only satisfies the type.
        if (page.length < DUE_BATCH_SIZE || last?.nextAttemptAt == null) break;
        const cursor: DuePostCursor = {
          at: last.nextAttemptAt,
          guildId: last.guildId,
          localDate: last.localDate,
        };
        page = await repository.duePosts(now, cursor, DUE_BATCH_SIZE);
      }
      for (let page = first.schedules; ;) {
        // Each process starts somewhere else in the page: processes reading the same due list (a
        // restarted shard overlapping its predecessor, or any two serving the same servers) then
        // claim different schedules at once, instead of all planning the one only one can win.
        const offset = Math.floor(Math.random() * page.length);
        for (const schedule of [...page.slice(offset), ...page.slice(0, offset)]) {
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
        const cursor: DueCursor = { at: last.next.at, guildId: last.guildId };
        page = await repository.dueSchedules(now, cursor, DUE_BATCH_SIZE);
      }
    } finally {
      // Even when claiming failed part way: a send still running must not outlive the check.
      await sends.drain();
    }
    // Housekeeping last, so that nothing due waits for it.
    await pruner.runIfDue(now);
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
      const scope = await scopeFor(guildId);
      const pick = pickNext(schedule.rotation, guildId, scope.factIds);
      const fact = pick === undefined ? undefined : scope.factsById.get(pick.factId);
      if (pick === undefined || fact === undefined) {
        return { ok: false, reason: "The knowledge base has no facts to post." };
      }
      return {
        ok: true,
        view: dailyPostView(fact, scope.knowledge, schedule.roleId, deps.postActions),
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
      if (existing?.status === "sent") return { ok: false, reason: "Today's fact has already been posted." };
      if (existing?.status === "claimed") {
        // Claimed with no error: the first attempt is under way (or its sender died and the lease will lapse).
        return existing.error === null
          ? { ok: false, reason: "Today's fact is being posted right now." }
          : {
              ok: false,
              reason: "Today's fact is queued: Discord did not accept it yet, and I will retry it.",
              retryAt: existing.nextAttemptAt ?? now,
            };
      }
      if (existing?.status === "failed") {
        return {
          ok: false,
          reason:
            "Today's fact could not be posted, and I gave up on it for today (/daily status says why). The next one goes out as scheduled.",
        };
      }
      const pick = pickNext(schedule.rotation, guildId, (await scopeFor(guildId)).factIds);
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

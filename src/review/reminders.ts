/**
 * Review reminders: one direct message a day, at the member's chosen local time, when they have
 * cards due. Opt-in only. A reminder is claimed by moving its next time on in the database, so one
 * process sends it however many run; closed DMs turn reminders off, and the member is told at
 * their next /review.
 */
import type { Clock } from "../clock.js";
import { nextRunAfter } from "../daily/nextRun.js";
import { formatLocalTime, normalizeTimeZone, parseLocalTime } from "../daily/localTime.js";
import { DailyJob } from "../daily/job.js";
import type { Logger } from "../log.js";
import { DeliveryError, type Messenger } from "../messenger.js";
import type { Reminder, ReviewRepository } from "../store/review.js";
import type { View } from "../view.js";

/** Reminders looked at per tick: a burst at a popular hour is spread over a few ticks. */
export const REMINDERS_PER_TICK = 50;
/** A reminder a minute late is still on time for a daily nudge; checking more often buys nothing. */
export const REMINDER_POLL_MS = 60_000;
export const DMS_CLOSED_NOTICE =
  "Your daily review reminders are off: I couldn't send you a direct message. Open your DMs and run `/review remind on` to get them again.";

export type ReminderSetting =
  | { readonly kind: "on"; readonly reminder: Reminder }
  | { readonly kind: "off" }
  | { readonly kind: "invalid"; readonly reason: string };

export function reminderView(): View {
  return {
    tone: "info",
    title: "Cards to review",
    description: "You have review cards due. Run `/review` in your study server to go through them.",
  };
}

export class ReviewReminders {
  constructor(
    private readonly deps: {
      readonly repository: ReviewRepository;
      readonly messenger: Messenger;
      readonly clock: Clock;
      readonly logger: Logger;
    },
  ) {}

  /** Turns reminders on at `time` (HH:MM) in `zone`, or off. */
  async set(userId: string, on: boolean, time = "09:00", zone = "UTC"): Promise<ReminderSetting> {
    const now = this.deps.clock.now();
    const existing = await this.deps.repository.reminder(userId);
    if (!on) {
      if (existing !== undefined)
        await this.deps.repository.setReminder({ ...existing, enabled: false, offReason: null }, now);
      return { kind: "off" };
    }
    const local = parseLocalTime(time);
    if (local === undefined)
      return { kind: "invalid", reason: `"${time}" is not a time: use HH:MM, such as 18:30.` };
    const timeZone = normalizeTimeZone(zone);
    if (timeZone === undefined)
      return { kind: "invalid", reason: `"${zone}" is not an IANA time zone, such as Europe/Berlin.` };
    const reminder: Reminder = {
      userId,
      enabled: true,
      localTime: formatLocalTime(local),
      timeZone,
      nextAt: nextRunAfter(local, timeZone, now).at,
      offReason: null,
      lastSentAt: existing?.lastSentAt ?? null,
    };
    await this.deps.repository.setReminder(reminder, now);
    return { kind: "on", reminder };
  }

  /** Why reminders turned themselves off, once: the caller shows it, and it is forgotten. */
  async takeNotice(userId: string): Promise<string | undefined> {
    const reminder = await this.deps.repository.reminder(userId);
    if (reminder?.offReason === null || reminder?.offReason === undefined) return undefined;
    await this.deps.repository.clearReminderNotice(userId, this.deps.clock.now());
    return reminder.offReason;
  }

  /** Sends the reminders whose time has come; returns how many were sent. */
  async tick(): Promise<number> {
    const send = this.deps.messenger.sendDirect?.bind(this.deps.messenger);
    if (send === undefined) return 0;
    const now = this.deps.clock.now();
    let sent = 0;
    for (const reminder of await this.deps.repository.dueReminders(now, REMINDERS_PER_TICK)) {
      const local = parseLocalTime(reminder.localTime);
      if (local === undefined) continue;
      const next = nextRunAfter(local, reminder.timeZone, now).at;
      // Claimed first: another process that read the same row finds it moved and skips it.
      if (!(await this.deps.repository.claimReminder(reminder.userId, reminder.nextAt, next, now))) continue;
      if (!(await this.deps.repository.hasDueAnywhere(reminder.userId, now))) continue;
      try {
        await send(reminder.userId, reminderView());
        sent += 1;
      } catch (error) {
        if (error instanceof DeliveryError && error.failure === "dms-closed") {
          await this.deps.repository.disableReminder(reminder.userId, DMS_CLOSED_NOTICE, now);
        } else {
          this.deps.logger.warn({ err: error, userId: reminder.userId }, "review: reminder not delivered");
        }
      }
    }
    return sent;
  }

  /** The background job: a tick every REMINDER_POLL_MS on the injected clock. */
  job(): { readonly name: string; start(): void; stop(): Promise<void> } {
    const job = new DailyJob(
      {
        tick: async () => {
          await this.tick();
        },
        nextWakeAfter: () => Promise.resolve(undefined),
      },
      this.deps.clock,
      this.deps.logger,
      { pollIntervalMs: REMINDER_POLL_MS },
    );
    // The first check waits one poll interval: a starting process has its own catching up to do
    // first (daily posts, quiz games), and a reminder a minute late is still on time.
    let cancelFirst: (() => void) | undefined;
    return {
      name: "review-reminders",
      start: () => {
        cancelFirst ??= this.deps.clock.setTimeout(() => {
          job.start();
        }, REMINDER_POLL_MS);
      },
      stop: async () => {
        cancelFirst?.();
        cancelFirst = undefined;
        await job.stop();
      },
    };
  }
}

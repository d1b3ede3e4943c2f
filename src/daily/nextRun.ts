/**
 * When a daily post is next due: the wall-clock time in the server's IANA zone, as a UTC instant.
 * Croner does the zone arithmetic. Its fixed-time rules are exactly ours:
 * - a time skipped by spring-forward runs at the first valid minute after the gap, that day;
 * - a time that happens twice at fall-back runs once, at its first occurrence.
 */
import { Cron } from "croner";

import { localDateOf, type LocalTime } from "./localTime.js";

export interface Run {
  /** The UTC instant to post at. */
  readonly at: Date;
  /** The server's local date this run posts for (YYYY-MM-DD); one post per such date. */
  readonly localDate: string;
}

/**
 * Building a Cron is cheap next to nextRun (measured in bench/daily.ts), so none are cached.
 * Seconds, minutes and hours each a single value: croner treats this as a fixed-time job.
 */
function cronFor(time: LocalTime, zone: string): Cron {
  return new Cron(`0 ${time.minute} ${time.hour} * * *`, { timezone: zone, paused: true });
}

/** The first run strictly after `after`. */
export function nextRunAfter(time: LocalTime, zone: string, after: Date): Run {
  const at = cronFor(time, zone).nextRun(after);
  if (at === null) throw new Error(`daily: no next run for ${zone} after ${after.toISOString()}`);
  return { at, localDate: localDateOf(at, zone) };
}

/**
 * The run for the next local date after `run`'s. Normally one day later; the guard makes
 * "one post per local date" hold even if a zone quirk offered a second run on the same date.
 */
export function followingRun(time: LocalTime, zone: string, run: Run): Run {
  let next = nextRunAfter(time, zone, run.at);
  while (next.localDate <= run.localDate) next = nextRunAfter(time, zone, next.at);
  return next;
}

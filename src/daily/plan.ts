/**
 * What to do with a schedule that has fallen due: post for its date, or record missed dates,
 * and when it is due next. Pure: the service applies the plan in one transaction.
 */
import { followingRun, nextRunAfter, type Run } from "./nextRun.js";
import { localDateOf, type LocalTime } from "./localTime.js";

/**
 * A post whose time passed while the bot was down is still made if the bot is back within this
 * long, on the same local date. Six hours covers a deploy or a crash loop without a 9:00 fact
 * turning up in the evening, when it would read as noise.
 */
export const CATCH_UP_GRACE_MS = 6 * 60 * 60 * 1000;

/**
 * After a long outage we record each skipped day as missed, but only the last week of them (plus
 * the one that was due): enough for /daily status to explain a gap, bounded for a bot back after months.
 */
export const MISSED_SCAN_MS = 7 * 24 * 60 * 60 * 1000;

export interface DuePlan {
  /** The run to post now, if it is still worth posting. */
  readonly post: Run | undefined;
  /** Runs whose time passed with nothing posted. */
  readonly missed: readonly Run[];
  /** The next run after this plan is applied. */
  readonly next: Run;
}

export function planDueRun(time: LocalTime, zone: string, due: Run, now: Date): DuePlan {
  const missed: Run[] = [];
  const miss = (run: Run) => {
    if (!missed.some((m) => m.localDate === run.localDate)) missed.push(run);
  };
  let run = due;
  if (now.getTime() - run.at.getTime() > MISSED_SCAN_MS) {
    miss(run);
    run = nextRunAfter(time, zone, new Date(now.getTime() - MISSED_SCAN_MS));
  }
  // Walk forward to the latest run at or before now; every earlier one was missed.
  let next = followingRun(time, zone, run);
  while (next.at.getTime() <= now.getTime()) {
    miss(run);
    run = next;
    next = followingRun(time, zone, run);
  }
  if (run.at.getTime() > now.getTime()) {
    // Not due yet (a tick raced a settings change); nothing to do but keep the date.
    return { post: undefined, missed, next: run };
  }
  const late = now.getTime() - run.at.getTime();
  if (late <= CATCH_UP_GRACE_MS && localDateOf(now, zone) === run.localDate) {
    return { post: run, missed, next };
  }
  miss(run);
  return { post: undefined, missed, next };
}

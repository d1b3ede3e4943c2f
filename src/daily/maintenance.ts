/**
 * Housekeeping for the post log, run from the due-check so it needs no timer of its own:
 * - claimed posts past the retry window are given up, whichever shard owns their server, so a
 *   post of a server nobody serves any more (the bot was removed, a shard is gone) cannot stay
 *   "claimed" forever;
 * - rows older than the retention are deleted in small batches, so the table stays bounded.
 * No discord.js; time comes from the caller.
 */
import type { Logger } from "../log.js";
import type { DailyRepository } from "../store/dailyRepository.js";
import { RETRY_WINDOW_MS } from "./delivery.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long post-log rows are kept. Nothing reads old rows: /daily status shows the latest one,
 * catch-up looks back CATCH_UP_GRACE_MS (6 h), the missed-day scan MISSED_SCAN_MS (7 days), and
 * the rotation lives in the schedule row. 90 days keeps a season of history for an admin asking
 * "did we post on ...?" while bounding the table at about 90 rows per server. Each server's most
 * recent sent post is kept however old, so status can still link it.
 */
export const POST_RETENTION_MS = 90 * DAY_MS;

/**
 * Rows deleted per batch: one short write transaction (a few ms), so the bot's own writes never
 * wait long behind it. A full batch means more is waiting, and the next due-check (seconds later)
 * takes the next one, so even a years-old backlog drains within minutes.
 */
export const PRUNE_BATCH_SIZE = 500;

/** Pruning only keeps the table small; nothing waits on it, so every quarter hour is plenty. */
export const PRUNE_INTERVAL_MS = 15 * 60 * 1000;

/** What /daily status and the logs say about a post given up as past the retry window. */
export const EXPIRED_CLAIM_ERROR = "not sent within the retry window";

/**
 * Which claimed posts a due-check gives up: those still unsent RETRY_WINDOW_MS after their time.
 * Delivery never schedules a retry past that window, so only a post nobody is attempting (its
 * server is not served here or anywhere, or the bot was down) is affected. Done by every
 * due-check, in the same call as its first reads (DailyRepository.firstDueWork): one indexed
 * UPDATE over the due claimed posts, and it keeps a late fact from going out, as delivery would.
 */
export function staleClaims(now: Date): { readonly before: Date; readonly error: string } {
  return { before: new Date(now.getTime() - RETRY_WINDOW_MS), error: EXPIRED_CLAIM_ERROR };
}

/** Prunes the post log at most every PRUNE_INTERVAL_MS, sooner while a backlog remains. */
export class PostLogPruner {
  private dueAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly repository: DailyRepository,
    private readonly logger: Logger,
  ) {}

  /** Runs one batch if due; returns how many rows it deleted. Never throws: it is only housekeeping. */
  async runIfDue(now: Date): Promise<number> {
    if (now.getTime() < this.dueAt) return 0;
    try {
      const pruned = await this.repository.prunePosts(
        new Date(now.getTime() - POST_RETENTION_MS),
        PRUNE_BATCH_SIZE,
      );
      this.dueAt = pruned >= PRUNE_BATCH_SIZE ? now.getTime() : now.getTime() + PRUNE_INTERVAL_MS;
      if (pruned > 0) this.logger.debug({ pruned }, "daily post log pruned");
      return pruned;
    } catch (error) {
      this.dueAt = now.getTime() + PRUNE_INTERVAL_MS;
      this.logger.error({ err: error }, "daily post log pruning failed");
      return 0;
    }
  }
}

/**
 * The background loop that runs the due-check. It wakes when the next post or retry is due and
 * at least every poll interval (another process or shard may have changed schedules), on the
 * injected clock, so tests drive days of it in milliseconds.
 */
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";

/** Longest gap between due-checks: settings written by another process are seen within this. */
export const POLL_INTERVAL_MS = 5_000;

export interface DailyJobOptions {
  /** Tests of long simulated periods may poll less often; wake-ups at due times are unchanged. */
  readonly pollIntervalMs?: number;
}

export interface DueChecker {
  tick(): Promise<void>;
  nextWakeAfter(after: Date): Promise<Date | undefined>;
}

export class DailyJob {
  readonly name = "daily-posts";
  private readonly pollIntervalMs: number;
  private started = false;
  private cancelTimer: (() => void) | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly checker: DueChecker,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: DailyJobOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    // Check at once: posts due while the bot was down are caught up (or recorded as missed).
    this.schedule(0);
  }

  /** Stops the loop; resolves once an in-flight due-check has finished. */
  async stop(): Promise<void> {
    this.started = false;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await this.inFlight;
  }

  /** Runs a due-check soon, e.g. after settings changed; a check in flight recomputes its wake-up anyway. */
  wake(): void {
    if (!this.started || this.inFlight !== undefined) return;
    this.cancelTimer?.();
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    this.cancelTimer = this.clock.setTimeout(() => {
      this.cancelTimer = undefined;
      this.inFlight = this.run().finally(() => {
        this.inFlight = undefined;
      });
    }, delayMs);
  }

  private async run(): Promise<void> {
    const startedAt = this.clock.now();
    try {
      await this.checker.tick();
    } catch (error) {
      this.logger.error({ err: error, job: this.name }, "daily due-check failed");
    }
    let delay = this.pollIntervalMs;
    try {
      // Anything that fell due after this check began is picked up straight away.
      const wakeAt = await this.checker.nextWakeAfter(startedAt);
      if (wakeAt !== undefined) {
        delay = Math.min(delay, Math.max(0, wakeAt.getTime() - this.clock.now().getTime()));
      }
    } catch (error) {
      this.logger.error({ err: error, job: this.name }, "daily wake-up lookup failed");
    }
    if (this.started) this.schedule(delay);
  }
}

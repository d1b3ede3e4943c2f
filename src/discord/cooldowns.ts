/**
 * Sliding-window rate limits: per user (every command and button) and per channel (public
 * replies only, so a busy channel is not flooded). Time comes from the injected clock.
 * No timers: old entries are pruned as keys are touched, and the whole map once per window.
 */
import type { Clock } from "../clock.js";

export interface CooldownLimits {
  /** How many commands/buttons one user may use per userWindowMs. */
  readonly userBurst: number;
  readonly userWindowMs: number;
  /** How many public replies one channel gets per channelWindowMs; beyond that replies go private. */
  readonly channelBurst: number;
  readonly channelWindowMs: number;
}

/**
 * Five actions per 10 s lets someone ask, open a paragraph and vote in quick succession, while a
 * script or a stuck key is stopped. Twenty public replies per 30 s in one channel is a lively study
 * session; past that the channel is being flooded, so further answers are sent privately.
 */
export const DEFAULT_COOLDOWNS: CooldownLimits = {
  userBurst: 5,
  userWindowMs: 10_000,
  channelBurst: 20,
  channelWindowMs: 30_000,
};

class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly burst: number,
    private readonly windowMs: number,
  ) {}

  /** Records a hit and returns undefined, or returns when the next hit will be allowed. */
  take(key: string, now: number): number | undefined {
    // Once per window, forget keys with no hit inside it: the map holds recent users only.
    if (now - this.lastPrune >= this.windowMs) this.prune(now);
    const since = now - this.windowMs;
    const times = this.hits.get(key) ?? [];
    // Times are in order: when the oldest is still inside the window, so is every other.
    const recent = (times[0] ?? now) > since ? times : times.filter((time) => time > since);
    if (recent.length >= this.burst) {
      this.hits.set(key, recent);
      const oldest = recent[0] ?? now;
      return oldest + this.windowMs;
    }
    recent.push(now);
    this.hits.set(key, recent);
    return undefined;
  }

  private prune(now: number): void {
    this.lastPrune = now;
    for (const [key, times] of this.hits) {
      if ((times.at(-1) ?? 0) <= now - this.windowMs) this.hits.delete(key);
    }
  }
}

export class Cooldowns {
  private readonly users: SlidingWindow;
  private readonly channels: SlidingWindow;

  constructor(
    private readonly clock: Clock,
    limits: CooldownLimits = DEFAULT_COOLDOWNS,
  ) {
    this.users = new SlidingWindow(limits.userBurst, limits.userWindowMs);
    this.channels = new SlidingWindow(limits.channelBurst, limits.channelWindowMs);
  }

  /** Counts one use by the user; returns the time they may try again when over the limit. */
  takeUser(userId: string): Date | undefined {
    const retry = this.users.take(userId, this.clock.now().getTime());
    return retry === undefined ? undefined : new Date(retry);
  }

  /** Counts one public reply in the channel; false when the channel has had its share. */
  takeChannel(channelId: string): boolean {
    return this.channels.take(channelId, this.clock.now().getTime()) === undefined;
  }
}

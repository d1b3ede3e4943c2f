/** Shared fixtures for the daily-post tests: temp databases, a settling clock, a fake messenger. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { pino } from "pino";

import { ManualClock } from "../../src/clock.js";
import { createDailyService, type DailyService } from "../../src/daily/service.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { DeliveryError, type Messenger, type PostCheck, type SendOptions } from "../../src/messenger.js";
import { openStore, type Store } from "../../src/store/index.js";
import type { View } from "../../src/view.js";
import { repoRoot } from "../helpers/runScript.js";

export const silentLogger = pino({ level: "silent" });

let knowledge: KnowledgeBase | undefined;
/** The real knowledge base in knowledge/, loaded once per test file. */
export function realKnowledge(): KnowledgeBase {
  knowledge ??= loadKnowledge(join(repoRoot, "knowledge"));
  return knowledge;
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-daily-"));
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A ManualClock that lets async work finish between timers: it fires one due instant at a time,
 * then drains pending promises, so a job that re-arms its timer after an await is followed exactly.
 */
export class SettlingClock extends ManualClock {
  private readonly dues = new Map<number, number>();
  private nextToken = 0;

  override setTimeout(callback: () => void, ms: number): () => void {
    const token = this.nextToken++;
    this.dues.set(token, this.now().getTime() + Math.max(0, ms));
    const cancel = super.setTimeout(() => {
      this.dues.delete(token);
      callback();
    }, ms);
    return () => {
      this.dues.delete(token);
      cancel();
    };
  }

  private nextDue(): number | undefined {
    let next: number | undefined;
    for (const due of this.dues.values()) if (next === undefined || due < next) next = due;
    return next;
  }

  /**
   * Advances to `target`, firing timers in order and letting async work settle after each.
   * Stops early, at the instant of the timer after which `stopWhen` turns true.
   */
  async runUntil(target: number, stopWhen?: () => boolean): Promise<void> {
    await settle();
    for (;;) {
      const next = this.nextDue();
      if (next === undefined || next > target) break;
      this.set(Math.max(next, this.now().getTime()));
      await settle();
      await settle();
      if (stopWhen?.() === true) return;
    }
    this.set(Math.max(target, this.now().getTime()));
    await settle();
  }

  async runFor(ms: number): Promise<void> {
    await this.runUntil(this.now().getTime() + ms);
  }
}

export interface Delivery {
  readonly channelId: string;
  readonly view: View;
  readonly nonce: string | undefined;
  readonly at: Date;
  readonly messageId: string;
}

/** How a fake send behaves: deliver, fail, or "crash" (never return) before or after delivering. */
export type SendBehaviour = "ok" | DeliveryError | "crash-before" | "crash-after";

/**
 * A Messenger that records what would reach Discord. Like Discord with enforce_nonce, a second
 * send with the same nonce within NONCE_WINDOW_MS returns the first message instead of posting.
 */
export class FakeMessenger implements Messenger {
  static readonly NONCE_WINDOW_MS = 5 * 60 * 1000;
  readonly deliveries: Delivery[] = [];
  readonly attempts: { channelId: string; at: Date }[] = [];
  /** Decides each send; defaults to delivering. */
  behaviour: (channelId: string, attempt: number) => SendBehaviour = () => "ok";
  canPost: PostCheck = { ok: true };
  served: ((guildId: string) => boolean) | undefined;
  /** Set when a send "crashed": the owning service must be thrown away, like a dead process. */
  crashed = false;
  private nextMessage = 1;

  constructor(private readonly clock: ManualClock) {}

  send(channelId: string, view: View, options?: SendOptions): Promise<{ messageId: string }> {
    const at = this.clock.now();
    this.attempts.push({ channelId, at });
    const behaviour = this.behaviour(channelId, this.attempts.length);
    if (behaviour instanceof DeliveryError) return Promise.reject(behaviour);
    if (behaviour === "crash-before") {
      this.crashed = true;
      return new Promise(() => undefined);
    }
    const nonce = options?.nonce;
    const earlier =
      nonce === undefined
        ? undefined
        : this.deliveries.find(
            (d) => d.nonce === nonce && at.getTime() - d.at.getTime() <= FakeMessenger.NONCE_WINDOW_MS,
          );
    const messageId = earlier?.messageId ?? String(100_000_000_000_000_000n + BigInt(this.nextMessage++));
    if (earlier === undefined) this.deliveries.push({ channelId, view, nonce, at, messageId });
    if (behaviour === "crash-after") {
      this.crashed = true;
      return new Promise(() => undefined);
    }
    return Promise.resolve({ messageId });
  }

  edit(): Promise<void> {
    return Promise.resolve();
  }

  checkCanPost(): Promise<PostCheck> {
    return Promise.resolve(this.canPost);
  }

  servesGuild(guildId: string): boolean {
    return this.served?.(guildId) ?? true;
  }
}

export interface Harness {
  readonly clock: SettlingClock;
  readonly messenger: FakeMessenger;
  readonly dbPath: string;
  store: Store;
  service: DailyService;
  /** Recreates store and service from the same database file, like a process restart. */
  restart(options?: { graceful?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export function createHarness(options: {
  start: Date;
  pollIntervalMs?: number;
  startJob?: boolean;
}): Harness {
  const { dir, cleanup } = tempDir();
  const dbPath = join(dir, "daily.sqlite");
  const clock = new SettlingClock(options.start);
  const kb = realKnowledge();
  const build = (store: Store, messenger: FakeMessenger) =>
    createDailyService({
      repository: store.daily,
      knowledge: kb,
      messenger,
      clock,
      logger: silentLogger,
      ...(options.pollIntervalMs === undefined ? {} : { job: { pollIntervalMs: options.pollIntervalMs } }),
    });
  const messenger = new FakeMessenger(clock);
  const store = openStore(dbPath);
  const harness: Harness = {
    clock,
    messenger,
    dbPath,
    store,
    service: build(store, messenger),
    async restart({ graceful = true } = {}) {
      // A crashed service is simply abandoned (its hung send never returns), as a dead process would be.
      if (graceful && !messenger.crashed) await harness.service.job.stop();
      await harness.store.close();
      messenger.crashed = false;
      harness.store = openStore(dbPath);
      harness.service = build(harness.store, messenger);
      harness.service.job.start();
    },
    async close() {
      if (!messenger.crashed) await harness.service.job.stop();
      await harness.store.close();
      cleanup();
    },
  };
  if (options.startJob ?? true) harness.service.job.start();
  return harness;
}

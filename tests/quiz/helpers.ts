/** Shared fixtures for the quiz tests: the real knowledge base, temp SQLite stores, a fake messenger. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { pino } from "pino";

import type { Actor } from "../../src/command.js";
import { ManualClock } from "../../src/clock.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import type { Messenger, PostCheck, SendOptions } from "../../src/messenger.js";
import { QuizService } from "../../src/quiz/service.js";
import { openStore, type Store } from "../../src/store/index.js";
import type { View } from "../../src/view.js";
import { repoRoot } from "../helpers/runScript.js";

export const silentLogger = pino({ level: "silent" });

let knowledge: KnowledgeBase | undefined;
export function realKnowledge(): KnowledgeBase {
  knowledge ??= loadKnowledge(join(repoRoot, "knowledge"));
  return knowledge;
}

export const GUILD = "200000000000000001";
export const CHANNEL = "300000000000000001";
export const OTHER_CHANNEL = "300000000000000002";

export const player = (n: number, bot = false): Actor => ({
  id: `4000000000000${String(n).padStart(5, "0")}`,
  username: `player${n}`,
  bot,
});

export interface Posted {
  readonly channelId: string;
  readonly messageId: string;
  view: View;
  readonly edits: View[];
}

/** Records what the quiz posts; remembers nonces like Discord does, so a re-send returns the first message. */
export class FakeMessenger implements Messenger {
  readonly posts: Posted[] = [];
  canPost: PostCheck = { ok: true };
  /** The next send reaches "Discord" but never returns, as when the process dies mid-request. */
  dieDuringNextSend = false;
  private readonly nonces = new Map<string, string>();

  send(channelId: string, view: View, options?: SendOptions): Promise<{ messageId: string }> {
    const known = options?.nonce === undefined ? undefined : this.nonces.get(options.nonce);
    if (known !== undefined) return Promise.resolve({ messageId: known });
    const messageId = `m${this.posts.length + 1}`;
    this.posts.push({ channelId, messageId, view, edits: [] });
    if (options?.nonce !== undefined) this.nonces.set(options.nonce, messageId);
    if (this.dieDuringNextSend) {
      this.dieDuringNextSend = false;
      return new Promise(() => undefined);
    }
    return Promise.resolve({ messageId });
  }

  edit(_channelId: string, messageId: string, view: View): Promise<void> {
    const post = this.posts.find((candidate) => candidate.messageId === messageId);
    if (post === undefined) return Promise.reject(new Error(`no message ${messageId}`));
    post.edits.push(view);
    post.view = view;
    return Promise.resolve();
  }

  checkCanPost(): Promise<PostCheck> {
    return Promise.resolve(this.canPost);
  }

  servesGuild(): boolean {
    return true;
  }

  titles(): string[] {
    return this.posts.map((post) => post.view.title ?? "");
  }
}

export interface Harness {
  readonly store: Store;
  readonly clock: ManualClock;
  readonly messenger: FakeMessenger;
  service: QuizService;
  readonly path: string;
  /** Moves the clock in small steps, letting the game's async steps finish between them. */
  advance(ms: number): Promise<void>;
  /** Simulates a crash and restart: drops the service (its timers die with it), reopens the store. */
  restart(afterMs: number, options?: { readonly oldProcessHung?: boolean }): Promise<void>;
  cleanup(): void;
}

/** Timers in a game are whole seconds; stepping by a quarter second never skips one. */
const STEP_MS = 250;

export function harness(): Harness {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-quiz-"));
  const path = join(dir, "quiz.sqlite");
  let store = openStore(path);
  let clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
  const messenger = new FakeMessenger();
  const make = () =>
    new QuizService({
      repository: store.quiz,
      knowledge: realKnowledge(),
      messenger,
      clock,
      logger: silentLogger,
    });
  const h: Harness = {
    get store() {
      return store;
    },
    get clock() {
      return clock;
    },
    messenger,
    service: make(),
    path,
    async advance(ms) {
      await h.service.idle();
      for (let moved = 0; moved < ms; moved += STEP_MS) {
        clock.advance(Math.min(STEP_MS, ms - moved));
        await h.service.idle();
      }
    },
    async restart(afterMs, options = {}) {
      if (options.oldProcessHung !== true) await h.service.idle();
      await store.close();
      // A new process: a new clock (the old one's timers are gone) that starts where time now is.
      clock = new ManualClock(clock.now().getTime() + afterMs);
      store = openStore(path);
      h.service = make();
      await h.service.resume();
    },
    cleanup() {
      // SQLite closes synchronously: the folder can go at once.
      void store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

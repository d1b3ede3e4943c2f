/**
 * Everything a command may call, built once at start-up by the composition root
 * (src/app.ts) and shared by the Discord runtime and the offline console.
 * Feature services are added here as they land.
 */
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { DailyService } from "./daily/service.js";
import type { AnswerEngine, KnowledgeBase } from "./knowledge/types.js";
import type { AttachmentSource } from "./library/attachments.js";
import type { Library } from "./library/library.js";
import type { Logger } from "./log.js";
import type { Messenger } from "./messenger.js";
import type { QuizService } from "./quiz/service.js";
import type { ReviewReminders } from "./review/reminders.js";
import type { ReviewService } from "./review/service.js";
import type { Store } from "./store/index.js";

export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The shipped briefings (knowledge/); what a server sees comes from `library`. */
  readonly knowledge: KnowledgeBase;
  /** The engine over the shipped briefings alone. */
  readonly answers: AnswerEngine;
  /** Each server's briefings (shipped plus its own), its chosen one, and their engines. */
  readonly library: Library;
  /** Reads the file given to /briefing add: Discord attachments, or local files in the console. */
  readonly attachments: AttachmentSource;
  readonly messenger: Messenger;
  /** SQLite-backed repositories (settings, feedback, scores), opened and migrated at start-up. */
  readonly store: Store;
  /** Quiz games: start, answer, stop, and resuming after a restart. */
  readonly quiz: QuizService;
  /** Daily fact posts: settings, status, preview, post now, and the due-check job. */
  readonly daily: DailyService;
  /** Spaced-repetition review cards: add, next due, grade, member preferences. */
  readonly review: ReviewService;
  /** Opt-in daily review reminders by direct message. */
  readonly reminders: ReviewReminders;
  /** Name and description of every loaded command, for /help. */
  readonly commandCatalog?: readonly CommandSummary[];
}

export interface CommandSummary {
  readonly name: string;
  readonly description: string;
  readonly subcommands: readonly { readonly name: string; readonly description: string }[];
  /** A slash command, or a message context menu (found under a message's "Apps"). */
  readonly kind: "slash" | "message-menu";
}

/**
 * The persistent store: one repository per concern, behind async interfaces, so callers never see
 * SQL or which database answers. Two dialects implement them:
 * - SQLite (better-sqlite3, WAL), the default: one file at DATABASE_PATH, for one machine;
 * - PostgreSQL (node-postgres), with DATABASE_URL=postgres://…: shared by shard processes on
 *   several machines.
 * Each dialect has its own SQL and its own concurrency control (sqlite/, postgres/); the contract,
 * the row mapping and the validation are shared, and the same tests run against both.
 */
import { resolve } from "node:path";

import { BACKSTOP_AUTOCHECKPOINT_PAGES, type Checkpointer, startCheckpointer } from "./checkpointer.js";
import { IN_MEMORY, openDatabase, type Database } from "./database.js";
import type { DailyRepository } from "./dailyRepository.js";
import type { FeedbackRepository } from "./feedback.js";
import type { GuildBriefingRepository } from "./guildBriefings.js";
import type { PostgresStoreOptions } from "./postgres/store.js";
import type { PrivacyRepository } from "./privacy.js";
import type { QuizRepository } from "./quizRepository.js";
import type { ReviewRepository } from "./review.js";
import type { ScoreRepository } from "./scores.js";
import type { GuildSettingsRepository } from "./settings.js";
import { SqliteDailyRepository } from "./sqlite/daily.js";
import { SqliteFeedbackRepository } from "./sqlite/feedback.js";
import { SqliteGuildBriefingRepository } from "./sqlite/guildBriefings.js";
import { SqlitePrivacyRepository } from "./sqlite/privacy.js";
import { SqliteQuizRepository } from "./sqlite/quiz.js";
import { SqliteReviewRepository } from "./sqlite/review.js";
import { SqliteScoreRepository } from "./sqlite/scores.js";
import { SqliteGuildSettingsRepository } from "./sqlite/settings.js";
import { redactUrl } from "./url.js";

export type { Database } from "./database.js";
export { openDatabase, BUSY_TIMEOUT_MS, DatabaseOpenError, IN_MEMORY } from "./database.js";
export { MigrationError } from "./migrationPlan.js";
export { StoreBusyError, StoreFullError, isStoreUnavailable, type StoreUnavailableError } from "./errors.js";
export { SYNC_BUSY_TIMEOUT_MS, WRITE_DEADLINE_MS } from "./async.js";
export type * from "./feedback.js";
export type * from "./scores.js";
export type * from "./settings.js";
export type * from "./dailyRepository.js";
export type * from "./quizRepository.js";
export type * from "./guildBriefings.js";
export { NO_CHOICE } from "./guildBriefings.js";
export type * from "./review.js";
export type * from "./privacy.js";

export type Dialect = "sqlite" | "postgres";

export interface Store {
  readonly settings: GuildSettingsRepository;
  readonly feedback: FeedbackRepository;
  readonly scores: ScoreRepository;
  /** Daily fact posts: schedules and the post log. */
  readonly daily: DailyRepository;
  /** Quiz games, rounds and answers. */
  readonly quiz: QuizRepository;
  /** Each server's own briefings and the briefing it studies. */
  readonly briefings: GuildBriefingRepository;
  /** Spaced-repetition cards, grades, review preferences and reminders. */
  readonly review: ReviewRepository;
  /** What is stored about a member, and erasing it. */
  readonly privacy: PrivacyRepository;
  readonly dialect: Dialect;
  /**
   * Closes the database; the store must not be used afterwards. SQLite runs a last checkpoint in
   * its checkpointer thread and closes; PostgreSQL waits for its pool's connections to end.
   */
  close(): Promise<void>;
}

/** Where the state lives: a SQLite file, or a PostgreSQL database. */
export type StoreTarget =
  | { readonly dialect: "sqlite"; readonly path: string }
  | { readonly dialect: "postgres"; readonly url: string };

/** DATABASE_URL selects PostgreSQL; otherwise SQLite at DATABASE_PATH. */
export function storeTarget(config: {
  readonly databasePath: string;
  readonly databaseUrl: string | undefined;
}): StoreTarget {
  return config.databaseUrl === undefined
    ? { dialect: "sqlite", path: config.databasePath }
    : { dialect: "postgres", url: config.databaseUrl };
}

/** The target as logs and messages may show it (no password). */
export function describeTarget(target: StoreTarget): string {
  return target.dialect === "sqlite" ? target.path : redactUrl(target.url);
}

/** Builds the SQLite repositories over an already opened and migrated database. */
export function createStore(db: Database, checkpointer?: Checkpointer): Store {
  return {
    settings: new SqliteGuildSettingsRepository(db),
    feedback: new SqliteFeedbackRepository(db),
    scores: new SqliteScoreRepository(db),
    daily: new SqliteDailyRepository(db),
    quiz: new SqliteQuizRepository(db),
    briefings: new SqliteGuildBriefingRepository(db),
    review: new SqliteReviewRepository(db),
    privacy: new SqlitePrivacyRepository(db),
    dialect: "sqlite",
    close: async () => {
      await checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}

/**
 * Opens (and migrates) the SQLite database at `path` and returns the store over it. A database
 * file gets a checkpointer thread (checkpointer.ts); its own connection checkpoints only as a
 * backstop.
 */
export function openStore(path: string): Store {
  const db = openDatabase(path);
  if (path === IN_MEMORY) return createStore(db);
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  return createStore(db, startCheckpointer(resolve(path)));
}

/**
 * Opens (and migrates) the store at `target`, whichever dialect it is. The PostgreSQL code (and
 * node-postgres) is only loaded when it is used, so a SQLite bot carries none of it in memory.
 */
export async function connectStore(target: StoreTarget, options: PostgresStoreOptions = {}): Promise<Store> {
  if (target.dialect === "sqlite") return openStore(target.path);
  const { openPostgresStore } = await import("./postgres/store.js");
  return openPostgresStore(target.url, options);
}

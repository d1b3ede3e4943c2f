/**
 * The persistent store: one SQLite database, one repository per concern. Callers only see these
 * async interfaces, never SQL, so another database could stand in later without them changing.
 */
import { SqliteDailyRepository, type DailyRepository } from "./dailyRepository.js";
import { openDatabase, type Database } from "./database.js";
import { SqliteFeedbackRepository, type FeedbackRepository } from "./feedback.js";
import { SqliteQuizRepository, type QuizRepository } from "./quizRepository.js";
import { SqliteScoreRepository, type ScoreRepository } from "./scores.js";
import { SqliteGuildSettingsRepository, type GuildSettingsRepository } from "./settings.js";

export type { Database } from "./database.js";
export { openDatabase, BUSY_TIMEOUT_MS, IN_MEMORY } from "./database.js";
export { MigrationError } from "./migrate.js";
export type * from "./feedback.js";
export type * from "./scores.js";
export type * from "./settings.js";
export type * from "./dailyRepository.js";
export type * from "./quizRepository.js";

export interface Store {
  readonly settings: GuildSettingsRepository;
  readonly feedback: FeedbackRepository;
  readonly scores: ScoreRepository;
  /** Daily fact posts: schedules and the post log. */
  readonly daily: DailyRepository;
  /** Quiz games, rounds and answers. */
  readonly quiz: QuizRepository;
  /** Closes the database; the store must not be used afterwards. */
  close(): void;
}

/** Builds the repositories over an already opened and migrated database. */
export function createStore(db: Database): Store {
  return {
    settings: new SqliteGuildSettingsRepository(db),
    feedback: new SqliteFeedbackRepository(db),
    scores: new SqliteScoreRepository(db),
    daily: new SqliteDailyRepository(db),
    quiz: new SqliteQuizRepository(db),
    close: () => {
      db.close();
    },
  };
}

/** Opens (and migrates) the database at `path` and returns the store over it. */
export function openStore(path: string): Store {
  return createStore(openDatabase(path));
}

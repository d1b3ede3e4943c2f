/** Opens the PostgreSQL store: a pool, the migrations, and the repositories over them. */
import type pg from "pg";

import type { Store } from "../index.js";
import { MigrationError, type Migration } from "../migrationPlan.js";
import { PgDailyRepository } from "./daily.js";
import { PgFeedbackRepository } from "./feedback.js";
import { PgGuildBriefingRepository } from "./guildBriefings.js";
import { runPostgresMigrations } from "./migrate.js";
import { createPool } from "./pool.js";
import { PgPrivacyRepository } from "./privacy.js";
import { PgQuizRepository } from "./quiz.js";
import { PgReviewRepository } from "./review.js";
import { PgScoreRepository } from "./scores.js";
import { PgGuildSettingsRepository } from "./settings.js";
import { redactUrl } from "../url.js";

export interface PostgresStoreOptions {
  /** Errors on idle pooled connections; the pool replaces the connection either way. */
  readonly onError?: (error: Error) => void;
  /** Defaults to the migration files shipped in ./migrations. */
  readonly migrations?: readonly Migration[];
}

/** The repositories over an already migrated pool; closing the store ends the pool. */
export function createPostgresStore(pool: pg.Pool): Store {
  let closing: Promise<void> | undefined;
  return {
    settings: new PgGuildSettingsRepository(pool),
    feedback: new PgFeedbackRepository(pool),
    scores: new PgScoreRepository(pool),
    daily: new PgDailyRepository(pool),
    quiz: new PgQuizRepository(pool),
    briefings: new PgGuildBriefingRepository(pool),
    review: new PgReviewRepository(pool),
    privacy: new PgPrivacyRepository(pool),
    dialect: "postgres",
    close: () => (closing ??= pool.end()),
  };
}

/**
 * Connects to `url`, applies pending migrations (taking turns with other processes doing the
 * same) and returns the store. Fails with a one-line reason, password left out, when the server
 * cannot be reached or the schema cannot be trusted.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const pool = createPool(url, options.onError === undefined ? {} : { onError: options.onError });
  try {
    await runPostgresMigrations(pool, options.migrations);
  } catch (error) {
    await pool.end().catch(() => undefined);
    // A schema that cannot be trusted says so as the SQLite store does; anything else names the server.
    if (error instanceof MigrationError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`postgres ${redactUrl(url)}: ${reason.split("\n")[0] ?? ""}`, { cause: error });
  }
  return createPostgresStore(pool);
}

/**
 * `npm run db:backup -- <file> [--force]`: a consistent online backup of the store: SQLite's
 * backup API for DATABASE_PATH, or pg_dump (custom format; restore with pg_restore) for DATABASE_URL.
 */
import { loadConfigOrExit } from "../config.js";
import { BackupError, backupDatabase } from "../store/backup.js";
import { redactUrl } from "../store/url.js";

const USAGE = "usage: npm run db:backup -- <file> [--force]";

const args = process.argv.slice(2);
const overwrite = args.includes("--force");
const unknownFlags = args.filter((arg) => arg.startsWith("-") && arg !== "--force");
const files = args.filter((arg) => !arg.startsWith("-"));
const destination = files[0];

if (unknownFlags.length > 0 || files.length !== 1 || destination === undefined) {
  process.stderr.write(
    `db:backup: ${files.length > 1 ? "give exactly one file" : "missing the backup file"}\n${USAGE}\n`,
  );
  process.exit(2);
}

const config = loadConfigOrExit();
try {
  if (config.databaseUrl === undefined) {
    const result = await backupDatabase(config.databasePath, destination, { overwrite });
    process.stdout.write(
      `db:backup: wrote ${result.destination} (${result.pages} pages, ${result.bytes} bytes) from ${config.databasePath}\n`,
    );
  } else {
    // Only loaded for PostgreSQL, like the store's own Postgres code.
    const { backupPostgres } = await import("../store/postgres/backup.js");
    const result = await backupPostgres(config.databaseUrl, destination, { overwrite });
    process.stdout.write(
      `db:backup: wrote ${result.destination} (pg_dump custom format, ${result.tables} tables, ${result.bytes} bytes) ` +
        `from ${redactUrl(config.databaseUrl)}; restore with pg_restore\n`,
    );
  }
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  process.stderr.write(`db:backup: ${error.message}\n`);
  process.exit(1);
}

/**
 * `npm run db:migrate-to-postgres -- --from ./data/briefbot.sqlite [--to postgres://…]`: copies a
 * SQLite database into an empty PostgreSQL one (DATABASE_URL unless --to is given), checks every
 * table's row count, and refuses a target that already holds data. Stop the bot first.
 */
import { loadConfigOrExit } from "../config.js";
import { CopyError, copySqliteToPostgres } from "../store/postgres/copyFromSqlite.js";
import { redactUrl } from "../store/url.js";

const USAGE = "usage: npm run db:migrate-to-postgres -- --from <sqlite file> [--to postgres://…]";
const FLAGS = new Set(["--from", "--to"]);

function fail(code: number, message: string): never {
  process.stderr.write(`db:migrate-to-postgres: ${message}\n`);
  process.exit(code);
}

const args = process.argv.slice(2);
const options = new Map<string, string>();
for (let index = 0; index < args.length; index += 2) {
  const flag = args[index] ?? "";
  const value = args[index + 1];
  if (!FLAGS.has(flag) || value === undefined || value.startsWith("--")) {
    fail(2, `unexpected arguments ${JSON.stringify(args)}\n${USAGE}`);
  }
  options.set(flag, value);
}
const from = options.get("--from");
if (from === undefined) fail(2, `missing --from\n${USAGE}`);

const config = loadConfigOrExit();
const to = options.get("--to") ?? config.databaseUrl;
if (to === undefined) fail(2, `no target: set DATABASE_URL or pass --to postgres://…\n${USAGE}`);
if (!/^postgres(ql)?:\/\//.test(to)) fail(2, `--to must be a postgres:// URL\n${USAGE}`);

let copies;
try {
  copies = await copySqliteToPostgres(from, to);
} catch (error) {
  const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  fail(1, error instanceof CopyError ? reason : `copy failed, nothing was kept: ${reason}`);
}
const width = Math.max(...copies.map((copy) => copy.table.length));
process.stdout.write(`db:migrate-to-postgres: copied ${from} into ${redactUrl(to)}\n`);
for (const copy of copies) {
  process.stdout.write(
    `  ${copy.table.padEnd(width)}  ${copy.postgresRows} rows (SQLite: ${copy.sqliteRows})\n`,
  );
}
const total = copies.reduce((sum, copy) => sum + copy.postgresRows, 0);
process.stdout.write(`db:migrate-to-postgres: row counts match: ${total} rows in ${copies.length} tables\n`);

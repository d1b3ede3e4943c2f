import { createRequire } from "node:module";

import { pino, type Logger } from "pino";
import type { PrettyStream } from "pino-pretty";

import type { LogLevel } from "./config.js";

export type { Logger } from "pino";

/** Anything that could hold the Discord token is censored wherever it appears in a log line. */
export const REDACTED_PATHS = [
  "discordToken",
  "token",
  "DISCORD_TOKEN",
  "authorization",
  "*.discordToken",
  "*.token",
  "*.DISCORD_TOKEN",
  "*.authorization",
  "*.headers.authorization",
  "*.*.discordToken",
  "*.*.token",
];

export interface LoggerOptions {
  level: LogLevel;
  /** Where log lines go; stderr by default so stdout stays clean for CLI output. */
  destination?: NodeJS.WritableStream;
  pretty?: boolean;
}

/**
 * pino-pretty (and its dependencies) only load when a person is watching a terminal: a bot under
 * a process manager, or with its logs piped, writes JSON and never needs them.
 */
const require = createRequire(import.meta.url);
const prettyStream = (): PrettyStream =>
  (require("pino-pretty") as typeof import("pino-pretty"))({ destination: 2, sync: true, colorize: true });

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? (process.stdout.isTTY && options.destination === undefined);
  const destination = pretty
    ? prettyStream()
    : (options.destination ?? pino.destination({ fd: 2, sync: true }));
  return pino(
    {
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      base: { app: "briefbot" },
    },
    destination,
  );
}

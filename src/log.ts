import { pino, type Logger } from "pino";
import pinoPretty from "pino-pretty";

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

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? (process.stdout.isTTY && options.destination === undefined);
  const destination = pretty
    ? pinoPretty({ destination: 2, sync: true, colorize: true })
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

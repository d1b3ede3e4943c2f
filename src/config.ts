import { config as loadDotenv } from "dotenv";
import { z } from "zod";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_DISCORD_API_URL = "https://discord.com/api";
export const DEFAULT_DATABASE_PATH = "./data/briefbot.sqlite";
export const DEFAULT_KNOWLEDGE_DIR = "./knowledge";

const SNOWFLAKE = /^\d{17,20}$/;

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Empty strings in .env files mean "not set", as most users expect. */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const envSchema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_API_URL: optionalText
    .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional())
    .transform((value) => value ?? DEFAULT_DISCORD_API_URL),
  DISCORD_DEV_GUILD_ID: optionalText.pipe(
    z.string().regex(SNOWFLAKE, { error: "must be a Discord id (17 to 20 digits)" }).optional(),
  ),
  DATABASE_PATH: optionalText.transform((value) => value ?? DEFAULT_DATABASE_PATH),
  KNOWLEDGE_DIR: optionalText.transform((value) => value ?? DEFAULT_KNOWLEDGE_DIR),
  LOG_LEVEL: optionalText.pipe(
    z
      .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(",")}` })
      .optional()
      .transform((value) => value ?? "info"),
  ),
  DEFAULT_TIMEZONE: optionalText.pipe(
    z
      .string()
      .refine(isValidTimeZone, { error: "must be an IANA time zone such as Europe/London" })
      .optional()
      .transform((value) => value ?? "UTC"),
  ),
});

export interface Config {
  readonly discordToken: string | undefined;
  readonly discordApiUrl: string;
  readonly devGuildId: string | undefined;
  readonly databasePath: string;
  readonly knowledgeDir: string;
  readonly logLevel: LogLevel;
  readonly defaultTimeZone: string;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Parses an environment into a frozen config; throws ConfigError with a one-line reason. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue?.path.join(".") ?? "environment";
    const got = typeof issue?.path[0] === "string" ? env[issue.path[0]] : undefined;
    const shown = variable === "DISCORD_TOKEN" || got === undefined ? "" : ` (got ${JSON.stringify(got)})`;
    throw new ConfigError(`config: ${variable} ${issue?.message ?? "is invalid"}${shown}`);
  }
  const parsed = result.data;
  return Object.freeze({
    discordToken: parsed.DISCORD_TOKEN,
    discordApiUrl: parsed.DISCORD_API_URL.replace(/\/+$/, ""),
    devGuildId: parsed.DISCORD_DEV_GUILD_ID,
    databasePath: parsed.DATABASE_PATH,
    knowledgeDir: parsed.KNOWLEDGE_DIR,
    logLevel: parsed.LOG_LEVEL,
    defaultTimeZone: parsed.DEFAULT_TIMEZONE,
  });
}

/** Reads .env (if present) and the process environment once, at boot. Exits 1 on a bad value. */
export function loadConfigOrExit(): Config {
  loadDotenv({ quiet: true });
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

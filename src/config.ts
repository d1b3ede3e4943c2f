import { config as loadDotenv } from "dotenv";
import { z } from "zod";

import { parseShardIds, type ShardCount, type ShardLayout } from "./sharding/layout.js";

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

const envSchema = z
  .object({
    DISCORD_TOKEN: optionalText,
    DISCORD_API_URL: optionalText
      .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional())
      .transform((value) => value ?? DEFAULT_DISCORD_API_URL),
    DISCORD_DEV_GUILD_ID: optionalText.pipe(
      z.string().regex(SNOWFLAKE, { error: "must be a Discord id (17 to 20 digits)" }).optional(),
    ),
    DATABASE_PATH: optionalText.transform((value) => value ?? DEFAULT_DATABASE_PATH),
    DATABASE_URL: optionalText.pipe(
      z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }).optional(),
    ),
    SHARD_COUNT: optionalText.pipe(
      z
        .string()
        .refine((value) => value === "auto" || /^[1-9]\d*$/.test(value), {
          error: "must be a whole number of shards (1 or more) or auto",
        })
        .transform((value): ShardCount => (value === "auto" ? "auto" : Number(value)))
        .optional(),
    ),
    SHARDS_PER_PROCESS: optionalText.pipe(
      z
        .string()
        .regex(/^[1-9]\d*$/, { error: "must be a whole number, 1 or more" })
        .transform(Number)
        .optional(),
    ),
    SHARD_IDS: optionalText.pipe(
      z
        .string()
        .transform((value, context) => {
          const ids = parseShardIds(value);
          if (typeof ids === "string") {
            context.addIssue({ code: "custom", message: ids });
            return z.NEVER;
          }
          return ids;
        })
        .optional(),
    ),
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
  })
  .superRefine((env, context) => {
    // Every machine must agree on the total, so a machine's own range needs it spelled out.
    if (env.SHARD_IDS === undefined) return;
    if (typeof env.SHARD_COUNT !== "number") {
      context.addIssue({
        code: "custom",
        path: ["SHARD_IDS"],
        message: "needs SHARD_COUNT set to a number, the same on every machine",
      });
      return;
    }
    const count = env.SHARD_COUNT;
    const outside = env.SHARD_IDS.find((id) => id >= count);
    if (outside !== undefined) {
      context.addIssue({
        code: "custom",
        path: ["SHARD_IDS"],
        message: `has shard ${outside}, outside 0-${count - 1} (SHARD_COUNT=${count})`,
      });
    }
  });

/** Variables whose value an error message must never repeat. */
const SECRET_VARIABLES = new Set(["DISCORD_TOKEN", "DATABASE_URL"]);

export interface Config {
  readonly discordToken: string | undefined;
  readonly discordApiUrl: string;
  readonly devGuildId: string | undefined;
  readonly databasePath: string;
  /** postgres://… when the state lives in PostgreSQL; SQLite at databasePath otherwise. */
  readonly databaseUrl: string | undefined;
  /** One process (the default), or a shard manager spawning shard processes. */
  readonly sharding: ShardLayout;
  readonly knowledgeDir: string;
  readonly logLevel: LogLevel;
  readonly defaultTimeZone: string;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * SHARDS_PER_PROCESS or SHARD_IDS asks for shard processes (SHARD_COUNT then defaults to auto);
 * SHARD_COUNT alone keeps one process, as before.
 */
function shardLayout(env: {
  SHARD_COUNT?: ShardCount | undefined;
  SHARDS_PER_PROCESS?: number | undefined;
  SHARD_IDS?: number[] | undefined;
}): ShardLayout {
  if (env.SHARDS_PER_PROCESS === undefined && env.SHARD_IDS === undefined) {
    return { kind: "single", shardCount: env.SHARD_COUNT };
  }
  return {
    kind: "sharded",
    shardCount: env.SHARD_COUNT ?? "auto",
    shardsPerProcess: env.SHARDS_PER_PROCESS ?? 1,
    shardIds: env.SHARD_IDS,
  };
}

/** Parses an environment into a frozen config; throws ConfigError with a one-line reason. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue?.path.join(".") ?? "environment";
    const got = typeof issue?.path[0] === "string" ? env[issue.path[0]] : undefined;
    const shown = SECRET_VARIABLES.has(variable) || got === undefined ? "" : ` (got ${JSON.stringify(got)})`;
    throw new ConfigError(`config: ${variable} ${issue?.message ?? "is invalid"}${shown}`);
  }
  const parsed = result.data;
  return Object.freeze({
    discordToken: parsed.DISCORD_TOKEN,
    discordApiUrl: parsed.DISCORD_API_URL.replace(/\/+$/, ""),
    devGuildId: parsed.DISCORD_DEV_GUILD_ID,
    databasePath: parsed.DATABASE_PATH,
    databaseUrl: parsed.DATABASE_URL,
    sharding: shardLayout(parsed),
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

/**
 * Starts the real briefbot (src/discord/bot.ts startBot) against a fake Discord, with a fresh
 * SQLite file in a temp folder, the real knowledge base, and a logger that keeps warn+ lines in
 * memory so tests can assert on them. `stop()` stops the bot and removes the temp folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";

import type { Clock } from "../../src/clock.js";
import { parseConfig } from "../../src/config.js";
import { startBot, type RunningBot } from "../../src/discord/bot.js";
import { createLogger } from "../../src/log.js";
import { repoRoot } from "../helpers/runScript.js";
import type { FakeDiscord } from "./fakeDiscord.js";

export interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

/** pino's numeric levels: warn is 40, error 50. */
export const PINO_ERROR = 50;

export interface BriefbotUnderTest {
  readonly bot: RunningBot;
  /** The SQLite file the bot uses (fault tests lock it or fill it from outside). */
  readonly databasePath: string;
  /** Every warn-or-worse line the bot logged, parsed. */
  readonly logs: LogLine[];
  stop(): Promise<void>;
}

export async function startBriefbot(
  fake: FakeDiscord,
  options: { readonly clock?: Clock; readonly token?: string } = {},
): Promise<BriefbotUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-e2e-"));
  const databasePath = join(dir, "briefbot.sqlite");
  const config = parseConfig({
    DISCORD_TOKEN: options.token ?? "e2e-token",
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_PATH: databasePath,
    KNOWLEDGE_DIR: join(repoRoot, "knowledge"),
    LOG_LEVEL: "warn",
  });
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() !== "") logs.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  const logger = createLogger({ level: "warn", destination, pretty: false });
  let bot: RunningBot;
  try {
    bot = await startBot(config, {
      logger,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    bot,
    databasePath,
    logs,
    async stop() {
      await bot.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

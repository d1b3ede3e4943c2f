/**
 * `npm start`: the bot when DISCORD_TOKEN is set, otherwise the offline console. With
 * SHARDS_PER_PROCESS or SHARD_IDS, the shard manager instead, which runs the bot in shard
 * processes (src/shardProcess.ts).
 */
import { loadConfigOrExit } from "./config.js";

const config = loadConfigOrExit();

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";

if (config.discordToken === undefined) {
  process.stdout.write("No DISCORD_TOKEN set: opening the offline console. Type /help, or Ctrl+D to quit.\n");
  await import("./cli/console.js");
} else if (config.sharding.kind === "sharded") {
  const { createShardManager } = await import("./discord/shardManager.js");
  const { createLogger } = await import("./log.js");
  const manager = createShardManager(config, config.sharding, createLogger({ level: config.logLevel }));
  // Registered before the first process starts, so a signal during start-up stops what has started.
  const shutdown = (signal: NodeJS.Signals) => {
    process.stderr.write(`briefbot: ${signal} received, stopping the shard processes…\n`);
    void manager.stop().then((code) => {
      process.exitCode = code;
    });
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  try {
    await manager.start();
  } catch (error) {
    process.stderr.write(`briefbot: could not start the shard processes: ${firstLine(error)}\n`);
    await manager.stop();
    process.exit(1);
  }
} else {
  const { startBot } = await import("./discord/bot.js");
  let bot;
  try {
    bot = await startBot(config);
  } catch (error) {
    process.stderr.write(`briefbot: could not start: ${firstLine(error)}\n`);
    process.exit(1);
  }
  const running = bot;
  // Finish in-flight work, then let the process exit on its own once nothing is left running.
  const shutdown = (signal: NodeJS.Signals) => {
    process.stderr.write(`briefbot: ${signal} received, shutting down…\n`);
    void running.stop();
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

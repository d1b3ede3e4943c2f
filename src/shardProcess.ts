/**
 * One shard process, spawned by the shard manager (src/discord/shardManager.ts) with SHARDS and
 * SHARD_COUNT in its environment, which the discord.js Client reads. It runs the same bot as a
 * single process, serving only its shards' servers.
 *
 * It stops, finishing in-flight interactions first, on SIGTERM or SIGINT (the manager forwards
 * them; a terminal may send them to the whole process group as well, so a second one is ignored
 * rather than fatal) and when the manager is gone (its IPC channel closes), so a shard process is
 * never left running on its own. Once stopped it closes its IPC channel and exits on its own, 0.
 */
import { loadConfigOrExit } from "./config.js";

const config = loadConfigOrExit();
const { startBot } = await import("./discord/bot.js");

let bot;
try {
  bot = await startBot(config);
} catch (error) {
  const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  process.stderr.write(`briefbot: shard process could not start: ${reason}\n`);
  process.exit(1);
}
const running = bot;

let stopping: Promise<void> | undefined;
const stop = (why: string) => {
  stopping ??= (async () => {
    running.services.logger.info({ shards: process.env.SHARDS }, `shard process stopping: ${why}`);
    await running.stop();
    // The IPC channel to the manager is the last thing keeping the process alive.
    if (process.connected) process.disconnect();
  })();
};
process.on("SIGTERM", () => {
  stop("SIGTERM");
});
process.on("SIGINT", () => {
  stop("SIGINT");
});
process.on("disconnect", () => {
  stop("the shard manager is gone");
});

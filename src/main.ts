/** `npm start`: the bot when DISCORD_TOKEN is set, otherwise the offline console. */
import { loadConfigOrExit } from "./config.js";

const config = loadConfigOrExit();

if (config.discordToken === undefined) {
  process.stdout.write("No DISCORD_TOKEN set: opening the offline console. Type /help, or Ctrl+D to quit.\n");
  await import("./cli/console.js");
} else {
  const { startBot } = await import("./discord/bot.js");
  let bot;
  try {
    bot = await startBot(config);
  } catch (error) {
    process.stderr.write(`briefbot: could not start: ${(error as Error).message.split("\n")[0] ?? ""}\n`);
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

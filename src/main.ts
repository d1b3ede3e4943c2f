/** `npm start`: the bot when DISCORD_TOKEN is set, otherwise the offline console. */
import { loadConfigOrExit } from "./config.js";

const config = loadConfigOrExit();

if (config.discordToken === undefined) {
  process.stdout.write("No DISCORD_TOKEN set: opening the offline console. Type /help, or Ctrl+D to quit.\n");
  await import("./cli/console.js");
} else {
  process.stdout.write("briefbot: connecting to Discord is not implemented yet.\n");
}

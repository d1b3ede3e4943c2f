/**
 * The baseline bot as its own process, so the discord benchmark runs it exactly like briefbot
 * (`npm start` in a child process). Usage: baselineBotMain.ts <apiUrl>. SIGTERM stops it.
 */
import { startBaselineBot } from "./baselineBot.js";

const apiUrl = process.argv[2];
if (apiUrl === undefined) {
  process.stderr.write("usage: baselineBotMain.ts <apiUrl>\n");
  process.exit(2);
}
const bot = await startBaselineBot(apiUrl);
const shutdown = () => {
  void bot.stop();
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);

/**
 * Run as a child process by shutdown.test.ts: starts a fake Discord and a bot in this process,
 * has one interaction answered, stops the bot, closes the fake, and then simply returns. If the
 * bot left a socket, timer or interval behind, this process never exits and the test sees it.
 * Prints one JSON line per step on stdout. Usage: shutdownChild.ts briefbot|baseline
 */
import { startBaselineBot } from "../../bench/baselineBot.js";
import { startFakeDiscord } from "./fakeDiscord.js";

const say = (event: string, extra: Record<string, unknown> = {}) => {
  process.stdout.write(`${JSON.stringify({ event, ...extra })}\n`);
};

const mode = process.argv[2] ?? "baseline";
const fake = await startFakeDiscord();
const bot = await startBaselineBot(fake.apiUrl);
say("ready", { mode });
const sent = fake.injectInteraction(fake.slash("ask", { options: { question: "What is Dongbei?" } }));
await fake.callbackFor(sent);
say("answered");
await bot.stop();
await fake.waitForGatewayClosed();
say("stopped", { gatewayConnections: fake.gatewayConnections });
await fake.close();
say("closed");

/**
 * Clean shutdown of the real entry point: `npm start`'s src/main.ts with a token, in its own
 * process, against a fake Discord. After SIGTERM it must close its gateway connection and exit
 * on its own with code 0 (main.ts never calls process.exit on this path, so a leaked socket,
 * timer or interval would keep it alive and the test would see it hang).
 */
import { describe, expect, it } from "vitest";

import { spawnBot, type BotKind } from "./botProcess.js";
import { sentPayloadProblems } from "./checks.js";
import { startFakeDiscord } from "./fakeDiscord.js";

/** Start-up in a child process (tsx compiles on the fly): generous, as CI machines are shared. */
const START_MS = 30_000;
/** After SIGTERM, the process must be gone within this. */
const EXIT_MS = 10_000;

async function startAnswerAndStop(kind: BotKind) {
  const fake = await startFakeDiscord();
  const bot = spawnBot(fake, kind);
  try {
    await fake.waitForReady(START_MS);
    const sent = fake.injectInteraction(fake.slash("ask", { options: { question: "What is Dongbei?" } }));
    await fake.callbackFor(sent, START_MS);
    const exit = await bot.stop("SIGTERM", EXIT_MS);
    await fake.waitForGatewayClosed();
    return {
      exit,
      stderr: bot.stderr(),
      connections: fake.gatewayConnections,
      problems: sentPayloadProblems(fake),
    };
  } finally {
    await bot.stop("SIGKILL", 0);
    await fake.close();
  }
}

describe("shutdown", () => {
  it("briefbot (npm start) closes the gateway and exits on its own after SIGTERM", async () => {
    const { exit, stderr, connections, problems } = await startAnswerAndStop("briefbot");
    expect(problems).toEqual([]);
    expect(exit.exitedOnItsOwn, stderr).toBe(true);
    expect(exit.code, stderr).toBe(0);
    expect(connections).toBe(0);
    expect(stderr).not.toMatch(/"level":5\d/);
  });

  it("(control) a bare discord.js bot passes the same check", async () => {
    const { exit, stderr } = await startAnswerAndStop("baseline");
    expect(exit.exitedOnItsOwn, stderr).toBe(true);
    expect(exit.code, stderr).toBe(0);
  });
});

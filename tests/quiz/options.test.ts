import { afterAll, beforeAll, expect, test } from "vitest";

import { createRouter } from "../../src/discord/router.js";
import { command, RecordingResponder, startTestApp, viewText, type TestApp } from "../discord/helpers.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.cleanup();
});

async function reply(options: Record<string, unknown>) {
  const router = createRouter({ commands: t.app.commands, services: t.app.services, cooldowns: "off" });
  const responder = new RecordingResponder();
  await router.handle(command("quiz", { subcommand: "start", ...options }), responder);
  return responder.reply;
}

test.each([
  [{ questions: 21 }, "`questions`: Use a whole number from 1 to 20."],
  [{ questions: 0 }, "`questions`: Use a whole number from 1 to 20."],
  [{ questions: 2.5 }, "`questions`: Use a whole number from 1 to 20."],
  [{ seconds: 9 }, "`seconds`: Use a whole number from 10 to 60."],
  [{ seconds: 61 }, "`seconds`: Use a whole number from 10 to 60."],
])("/quiz start %o is refused privately, naming the allowed range", async (options, expected) => {
  const refused = await reply(options);
  expect(refused.kind === "message" && refused.ephemeral && refused.view.tone === "error").toBe(true);
  expect(viewText(refused)).toContain(expected);
  const router = createRouter({ commands: t.app.commands, services: t.app.services, cooldowns: "off" });
  const stop = new RecordingResponder();
  await router.handle(command("quiz", { subcommand: "stop" }), stop);
  expect(viewText(stop.reply)).toMatch(/no quiz/i);
});

/** The "Apps → Ask briefbot" message menu through the router: the real app, knowledge and commands. */
import { afterAll, beforeAll, expect, test } from "vitest";

import { QUESTION_MAX_LENGTH } from "../../commands/ask.js";
import { createRouter, UNKNOWN_COMMAND_MESSAGE, type Incoming } from "../../src/discord/router.js";
import { RecordingResponder, startTestApp, student, viewText, type TestApp } from "./helpers.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.cleanup();
});

const useMenu = (content: string, name = "Ask briefbot"): Incoming => ({
  kind: "menu",
  at: student,
  name,
  target: { id: "300000000000000010", content, authorId: "300000000000000011" },
});

async function reply(incoming: Incoming) {
  const router = createRouter({ commands: t.app.commands, services: t.app.services, cooldowns: "off" });
  const responder = new RecordingResponder();
  await router.handle(incoming, responder);
  return responder.reply;
}

const isPrivateError = (r: Awaited<ReturnType<typeof reply>>) =>
  r.kind === "message" && r.ephemeral && r.view.tone === "error";

test("answers the message's text like /ask, with mentions removed from the question and none allowed", async () => {
  const viaMenu = await reply(useMenu("<@300000000000000012> @everyone how many people live in Dongbei?"));
  expect(viaMenu.kind === "message" && !viaMenu.ephemeral).toBe(true);
  expect(viewText(viaMenu)).toContain("home to more than 100 million people");
  if (viaMenu.kind === "message") expect(viaMenu.view.allowedMentions ?? {}).toEqual({});
  expect(viewText(viaMenu)).not.toMatch(/@everyone|<@\d+>/);
});

test("a message with no text, or too long to be a question, gets a private error", async () => {
  const empty = await reply(useMenu("   <@300000000000000012>  "));
  expect(isPrivateError(empty)).toBe(true);
  expect(viewText(empty)).toContain("no text to ask about");

  const long = await reply(useMenu(`why ${"x".repeat(QUESTION_MAX_LENGTH)}`));
  expect(isPrivateError(long)).toBe(true);
  expect(viewText(long)).toContain(`at most ${String(QUESTION_MAX_LENGTH)} characters`);
});

test("an unknown menu name gets the unknown-command reply", async () => {
  const unknown = await reply(useMenu("what is dongbei", "Summon the kraken"));
  expect(isPrivateError(unknown)).toBe(true);
  expect(viewText(unknown)).toContain(UNKNOWN_COMMAND_MESSAGE);
});

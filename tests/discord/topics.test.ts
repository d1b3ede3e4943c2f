import { afterAll, beforeAll, expect, test } from "vitest";

import { createRouter } from "../../src/discord/router.js";
import { command, RecordingResponder, startTestApp, student, viewText, type TestApp } from "./helpers.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.cleanup();
});

async function run(incoming: Parameters<ReturnType<typeof createRouter>["handle"]>[0]) {
  const router = createRouter({ commands: t.app.commands, services: t.app.services, cooldowns: "off" });
  const responder = new RecordingResponder();
  await router.handle(incoming, responder);
  return responder;
}

async function topicChoicesFor(commandName: string, subcommand: string | undefined, typed: string) {
  const responder = await run({
    kind: "autocomplete",
    at: student,
    name: commandName,
    ...(subcommand === undefined ? {} : { subcommand }),
    options: { topic: typed },
    focused: { name: "topic", value: typed },
  });
  const event = responder.events[0];
  if (event?.type !== "autocomplete") throw new Error("expected an autocomplete answer");
  return event.choices;
}

test.each([
  ["fact", undefined],
  ["quiz", "start"],
])("/%s topic autocomplete lists matching topics by title, with their ids as values", async (name, sub) => {
  const all = await topicChoicesFor(name, sub, "");
  expect(all.map((choice) => choice.value).sort()).toEqual(
    t.app.services.knowledge.topics.map((topic) => topic.id).sort(),
  );
  const gdp = await topicChoicesFor(name, sub, "gdp");
  expect(gdp).toEqual([{ name: "Dongbei's share of GDP", value: "gdp" }]);
  expect(await topicChoicesFor(name, sub, "no such topic")).toEqual([]);
});

test("/fact topic:<title> gives a fact of that topic; an unknown topic is a private error", async () => {
  const byTitle = (await run(command("fact", { topic: "Belt and Road Initiative" }))).reply;
  expect(byTitle.kind).toBe("message");
  expect(viewText(byTitle)).toContain("focuses primarily on transit corridors");

  const unknown = (await run(command("fact", { topic: "volcanoes" }))).reply;
  expect(unknown.kind === "message" && unknown.ephemeral && unknown.view.tone === "error").toBe(true);
  expect(viewText(unknown)).toContain('There is no topic "volcanoes"');
});

test("/quiz start with an unknown topic is refused privately and starts nothing", async () => {
  const reply = (await run(command("quiz", { subcommand: "start", topic: "volcanoes" }))).reply;
  expect(reply.kind === "message" && reply.ephemeral && reply.view.tone === "error").toBe(true);
  expect(viewText(reply)).toContain('There is no topic "volcanoes"');
  const stop = (await run(command("quiz", { subcommand: "stop" }))).reply;
  expect(viewText(stop)).toMatch(/no quiz/i);
});

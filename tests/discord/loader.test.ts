import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, test } from "vitest";

import { CommandLoadError, loadCommands } from "../../src/discord/loader.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A commands folder with the given plain-JS modules (file name -> source). */
function commandsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-commands-"));
  dirs.push(dir);
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  return dir;
}

/** A valid module, with `overrides` spliced into the exported object. */
const moduleSource = (name: string, overrides = "") => `
const schema = { safeParse: (value) => ({ success: true, data: value }) };
export default {
  data: { name: ${JSON.stringify(name)}, description: "A test command." },
  options: schema,
  execute: () => ({ kind: "message", view: { description: "ok" }, ephemeral: false }),
  ${overrides}
};
`;

describe("loadCommands", () => {
  test("loads the real commands folder: ask, briefing, fact and help", async () => {
    const commands = await loadCommands();
    expect(commands.list.map((command) => command.data.name).sort()).toEqual(
      expect.arrayContaining(["ask", "briefing", "fact", "help"]),
    );
    expect(commands.component("para")).toBeDefined();
    expect(commands.component("fb")).toBeDefined();
    for (const data of commands.data) {
      expect(data.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(data.description.length).toBeGreaterThan(0);
      expect(data.description.length).toBeLessThanOrEqual(100);
    }
  });

  test("loads a valid module from another folder", async () => {
    const commands = await loadCommands(commandsDir({ "ping.mjs": moduleSource("ping") }));
    expect(commands.get("ping")?.data.description).toBe("A test command.");
  });

  test.each([
    [
      "an uppercase name",
      { "Ping.mjs": moduleSource("Ping") },
      /Ping\.mjs: data\.name: must be 1 to 32 lowercase/,
    ],
    [
      "a missing handler",
      { "ping.mjs": moduleSource("ping", "execute: undefined,") },
      /ping\.mjs: execute: execute must be a function/,
    ],
    [
      "a description over 100 characters",
      { "ping.mjs": moduleSource("ping", `data: { name: "ping", description: "${"x".repeat(101)}" },`) },
      /ping\.mjs: data\.description: must be at most 100/,
    ],
    ["no default export", { "ping.mjs": "export const command = {};" }, /ping\.mjs: has no default export/],
    ["a syntax error", { "ping.mjs": "export default {" }, /ping\.mjs: failed to load/],
    [
      "a name that differs from the file",
      { "ping.mjs": moduleSource("pong") },
      /ping\.mjs: data\.name "pong" does not match/,
    ],
    [
      "a context menu that is not a message menu",
      {
        "ping.mjs": moduleSource(
          "ping",
          `menus: [{ data: { type: 1, name: "Ping it" }, description: "Pings.", execute: () => undefined }],`,
        ),
      },
      /ping\.mjs: menus\.0\.data\.type: must be a message menu \(type 3\)/,
    ],
    [
      "a context menu without a handler",
      {
        "ping.mjs": moduleSource(
          "ping",
          `menus: [{ data: { type: 3, name: "Ping it" }, description: "Pings." }],`,
        ),
      },
      /ping\.mjs: menus\.0\.execute: execute must be a function/,
    ],
    [
      "options that are not a schema",
      { "ping.mjs": moduleSource("ping", "options: {},") },
      /ping\.mjs: options: options must be a zod schema/,
    ],
  ])("a module with %s stops loading with an error naming the file", async (_label, files, message) => {
    const dir = commandsDir({ "good.mjs": moduleSource("good"), ...files });
    const error: unknown = await loadCommands(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandLoadError);
    expect((error as Error).message).toMatch(message);
  });

  test("two commands claiming one custom-id namespace are rejected", async () => {
    const route = `components: [{ namespace: "shared", handle: () => undefined }],`;
    const dir = commandsDir({ "one.mjs": moduleSource("one", route), "two.mjs": moduleSource("two", route) });
    await expect(loadCommands(dir)).rejects.toThrow(
      /two\.mjs: custom-id namespace "shared" is already used by .*one\.mjs/,
    );
  });

  test("two message menus with one name are rejected; a unique one is registered after the slash commands", async () => {
    const menu = (name: string) =>
      `menus: [{ data: { type: 3, name: ${JSON.stringify(name)} }, description: "Does it.", execute: () => undefined }],`;
    const clash = commandsDir({
      "one.mjs": moduleSource("one", menu("Do it")),
      "two.mjs": moduleSource("two", menu("Do it")),
    });
    await expect(loadCommands(clash)).rejects.toThrow(
      /two\.mjs: a message menu named "Do it" is already loaded/,
    );

    const loaded = await loadCommands(commandsDir({ "one.mjs": moduleSource("one", menu("Do it")) }));
    expect(loaded.menu("Do it")?.description).toBe("Does it.");
    expect(loaded.registrations.map((data) => data.name)).toEqual(["one", "Do it"]);
  });

  test("an empty folder is an error, not a bot with no commands", async () => {
    await expect(loadCommands(commandsDir({}))).rejects.toThrow(/no command modules/);
  });
});

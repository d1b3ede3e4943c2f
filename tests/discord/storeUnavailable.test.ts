/**
 * A write the store could not take (locked past its deadline, or the disk full) reaches the user
 * as a private "nothing was saved, try again", never as the generic failure, and is logged with
 * its SQLite code.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";

import { defineCommand, type Command } from "../../src/command.js";
import { indexCommands } from "../../src/discord/loader.js";
import { createRouter, STORE_BUSY_MESSAGE, STORE_FULL_MESSAGE } from "../../src/discord/router.js";
import { StoreBusyError, StoreFullError } from "../../src/store/index.js";
import { command, RecordingResponder, startTestApp, viewText, type TestApp } from "./helpers.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.cleanup();
});

const throwing = (name: string, error: Error, deferred: boolean) =>
  defineCommand({
    data: { name, description: "test" },
    options: z.object({}),
    ...(deferred ? { defer: () => ({ ephemeral: true }) } : {}),
    execute: () => Promise.reject(error),
  }) as Command;

describe("store errors reach the user privately", () => {
  const cases = [
    { name: "busy", error: new StoreBusyError(15_000), text: STORE_BUSY_MESSAGE, code: "SQLITE_BUSY" },
    { name: "full", error: new StoreFullError(), text: STORE_FULL_MESSAGE, code: "SQLITE_FULL" },
  ];
  for (const { name, error, text, code } of cases) {
    for (const deferred of [false, true]) {
      test(`${name}${deferred ? " after a defer" : ""}: a private 'nothing was saved' and a log line with ${code}`, async () => {
        const router = createRouter({
          commands: indexCommands([{ file: `${name}.ts`, command: throwing(name, error, deferred) }]),
          services: t.app.services,
          cooldowns: "off",
        });
        const before = t.logs.length;
        const responder = new RecordingResponder();
        await router.handle(command(name), responder);
        const reply = responder.reply;
        expect(reply.kind === "message" && reply.ephemeral).toBe(true);
        expect(viewText(reply)).toContain(text);
        expect(t.logs.slice(before).find((line) => line.code === code)).toMatchObject({ command: name });
      });
    }
  }
});

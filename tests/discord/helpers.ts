/**
 * Test fixtures for the runtime: the real app (real knowledge base, real commands, a real SQLite
 * file in a temp folder) with a logger whose lines are kept for assertions, and a Responder that
 * records what the router asked the transport to do.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";

import { createApp, type App } from "../../src/app.js";
import type { Clock } from "../../src/clock.js";
import type { AutocompleteChoice } from "../../src/command.js";
import { parseConfig } from "../../src/config.js";
import type { Incoming, Invocation, Responder } from "../../src/discord/router.js";
import { createLogger } from "../../src/log.js";
import type { Reply } from "../../src/view.js";
import { repoRoot } from "../helpers/runScript.js";

export interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

export interface TestApp {
  readonly app: App;
  readonly logs: LogLine[];
  readonly dir: string;
  cleanup(): Promise<void>;
}

export async function startTestApp(options: { clock?: Clock } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-runtime-"));
  const config = parseConfig({
    DATABASE_PATH: join(dir, "briefbot.sqlite"),
    KNOWLEDGE_DIR: join(repoRoot, "knowledge"),
    LOG_LEVEL: "info",
  });
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() !== "") logs.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  const logger = createLogger({ level: "info", destination, pretty: false });
  const app = await createApp(config, {
    logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  return {
    app,
    logs,
    dir,
    async cleanup() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ResponderEvent =
  | { readonly type: "defer"; readonly ephemeral: boolean }
  | { readonly type: "respond"; readonly reply: Reply }
  | { readonly type: "autocomplete"; readonly choices: readonly AutocompleteChoice[] };

export class RecordingResponder implements Responder {
  readonly events: ResponderEvent[] = [];

  defer(ephemeral: boolean): Promise<void> {
    this.events.push({ type: "defer", ephemeral });
    return Promise.resolve();
  }

  respond(reply: Reply): Promise<void> {
    this.events.push({ type: "respond", reply });
    return Promise.resolve();
  }

  autocomplete(choices: readonly AutocompleteChoice[]): Promise<void> {
    this.events.push({ type: "autocomplete", choices });
    return Promise.resolve();
  }

  /** The one reply the router sent; fails the test if there was not exactly one. */
  get reply(): Reply {
    const replies = this.events.filter((event) => event.type === "respond");
    if (replies.length !== 1) throw new Error(`expected one reply, got ${replies.length}`);
    return (replies[0] as { reply: Reply }).reply;
  }
}

export const student: Invocation = {
  user: { id: "300000000000000001", username: "alice", bot: false },
  guildId: "300000000000000002",
  channelId: "300000000000000003",
  can: () => false,
};

export const as = (userId: string, channelId = student.channelId): Invocation => ({
  ...student,
  user: { ...student.user, id: userId },
  channelId,
});

export const command = (name: string, options: Record<string, unknown> = {}, at = student): Incoming => ({
  kind: "command",
  at,
  name,
  options,
});

export const press = (customId: string, at = student, messageTitle?: string): Incoming => ({
  kind: "component",
  at,
  customId,
  messageId: "300000000000000009",
  ...(messageTitle === undefined ? {} : { messageTitle }),
  fields: {},
});

/** Every piece of text a reply's view holds, for "does it contain" checks. */
export function viewText(reply: Reply): string {
  if (reply.kind === "modal") return reply.modal.title;
  const view = reply.view;
  return [
    view.content,
    view.title,
    view.description,
    ...(view.quotes ?? []).map((block) => block.quote.text),
    ...(view.fields ?? []).flatMap((field) => [
      field.name,
      field.text,
      ...(field.quotes ?? []).map((quote) => quote.text),
    ]),
    view.footer,
  ]
    .filter((part) => part !== undefined)
    .join("\n");
}

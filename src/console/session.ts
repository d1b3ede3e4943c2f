/**
 * The offline console: reads lines, runs them through the same router core and command modules
 * as the Discord bot, and prints replies as text. Numbers press the buttons printed before them.
 * Works interactively and with piped input; at end of input it finishes in-flight work and closes.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";

import type { App } from "../app.js";
import type { Actor } from "../command.js";
import { createRouter, type Incoming, type Invocation, type Responder } from "../discord/router.js";
import { DeliveryError, type Messenger, type PostCheck } from "../messenger.js";
import type { ModalView, Reply, View, ViewAction, ViewFile } from "../view.js";
import { GENERAL_HINT, parseLine } from "./parse.js";

/** The stand-in message a console `Ask briefbot: …` line is used on. */
const CONSOLE_MESSAGE_ID = "console-message";
import { renderModalText, renderViewText } from "./render.js";

/** The console's fixed actor and place: one user with every permission, in one channel. */
export const CONSOLE_USER: Actor = { id: "100000000000000001", username: "console", bot: false };
export const CONSOLE_GUILD_ID = "100000000000000002";
export const CONSOLE_CHANNEL_ID = "100000000000000003";

const consoleInvocation: Invocation = {
  user: CONSOLE_USER,
  guildId: CONSOLE_GUILD_ID,
  channelId: CONSOLE_CHANNEL_ID,
  can: () => true,
};

/** Prints channel posts (daily facts, quiz rounds) as they happen, numbering their buttons. */
export class ConsoleMessenger implements Messenger {
  private print: ((channelId: string, messageId: string, view: View, edited: boolean) => void) | undefined;
  private nextId = 1;

  attach(print: (channelId: string, messageId: string, view: View, edited: boolean) => void): void {
    this.print = print;
  }

  send(channelId: string, view: View): Promise<{ messageId: string }> {
    if (this.print === undefined)
      return Promise.reject(new DeliveryError("unavailable", false, "console not ready"));
    const messageId = `console-post-${this.nextId++}`;
    this.print(channelId, messageId, view, false);
    return Promise.resolve({ messageId });
  }

  edit(channelId: string, messageId: string, view: View): Promise<void> {
    this.print?.(channelId, messageId, view, true);
    return Promise.resolve();
  }

  checkCanPost(): Promise<PostCheck> {
    return Promise.resolve({ ok: true });
  }

  servesGuild(guildId: string): boolean {
    return guildId === CONSOLE_GUILD_ID;
  }
}

export interface ConsoleOptions {
  readonly app: App;
  readonly messenger: ConsoleMessenger;
  readonly input: Readable;
  readonly output: Writable;
  /** Show a prompt (when a person is typing rather than a script piping). */
  readonly interactive: boolean;
}

interface PendingModal {
  readonly modal: ModalView;
  readonly messageId: string;
  readonly values: string[];
}

export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { app, messenger, output } = options;
  const { services, commands } = app;
  const router = createRouter({ commands, services, cooldowns: "off" });
  const write = (text: string) => output.write(`${text}\n`);

  const actions = new Map<number, { action: ViewAction; messageId: string }>();
  let nextAction = 1;
  let nextMessage = 1;
  let pendingModal: PendingModal | undefined;

  // Attached files (the /progress chart) go to a folder of this session's own, named by message.
  let fileDir: string | undefined;
  const saveFile = (file: ViewFile) => {
    fileDir ??= mkdtempSync(join(tmpdir(), "briefbot-console-"));
    const path = join(fileDir, `${nextMessage}-${file.name}`);
    writeFileSync(path, file.data);
    return path;
  };

  const titles = new Map<string, string>();
  const show = (view: View, messageId: string, ephemeral: boolean) => {
    if (view.title !== undefined) titles.set(messageId, view.title);
    const numberAction = (action: ViewAction) => {
      const number = nextAction++;
      actions.set(number, { action, messageId });
      return number;
    };
    write(
      renderViewText(
        view,
        { knowledge: services.library.quotes, logger: services.logger, numberAction, saveFile },
        { ephemeral },
      ),
    );
  };

  messenger.attach((channelId, messageId, view, edited) => {
    write(edited ? `(message ${messageId} in <#${channelId}> was updated)` : `(posted in <#${channelId}>)`);
    show(view, messageId, false);
  });

  const responderFor = (sourceMessageId: string | undefined): Responder => ({
    defer: () => Promise.resolve(),
    respond(reply: Reply) {
      switch (reply.kind) {
        case "message":
          show(reply.view, `console-reply-${nextMessage++}`, reply.ephemeral);
          break;
        case "update":
          write("(the message above was updated)");
          show(reply.view, sourceMessageId ?? `console-reply-${nextMessage++}`, false);
          break;
        case "modal":
          pendingModal = { modal: reply.modal, messageId: sourceMessageId ?? "", values: [] };
          write(renderModalText(reply.modal));
          break;
      }
      return Promise.resolve();
    },
    // The console has no autocomplete popup: choices are dropped.
    autocomplete: () => Promise.resolve(),
  });

  const run = (incoming: Incoming, sourceMessageId?: string) =>
    router.handle(incoming, responderFor(sourceMessageId));

  async function handleLine(line: string): Promise<void> {
    if (pendingModal !== undefined && !line.trim().startsWith("/")) {
      const modal: PendingModal = pendingModal;
      modal.values.push(line.trim());
      if (modal.values.length < modal.modal.inputs.length) return;
      pendingModal = undefined;
      const fields = Object.fromEntries(
        modal.modal.inputs.map((input, index) => [input.customId, modal.values[index] ?? ""]),
      );
      return run(
        {
          kind: "component",
          at: consoleInvocation,
          customId: modal.modal.customId,
          messageId: modal.messageId,
          fields,
        },
        modal.messageId,
      );
    }
    pendingModal = undefined;
    const parsed = parseLine(line, commands);
    switch (parsed.kind) {
      case "empty":
        return;
      case "hint":
        write(parsed.message);
        return;
      case "press": {
        const pressed = actions.get(parsed.number);
        if (pressed === undefined) {
          write(`There is no button ${parsed.number} (yet). ${GENERAL_HINT}`);
          return;
        }
        const messageTitle = titles.get(pressed.messageId);
        return run(
          {
            kind: "component",
            at: consoleInvocation,
            customId: pressed.action.customId,
            messageId: pressed.messageId,
            ...(messageTitle === undefined ? {} : { messageTitle }),
            fields: {},
          },
          pressed.messageId,
        );
      }
      case "command":
        return run({ kind: "command", at: consoleInvocation, name: parsed.name, options: parsed.options });
      case "menu":
        return run({
          kind: "menu",
          at: consoleInvocation,
          name: parsed.name,
          target: { id: CONSOLE_MESSAGE_ID, content: parsed.content, authorId: consoleInvocation.user.id },
        });
    }
  }

  // Daily posts and quiz timers run here too, posting through the console messenger.
  await app.startJobs();
  const lines = createInterface({ input: options.input, terminal: false });
  const prompt = () => {
    if (options.interactive) output.write("> ");
  };
  prompt();
  try {
    for await (const line of lines) {
      await handleLine(line);
      prompt();
    }
  } finally {
    if (options.interactive) output.write("\n");
    await app.close();
  }
}

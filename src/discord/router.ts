/**
 * The interaction router's core, shared by the Discord adapter and the offline console: finds
 * the command or component, applies cooldowns, parses options with the command's zod schema,
 * defers when asked, runs the handler and hands its Reply to a transport-specific Responder.
 * One central error handler turns any failure into a short private message and a log line.
 * No discord.js here.
 */
import type {
  Actor,
  AutocompleteChoice,
  Command,
  CommandContext,
  ComponentContext,
  FocusedOption,
  RawOptions,
  RuntimePermission,
  TargetMessage,
} from "../command.js";
import type { Services } from "../services.js";
import { isStoreUnavailable, StoreFullError } from "../store/errors.js";
import { privateError, type Reply, type View } from "../view.js";
import { Cooldowns } from "./cooldowns.js";
import { namespaceOf } from "../customId.js";
import { AUTOCOMPLETE_CHOICES_MAX, AUTOCOMPLETE_NAME_MAX, AUTOCOMPLETE_VALUE_MAX } from "./limits.js";
import type { LoadedCommands } from "./loader.js";
import { truncate } from "./text.js";

/** Who did what, where: everything the router needs besides the interaction's own data. */
export interface Invocation {
  readonly user: Actor;
  readonly guildId: string | null;
  readonly channelId: string;
  can(permission: RuntimePermission): boolean;
}

export type Incoming =
  | { readonly kind: "command"; readonly at: Invocation; readonly name: string; readonly options: RawOptions }
  | {
      readonly kind: "autocomplete";
      readonly at: Invocation;
      readonly name: string;
      readonly options: RawOptions;
      readonly focused: FocusedOption;
    }
  | {
      readonly kind: "component";
      readonly at: Invocation;
      readonly customId: string;
      readonly messageId: string;
      /** The title of the message the component is on, when it has one. */
      readonly messageTitle?: string;
      /** Modal inputs by custom id; empty for buttons. */
      readonly fields: Readonly<Record<string, string>>;
    }
  | { readonly kind: "menu"; readonly at: Invocation; readonly name: string; readonly target: TargetMessage };

/** How a transport answers one interaction. */
export interface Responder {
  /** Acknowledges now and promises a reply later; ephemerality is fixed here. */
  defer(ephemeral: boolean): Promise<void>;
  /** Sends the reply: the first response, or the edit after a defer, or a follow-up after that. */
  respond(reply: Reply): Promise<void>;
  autocomplete(choices: readonly AutocompleteChoice[]): Promise<void>;
}

/**
 * Autocomplete must be answered within 3 s and can never be deferred; leave a margin for the
 * network, and answer with no choices rather than not at all.
 */
export const AUTOCOMPLETE_BUDGET_MS = 2000;

export const EXPIRED_MESSAGE =
  "This button has expired or is no longer valid. Run the command again for a fresh one.";
export const UNKNOWN_COMMAND_MESSAGE = "I don't know that command. Try /help to see what I can do.";
export const FAILURE_MESSAGE = "Something went wrong on my side. Please try again in a moment.";
/** The store could not take a write just now; nothing was saved, so trying again is safe. */
export const STORE_BUSY_MESSAGE =
  "I'm busy saving other changes right now, and nothing was saved. Please try again in a minute.";
export const STORE_FULL_MESSAGE =
  "My storage is full, so nothing was saved. Please try again later; the admins have been told in my logs.";

const BUSY_CHANNEL_NOTE = "Sent privately: this channel has had a lot of my replies just now.";

/**
 * Thrown by a Responder when the reply cannot reach the user at all (the interaction expired,
 * the network failed): logged as a warning, and no second reply is attempted.
 */
export class ReplyUndeliverable extends Error {
  override readonly name = "ReplyUndeliverable";
}

export interface Router {
  handle(incoming: Incoming, responder: Responder): Promise<void>;
}

export interface RouterOptions {
  readonly commands: LoadedCommands;
  readonly services: Services;
  /** Rate limits; "off" for the offline console, whose single user is trusted. */
  readonly cooldowns?: Cooldowns | "off";
}

/** A Discord timestamp that each viewer sees in their own words ("in 5 seconds"). */
export const relativeTime = (date: Date): string => `<t:${Math.ceil(date.getTime() / 1000)}:R>`;

function describeOptionsError(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  if (issue === undefined) return "Those options don't look right.";
  const option = issue.path.map(String).join(".");
  return option === "" ? issue.message : `\`${option}\`: ${issue.message}`;
}

function cleanChoices(choices: readonly AutocompleteChoice[]): AutocompleteChoice[] {
  const seen = new Set<string>();
  const cleaned: AutocompleteChoice[] = [];
  for (const choice of choices) {
    const name = truncate(choice.name.trim(), AUTOCOMPLETE_NAME_MAX);
    const value = choice.value.slice(0, AUTOCOMPLETE_VALUE_MAX);
    if (name === "" || value === "" || seen.has(value)) continue;
    seen.add(value);
    cleaned.push({ name, value });
    if (cleaned.length === AUTOCOMPLETE_CHOICES_MAX) break;
  }
  return cleaned;
}

const withNote = (view: View, note: string): View => ({
  ...view,
  footer: view.footer === undefined ? note : `${view.footer} · ${note}`,
});

export function createRouter(options: RouterOptions): Router {
  const { commands, services } = options;
  const cooldowns =
    options.cooldowns === "off" ? undefined : (options.cooldowns ?? new Cooldowns(services.clock));
  const { logger, clock } = services;

  const contextFor = (at: Invocation): CommandContext => ({
    user: at.user,
    guildId: at.guildId,
    channelId: at.channelId,
    can: (permission) => at.can(permission),
    services,
  });

  /** Public replies count against the channel's budget; past it they go out privately. */
  const throttlePublic = (reply: Reply, channelId: string): Reply => {
    if (
      reply.kind !== "message" ||
      reply.ephemeral ||
      cooldowns === undefined ||
      cooldowns.takeChannel(channelId)
    ) {
      return reply;
    }
    return { kind: "message", view: withNote(reply.view, BUSY_CHANNEL_NOTE), ephemeral: true };
  };

  const onCooldown = (at: Invocation): Reply | undefined => {
    const retryAt = cooldowns?.takeUser(at.user.id);
    if (retryAt === undefined) return undefined;
    return privateError(`You're going a bit fast. Try again ${relativeTime(retryAt)}.`, "Slow down");
  };

  async function runCommand(command: Command, at: Invocation, raw: RawOptions, responder: Responder) {
    const limited = onCooldown(at);
    if (limited !== undefined) return responder.respond(limited);
    const parsed = command.options.safeParse(raw);
    if (!parsed.success) return responder.respond(privateError(describeOptionsError(parsed.error.issues)));
    const options = parsed.data;
    let deferredPrivately: boolean | undefined;
    const deferral = command.defer?.(options);
    if (deferral !== undefined) {
      const wanted = deferral.ephemeral;
      deferredPrivately = wanted || (cooldowns !== undefined && !cooldowns.takeChannel(at.channelId));
      await responder.defer(deferredPrivately);
    }
    const reply = await command.execute(contextFor(at), options);
    const normalized: Reply =
      reply.kind === "update" ? { kind: "message", view: reply.view, ephemeral: false } : reply;
    // A deferred reply's visibility was fixed at defer time, so the channel was already counted.
    await responder.respond(
      deferredPrivately === undefined ? throttlePublic(normalized, at.channelId) : normalized,
    );
  }

  async function runComponent(
    incoming: Extract<Incoming, { kind: "component" }>,
    responder: Responder,
  ): Promise<void> {
    const namespace = namespaceOf(incoming.customId);
    const route = namespace === undefined ? undefined : commands.component(namespace);
    if (route === undefined) return responder.respond(privateError(EXPIRED_MESSAGE, "Expired"));
    const limited = onCooldown(incoming.at);
    if (limited !== undefined) return responder.respond(limited);
    const ctx: ComponentContext = {
      ...contextFor(incoming.at),
      messageId: incoming.messageId,
      ...(incoming.messageTitle === undefined ? {} : { messageTitle: incoming.messageTitle }),
    };
    const reply = await route.handle(ctx, incoming.customId, incoming.fields);
    if (reply === undefined) return responder.respond(privateError(EXPIRED_MESSAGE, "Expired"));
    await responder.respond(throttlePublic(reply, incoming.at.channelId));
  }

  async function runAutocomplete(
    incoming: Extract<Incoming, { kind: "autocomplete" }>,
    responder: Responder,
  ): Promise<void> {
    const command = commands.get(incoming.name);
    if (command?.autocomplete === undefined) return responder.autocomplete([]);
    let cancel: (() => void) | undefined;
    const deadline = new Promise<readonly AutocompleteChoice[]>((resolve) => {
      cancel = clock.setTimeout(() => {
        logger.warn({ command: incoming.name }, "autocomplete: over budget, answered with no choices");
        resolve([]);
      }, AUTOCOMPLETE_BUDGET_MS);
    });
    try {
      const choices = await Promise.race([
        Promise.resolve(command.autocomplete(contextFor(incoming.at), incoming.focused, incoming.options)),
        deadline,
      ]);
      await responder.autocomplete(cleanChoices(choices));
    } finally {
      cancel?.();
    }
  }

  async function runMenu(incoming: Extract<Incoming, { kind: "menu" }>, responder: Responder): Promise<void> {
    const menu = commands.menu(incoming.name);
    if (menu === undefined) return responder.respond(privateError(UNKNOWN_COMMAND_MESSAGE));
    const limited = onCooldown(incoming.at);
    if (limited !== undefined) return responder.respond(limited);
    const reply = await menu.execute(contextFor(incoming.at), incoming.target);
    const normalized: Reply =
      reply.kind === "update" ? { kind: "message", view: reply.view, ephemeral: false } : reply;
    return responder.respond(throttlePublic(normalized, incoming.at.channelId));
  }

  /** Not async itself: each kind's runner is, and `handle` awaits it (and catches what it throws). */
  function dispatch(incoming: Incoming, responder: Responder): Promise<void> {
    switch (incoming.kind) {
      case "command": {
        const command = commands.get(incoming.name);
        if (command === undefined) return responder.respond(privateError(UNKNOWN_COMMAND_MESSAGE));
        return runCommand(command, incoming.at, incoming.options, responder);
      }
      case "autocomplete":
        return runAutocomplete(incoming, responder);
      case "component":
        return runComponent(incoming, responder);
      case "menu":
        return runMenu(incoming, responder);
    }
  }

  return {
    async handle(incoming, responder) {
      try {
        await dispatch(incoming, responder);
      } catch (err) {
        const command =
          incoming.kind === "component" ? (namespaceOf(incoming.customId) ?? "component") : incoming.name;
        if (err instanceof ReplyUndeliverable) {
          logger.warn(
            { command, guildId: incoming.at.guildId, userId: incoming.at.user.id, err },
            "could not deliver the reply",
          );
          return;
        }
        const unavailable = isStoreUnavailable(err);
        logger.error(
          {
            command,
            guildId: incoming.at.guildId,
            userId: incoming.at.user.id,
            err,
            ...(unavailable ? { code: err instanceof StoreFullError ? err.code : "SQLITE_BUSY" } : {}),
          },
          unavailable ? "interaction failed: the store could not take the write" : "interaction failed",
        );
        if (incoming.kind === "autocomplete") {
          await responder.autocomplete([]).catch(() => undefined);
          return;
        }
        const text = !unavailable
          ? FAILURE_MESSAGE
          : err instanceof StoreFullError
            ? STORE_FULL_MESSAGE
            : STORE_BUSY_MESSAGE;
        try {
          await responder.respond(privateError(text, unavailable ? "Not saved" : undefined));
        } catch (secondErr) {
          logger.warn({ command, err: secondErr }, "could not tell the user about the failure");
        }
      }
    },
  };
}

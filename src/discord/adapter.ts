/**
 * The thin discord.js side of the router: turns an Interaction into the router's Incoming, and
 * answers through the interaction (reply, defer + edit, update, modal, autocomplete), always
 * with a rendered payload and explicit allowed mentions.
 */
import {
  ApplicationCommandOptionType,
  DiscordAPIError,
  HTTPError,
  MessageFlags,
  MessagePayload,
  PermissionFlagsBits,
  type APIAllowedMentions,
  type CommandInteractionOption,
  type Interaction,
  type RepliableInteraction,
} from "discord.js";

import type { RawOptions } from "../command.js";
import type { Reply } from "../view.js";
import { renderModal, renderView, type RenderContext, type RenderedMessage } from "./render.js";
import { ReplyUndeliverable, type Incoming, type Invocation, type Responder } from "./router.js";

function flattenOptions(
  data: readonly CommandInteractionOption[],
  into: Record<string, unknown> = {},
): RawOptions {
  for (const option of data) {
    switch (option.type) {
      case ApplicationCommandOptionType.Subcommand:
        into.subcommand = option.name;
        flattenOptions(option.options ?? [], into);
        break;
      case ApplicationCommandOptionType.SubcommandGroup:
        into.subcommandGroup = option.name;
        flattenOptions(option.options ?? [], into);
        break;
      case ApplicationCommandOptionType.User:
        into[option.name] =
          option.user === undefined
            ? { id: String(option.value), username: "", bot: false }
            : { id: option.user.id, username: option.user.username, bot: option.user.bot };
        break;
      case ApplicationCommandOptionType.Channel:
        into[option.name] = { id: option.channel?.id ?? String(option.value), type: option.channel?.type };
        break;
      case ApplicationCommandOptionType.Role:
        into[option.name] = { id: option.role?.id ?? String(option.value), name: option.role?.name ?? "" };
        break;
      case ApplicationCommandOptionType.Mentionable:
        into[option.name] =
          option.user !== undefined
            ? { id: option.user.id, username: option.user.username, bot: option.user.bot }
            : { id: option.role?.id ?? String(option.value), name: option.role?.name ?? "" };
        break;
      case ApplicationCommandOptionType.Attachment:
        into[option.name] = {
          id: option.attachment?.id ?? String(option.value),
          url: option.attachment?.url,
          filename: option.attachment?.name,
          size: option.attachment?.size,
        };
        break;
      default:
        into[option.name] = option.value;
    }
  }
  return into;
}

function invocationOf(interaction: Interaction): Invocation {
  return {
    user: { id: interaction.user.id, username: interaction.user.username, bot: interaction.user.bot },
    guildId: interaction.guildId,
    channelId: interaction.channelId ?? "",
    can: (permission) => interaction.memberPermissions?.has(PermissionFlagsBits[permission]) ?? false,
  };
}

/** The router's view of an interaction, or undefined for kinds briefbot does not handle. */
export function toIncoming(interaction: Interaction): Incoming | undefined {
  const at = invocationOf(interaction);
  if (interaction.isChatInputCommand()) {
    return {
      kind: "command",
      at,
      name: interaction.commandName,
      options: flattenOptions(interaction.options.data),
    };
  }
  if (interaction.isMessageContextMenuCommand()) {
    const message = interaction.targetMessage;
    return {
      kind: "menu",
      at,
      name: interaction.commandName,
      target: { id: message.id, content: message.content, authorId: message.author.id },
    };
  }
  if (interaction.isAutocomplete()) {
    const focused = interaction.options.getFocused(true);
    return {
      kind: "autocomplete",
      at,
      name: interaction.commandName,
      options: flattenOptions(interaction.options.data),
      focused: { name: focused.name, value: focused.value },
    };
  }
  if (interaction.isMessageComponent()) {
    // An answer's title is its question, which the feedback buttons store with the vote.
    const messageTitle = interaction.message.embeds[0]?.title ?? undefined;
    return {
      kind: "component",
      at,
      customId: interaction.customId,
      messageId: interaction.message.id,
      ...(messageTitle === undefined ? {} : { messageTitle }),
      fields: {},
    };
  }
  if (interaction.isModalSubmit()) {
    const fields: Record<string, string> = {};
    for (const [customId, field] of interaction.fields.fields) {
      if ("value" in field && typeof field.value === "string") fields[customId] = field.value;
    }
    return {
      kind: "component",
      at,
      customId: interaction.customId,
      messageId: interaction.message?.id ?? "",
      fields,
    };
  }
  if (interaction.isCommand()) {
    // Context-menu commands: none are registered, so route by name and let the router say so.
    return { kind: "command", at, name: interaction.commandName, options: {} };
  }
  return undefined;
}

function mentionsOf(rendered: RenderedMessage): APIAllowedMentions {
  const allow = rendered.allowed_mentions;
  if (allow.users === undefined && allow.roles === undefined) return { parse: [] };
  return {
    parse: [],
    ...(allow.users === undefined ? {} : { users: [...allow.users] }),
    ...(allow.roles === undefined ? {} : { roles: [...allow.roles] }),
  };
}

/**
 * Our rendered message is already Discord's wire shape, so it goes out as a resolved
 * MessagePayload: discord.js sends `body` as it is instead of rebuilding it from options. That
 * rebuild (re-encoding every embed and component, and `require()` calls on each reply to tell
 * webhooks and messages apart) was a tenth of the per-reply CPU under a burst of 1,000.
 * Ephemerality, when given, is the only flag.
 */
function payloadOf(interaction: RepliableInteraction, rendered: RenderedMessage, ephemeral?: boolean) {
  const payload = new MessagePayload(interaction, {});
  payload.body = {
    content: rendered.content ?? "",
    embeds: rendered.embeds,
    components: rendered.components,
    allowed_mentions: mentionsOf(rendered),
    ...(ephemeral === true ? { flags: MessageFlags.Ephemeral } : {}),
    ...(rendered.files === undefined
      ? {}
      : {
          attachments: rendered.files.map((file, id) => ({
            id,
            filename: file.name,
            description: file.description,
          })),
        }),
  };
  // @discordjs/rest uploads these as files[0], files[1]... which `attachments` names by index.
  payload.files = (rendered.files ?? []).map((file) => ({ name: file.name, data: Buffer.from(file.data) }));
  return payload;
}

/** Discord's codes for "this interaction can no longer be answered". */
const UNKNOWN_INTERACTION = 10062;
const ALREADY_ACKNOWLEDGED = 40060;
const NETWORK_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * Whether a failed reply could never have reached the user (expired token, network down, Discord
 * failing after @discordjs/rest's own retries), as opposed to a payload Discord rejected.
 */
function isUndeliverable(error: unknown): boolean {
  if (error instanceof DiscordAPIError) {
    return error.code === UNKNOWN_INTERACTION || error.code === ALREADY_ACKNOWLEDGED || error.status >= 500;
  }
  if (error instanceof HTTPError) return error.status >= 500;
  // Network failures: undici's socket errors, resets, timeouts and aborts.
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    error.name === "AbortError" ||
    (typeof code === "string" && (code.startsWith("UND_ERR") || NETWORK_ERROR_CODES.has(code)))
  );
}

/** A failed reply as the router sees it: ReplyUndeliverable when it could never have reached the user. */
function deliveryError(error: unknown): unknown {
  if (!isUndeliverable(error)) return error;
  return new ReplyUndeliverable(error instanceof Error ? error.message : String(error), { cause: error });
}

const done = (): void => undefined;
const rejectAsDelivery = (error: unknown): never => {
  throw deliveryError(error);
};

/**
 * Settles when a sending step has: failures that never reached the user become
 * ReplyUndeliverable. One `then` rather than another async wrapper, as this runs on every reply.
 */
const deliver = (sending: Promise<unknown>): Promise<void> => sending.then(done, rejectAsDelivery);

/** Answers one interaction; knows whether it has been deferred or replied to already. */
export function interactionResponder(interaction: Interaction, render: RenderContext): Responder {
  const responder: Responder = {
    async defer(ephemeral) {
      if (!interaction.isRepliable() || interaction.deferred || interaction.replied) return;
      await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    },

    async respond(reply: Reply) {
      if (!interaction.isRepliable()) return;
      if (reply.kind === "modal") {
        const canShow = !interaction.deferred && !interaction.replied && "showModal" in interaction;
        if (canShow) {
          await interaction.showModal(renderModal(reply.modal));
          return;
        }
        throw new Error("a modal can only be the first response to an interaction");
      }
      const rendered = renderView(reply.view, render);
      if (
        reply.kind === "update" &&
        interaction.isMessageComponent() &&
        !interaction.deferred &&
        !interaction.replied
      ) {
        await interaction.update(payloadOf(interaction, rendered));
        return;
      }
      const ephemeral = reply.kind === "message" && reply.ephemeral;
      if (interaction.deferred && !interaction.replied) {
        await interaction.editReply(payloadOf(interaction, rendered));
      } else if (interaction.replied) await interaction.followUp(payloadOf(interaction, rendered, ephemeral));
      else await interaction.reply(payloadOf(interaction, rendered, ephemeral));
    },

    async autocomplete(choices) {
      if (interaction.isAutocomplete() && !interaction.responded) await interaction.respond([...choices]);
    },
  };
  return {
    defer: (ephemeral) => deliver(responder.defer(ephemeral)),
    respond: (reply) => deliver(responder.respond(reply)),
    autocomplete: (choices) => deliver(responder.autocomplete(choices)),
  };
}

/**
 * Builders for complete INTERACTION_CREATE payloads, as Discord sends them to a bot in a guild.
 * discord.js throws before any handler runs when fields such as `entitlements` or
 * `authorizing_integration_owners` are missing, so every builder fills in the whole shape.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
} from "discord-api-types/v10";

import { interactionToken, snowflake } from "./snowflake.js";
import {
  botPermissionsIn,
  channelObject,
  memberObject,
  MEMBER_PERMISSIONS,
  type FakeChannel,
  type FakeGuild,
  type FakeUser,
  type Json,
} from "./world.js";

/** A user option is given as `{ user }`; everything else by its plain value. */
export type OptionValue =
  | string
  | number
  | boolean
  | { readonly user: FakeUser }
  /** An uploaded file: an attachment object from fake.attachments.upload(). */
  | { readonly attachment: Json };

export interface CommandInput {
  readonly subcommandGroup?: string;
  readonly subcommand?: string;
  readonly options?: Readonly<Record<string, OptionValue>>;
}

/** Where and by whom an interaction happens; the fake's defaults fill what is left out. */
export interface InteractionScope {
  readonly applicationId: string;
  readonly bot: FakeUser;
  readonly guild: FakeGuild;
  readonly channel: FakeChannel;
  readonly user: FakeUser;
  /** The invoking member's permissions in the channel. */
  readonly permissions?: bigint;
  readonly locale?: string;
}

/** Discord's interaction payload version: always 1. */
const INTERACTION_VERSION = 1;
/** Upload limit Discord reports for an unboosted guild (8 MiB in 2025's API; only echoed). */
const ATTACHMENT_SIZE_LIMIT = 8 * 1024 * 1024;
/** Interaction context "guild" and integration type "guild install". */
const GUILD_CONTEXT = 0;
const GUILD_INSTALL = "0";

function optionType(value: OptionValue): ApplicationCommandOptionType {
  if (typeof value === "string") return ApplicationCommandOptionType.String;
  if (typeof value === "boolean") return ApplicationCommandOptionType.Boolean;
  if (typeof value === "number") {
    return Number.isInteger(value)
      ? ApplicationCommandOptionType.Integer
      : ApplicationCommandOptionType.Number;
  }
  return "attachment" in value ? ApplicationCommandOptionType.Attachment : ApplicationCommandOptionType.User;
}

function commandData(name: string, commandId: string, input: CommandInput, focused?: string): Json {
  const users: Record<string, FakeUser> = {};
  const members: Record<string, Json> = {};
  const attachments: Record<string, Json> = {};
  const leaves = Object.entries(input.options ?? {}).map(([optionName, value]) => {
    const type = optionType(value);
    if (typeof value === "object" && "attachment" in value) {
      const id = String(value.attachment.id);
      attachments[id] = value.attachment;
      return { name: optionName, type, value: id };
    }
    const plain = typeof value === "object" ? value.user.id : value;
    if (typeof value === "object") {
      users[value.user.id] = value.user;
      // Resolved members carry no user (it is in resolved.users) but do carry permissions.
      const member: Json = { ...memberObject(value.user, []), permissions: MEMBER_PERMISSIONS.toString() };
      delete member.user;
      members[value.user.id] = member;
    }
    return { name: optionName, type, value: plain, ...(optionName === focused ? { focused: true } : {}) };
  });
  let options: Json[] = leaves;
  if (input.subcommand !== undefined) {
    options = [{ name: input.subcommand, type: ApplicationCommandOptionType.Subcommand, options }];
  }
  if (input.subcommandGroup !== undefined) {
    options = [{ name: input.subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options }];
  }
  const hasUsers = Object.keys(users).length > 0;
  const hasAttachments = Object.keys(attachments).length > 0;
  return {
    id: commandId,
    name,
    type: ApplicationCommandType.ChatInput,
    options,
    ...(hasUsers || hasAttachments
      ? { resolved: { ...(hasUsers ? { users, members } : {}), ...(hasAttachments ? { attachments } : {}) } }
      : {}),
  };
}

function base(scope: InteractionScope, type: InteractionType, data: Json): Json {
  const permissions = scope.permissions ?? MEMBER_PERMISSIONS;
  return {
    id: snowflake(),
    application_id: scope.applicationId,
    type,
    data,
    guild: { id: scope.guild.id, locale: "en-US", features: [] },
    guild_id: scope.guild.id,
    channel: { ...channelObject(scope.channel, scope.bot), permissions: permissions.toString() },
    channel_id: scope.channel.id,
    member: { ...memberObject(scope.user, []), permissions: permissions.toString() },
    token: interactionToken(),
    version: INTERACTION_VERSION,
    app_permissions: botPermissionsIn(scope.channel).toString(),
    locale: scope.locale ?? "en-US",
    guild_locale: "en-US",
    entitlements: [],
    authorizing_integration_owners: { [GUILD_INSTALL]: scope.guild.id },
    context: GUILD_CONTEXT,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
}

export function slashCommandPayload(
  scope: InteractionScope,
  name: string,
  commandId: string,
  input: CommandInput = {},
): Json {
  return base(scope, InteractionType.ApplicationCommand, commandData(name, commandId, input));
}

/**
 * A message context-menu command ("Apps → <name>") used on `message`, which Discord sends whole in
 * `data.resolved.messages`, text included, whatever the bot's intents.
 */
export function messageMenuPayload(
  scope: InteractionScope,
  name: string,
  commandId: string,
  message: Json,
): Json {
  const targetId = String(message.id);
  return base(scope, InteractionType.ApplicationCommand, {
    id: commandId,
    name,
    type: ApplicationCommandType.Message,
    target_id: targetId,
    resolved: { messages: { [targetId]: message } },
  });
}

/** Autocomplete for the option named `focused`, whose partial text is its value in `input.options`. */
export function autocompletePayload(
  scope: InteractionScope,
  name: string,
  commandId: string,
  input: CommandInput & { readonly focused: string },
): Json {
  const options = { [input.focused]: "", ...input.options };
  return base(
    scope,
    InteractionType.ApplicationCommandAutocomplete,
    commandData(name, commandId, { ...input, options }, input.focused),
  );
}

/** A button press on `message` (a full message object, such as the fake returns for a reply). */
export function buttonPayload(scope: InteractionScope, customId: string, message: Json): Json {
  return {
    ...base(scope, InteractionType.MessageComponent, {
      component_type: ComponentType.Button,
      custom_id: customId,
    }),
    message,
  };
}

/** A modal submitted with text inputs `fields` (custom id to value). */
export function modalSubmitPayload(
  scope: InteractionScope,
  customId: string,
  fields: Readonly<Record<string, string>>,
  message?: Json,
): Json {
  const components = Object.entries(fields).map(([inputId, value]) => ({
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.TextInput, custom_id: inputId, value }],
  }));
  return {
    ...base(scope, InteractionType.ModalSubmit, { custom_id: customId, components }),
    ...(message === undefined ? {} : { message }),
  };
}

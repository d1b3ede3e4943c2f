/**
 * The contract between the router (Discord or console) and the command modules in commands/.
 * A command module is a plain object that `satisfies Command`, validated with zod at load.
 * Commands read parsed options, call the core, and return a Reply (plain data). They never
 * touch discord.js objects.
 */
import type {
  ApplicationCommandType,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import type { z } from "zod";

import type { CustomIdCodec, ArgValue } from "./customId.js";
import type { Services } from "./services.js";
import type { Reply } from "./view.js";

export interface Actor {
  readonly id: string;
  readonly username: string;
  readonly bot: boolean;
}

/** Permissions checked again at run time, named as in discord.js's PermissionFlagsBits. */
export type RuntimePermission = "ManageGuild" | "ManageMessages";

export interface CommandContext {
  readonly user: Actor;
  readonly guildId: string | null;
  readonly channelId: string;
  /** The invoking member's permissions in this channel (always true in the offline console). */
  can(permission: RuntimePermission): boolean;
  readonly services: Services;
}

export interface ComponentContext extends CommandContext {
  /** The message the component is on. */
  readonly messageId: string;
  /** That message's title (its first embed's), e.g. the question an answer was for. */
  readonly messageTitle?: string;
}

/**
 * Options flattened by the router into one object:
 * `{ subcommand?, subcommandGroup?, <name>: value }`, where a user option is
 * `{ id, username, bot }`, a channel `{ id, type }`, a role `{ id, name }`.
 * Each command parses this with its own zod schema.
 */
export type RawOptions = Readonly<Record<string, unknown>>;

export interface AutocompleteChoice {
  readonly name: string;
  readonly value: string;
}

export interface FocusedOption {
  readonly name: string;
  readonly value: string;
}

/** A button or modal handler with its argument types erased, so commands can list several. */
export interface ComponentRoute {
  readonly namespace: string;
  /**
   * Returns undefined when the custom id does not decode (forged or stale); the router then
   * answers privately that the control has expired. `fields` holds modal inputs by custom id.
   */
  handle(
    ctx: ComponentContext,
    customId: string,
    fields: Readonly<Record<string, string>>,
  ): Promise<Reply> | Reply | undefined;
}

export function defineComponent<Args extends readonly ArgValue[]>(
  codec: CustomIdCodec<Args>,
  handle: (
    ctx: ComponentContext,
    args: Args,
    fields: Readonly<Record<string, string>>,
  ) => Promise<Reply> | Reply,
): ComponentRoute {
  return {
    namespace: codec.namespace,
    handle(ctx, customId, fields) {
      const args = codec.decode(customId);
      return args === undefined ? undefined : handle(ctx, args, fields);
    },
  };
}

/** The message a message context menu (a message's "Apps" menu) was used on. */
export interface TargetMessage {
  readonly id: string;
  /** Its text; embeds and attachments are not read. */
  readonly content: string;
  readonly authorId: string;
}

/** A message context-menu command: no options, just the message it was used on. */
export interface MessageMenu {
  readonly data: RESTPostAPIContextMenuApplicationCommandsJSONBody & {
    readonly type: ApplicationCommandType.Message;
  };
  /** For /help: Discord shows context menus by name only. */
  readonly description: string;
  execute(ctx: CommandContext, target: TargetMessage): Promise<Reply> | Reply;
}

export interface Command<Options = unknown> {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  readonly options: z.ZodType<Options>;
  /**
   * Set when the handler may take longer than Discord's 3 s: the router defers first
   * (with this ephemerality), then edits the reply in. Undefined: these options need no defer.
   */
  readonly defer?: (options: Options) => { ephemeral: boolean } | undefined;
  execute(ctx: CommandContext, options: Options): Promise<Reply> | Reply;
  /** Must answer fast and never defer; the router caps the count and lengths. */
  autocomplete?(
    ctx: CommandContext,
    focused: FocusedOption,
    options: RawOptions,
  ): Promise<readonly AutocompleteChoice[]> | readonly AutocompleteChoice[];
  /** Buttons and modals this command owns, routed by custom-id namespace. */
  readonly components?: readonly ComponentRoute[];
  /** Message context menus that do this command's job on an existing message. */
  readonly menus?: readonly MessageMenu[];
}

/** Helper that keeps a command's option types tied to its schema. */
export function defineCommand<Options>(command: Command<Options>): Command<Options> {
  return command;
}

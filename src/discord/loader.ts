/**
 * Loads every command module in commands/ and validates each with zod. A broken module stops
 * start-up with an error naming its file; nothing is ever skipped silently.
 */
import { readdirSync } from "node:fs";
import { basename, extname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";

import {
  ApplicationCommandType,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";

import type { Command, ComponentRoute, MessageMenu } from "../command.js";
import { COMMAND_DESCRIPTION_MAX, COMMAND_NAME_MAX } from "./limits.js";

export const DEFAULT_COMMANDS_DIR = join(import.meta.dirname, "..", "..", "commands");

/** Discord allows at most this many options (or subcommands) on one command or subcommand. */
const OPTIONS_PER_COMMAND_MAX = 25;
/** Discord's limit on the choices a string option may declare. */
const OPTION_CHOICES_MAX = 25;

export interface LoadedCommands {
  readonly list: readonly Command[];
  get(name: string): Command | undefined;
  /** The button/modal route owning a custom-id namespace. */
  component(namespace: string): ComponentRoute | undefined;
  /** The slash commands' registration data. */
  readonly data: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
  /** The message context menus, and one by its name. */
  readonly menus: readonly MessageMenu[];
  menu(name: string): MessageMenu | undefined;
  /** Everything deploy registers: the slash commands, then the context menus. */
  readonly registrations: readonly RESTPostAPIApplicationCommandsJSONBody[];
}

export class CommandLoadError extends Error {
  override readonly name = "CommandLoadError";
}

const nameSchema = z
  .string({ error: "must be a string" })
  .regex(new RegExp(`^[-_\\p{Ll}\\p{N}]{1,${COMMAND_NAME_MAX}}$`, "u"), {
    error: `must be 1 to ${COMMAND_NAME_MAX} lowercase letters, digits, - or _`,
  });
const descriptionSchema = z
  .string({ error: "must be a string" })
  .min(1, { error: "must not be empty" })
  .max(COMMAND_DESCRIPTION_MAX, { error: `must be at most ${COMMAND_DESCRIPTION_MAX} characters` });

interface OptionShape {
  type: number;
  name: string;
  description: string;
  options?: OptionShape[] | undefined;
}

const optionSchema: z.ZodType<OptionShape> = z.looseObject({
  type: z.number({ error: "must be an option type number" }).int(),
  name: nameSchema,
  description: descriptionSchema,
  choices: z.array(z.unknown()).max(OPTION_CHOICES_MAX).optional(),
  get options() {
    return z.array(optionSchema).max(OPTIONS_PER_COMMAND_MAX).optional();
  },
});

const isFunction = (value: unknown): boolean => typeof value === "function";
const functionSchema = (what: string) =>
  z.custom<unknown>(isFunction, { error: `${what} must be a function` });

const commandSchema = z.looseObject({
  data: z.looseObject({
    name: nameSchema,
    description: descriptionSchema,
    options: z.array(optionSchema).max(OPTIONS_PER_COMMAND_MAX).optional(),
  }),
  options: z.custom<unknown>(
    (value) => typeof (value as { safeParse?: unknown } | null)?.safeParse === "function",
    { error: "options must be a zod schema" },
  ),
  execute: functionSchema("execute"),
  autocomplete: functionSchema("autocomplete").optional(),
  defer: functionSchema("defer").optional(),
  components: z
    .array(z.looseObject({ namespace: z.string().min(1), handle: functionSchema("handle") }))
    .optional(),
  menus: z
    .array(
      z.looseObject({
        data: z.looseObject({
          type: z.literal(ApplicationCommandType.Message, { error: "must be a message menu (type 3)" }),
          name: z
            .string({ error: "must be a string" })
            .trim()
            .min(1, { error: "must not be empty" })
            .max(COMMAND_NAME_MAX, { error: `must be at most ${COMMAND_NAME_MAX} characters` }),
        }),
        description: descriptionSchema,
        execute: functionSchema("execute"),
      }),
    )
    .optional(),
});

const MODULE_EXTENSIONS = new Set([".ts", ".js", ".mts", ".mjs"]);
const isCommandFile = (file: string) =>
  MODULE_EXTENSIONS.has(extname(file)) && !/\.(d|test|spec)\.[mc]?[jt]s$/.test(file);

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "is invalid";
  const path = issue.path.map(String).join(".");
  return path === "" ? issue.message : `${path}: ${issue.message}`;
}

/** Validates one module's default export; throws CommandLoadError naming `file`. */
export function validateCommandModule(file: string, module: unknown): Command {
  const exported = (module as { default?: unknown } | null)?.default;
  if (exported === undefined) throw new CommandLoadError(`${file}: has no default export (a Command object)`);
  const parsed = commandSchema.safeParse(exported);
  if (!parsed.success) throw new CommandLoadError(`${file}: ${describeIssue(parsed.error)}`);
  const command = exported as Command;
  const stem = basename(file, extname(file));
  if (command.data.name !== stem) {
    throw new CommandLoadError(`${file}: data.name "${command.data.name}" does not match the file name`);
  }
  return command;
}

/** Builds the lookup tables, rejecting duplicate names and namespaces. */
export function indexCommands(entries: readonly { file: string; command: Command }[]): LoadedCommands {
  const byName = new Map<string, Command>();
  const byNamespace = new Map<string, { file: string; route: ComponentRoute }>();
  const menus = new Map<string, MessageMenu>();
  for (const { file, command } of entries) {
    for (const menu of command.menus ?? []) {
      if (menus.has(menu.data.name)) {
        throw new CommandLoadError(`${file}: a message menu named "${menu.data.name}" is already loaded`);
      }
      menus.set(menu.data.name, menu);
    }
    if (byName.has(command.data.name)) {
      throw new CommandLoadError(`${file}: a command named "${command.data.name}" is already loaded`);
    }
    byName.set(command.data.name, command);
    for (const route of command.components ?? []) {
      const owner = byNamespace.get(route.namespace);
      if (owner !== undefined) {
        throw new CommandLoadError(
          `${file}: custom-id namespace "${route.namespace}" is already used by ${owner.file}`,
        );
      }
      byNamespace.set(route.namespace, { file, route });
    }
  }
  const list = [...byName.values()];
  return {
    list,
    get: (name) => byName.get(name),
    component: (namespace) => byNamespace.get(namespace)?.route,
    data: list.map((command) => command.data),
    menus: [...menus.values()],
    menu: (name) => menus.get(name),
    registrations: [...list.map((command) => command.data), ...[...menus.values()].map((menu) => menu.data)],
  };
}

/** Imports and validates every command module in `dir`, in file-name order. */
export async function loadCommands(dir: string = DEFAULT_COMMANDS_DIR): Promise<LoadedCommands> {
  let files: string[];
  try {
    files = readdirSync(dir).filter(isCommandFile).sort();
  } catch (error) {
    throw new CommandLoadError(`${dir}: cannot read the commands folder (${(error as Error).message})`);
  }
  if (files.length === 0) throw new CommandLoadError(`${dir}: no command modules found`);
  const shown = (file: string) => relative(process.cwd(), join(dir, file)) || file;
  const entries: { file: string; command: Command }[] = [];
  for (const file of files) {
    let module: unknown;
    try {
      module = await import(pathToFileURL(join(dir, file)).href);
    } catch (error) {
      throw new CommandLoadError(
        `${shown(file)}: failed to load (${(error as Error).message.split("\n")[0] ?? ""})`,
      );
    }
    entries.push({ file: shown(file), command: validateCommandModule(shown(file), module) });
  }
  return indexCommands(entries);
}

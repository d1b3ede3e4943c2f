/**
 * Turns a console line such as `/ask question: what share of GDP?`, `/ask what share of GDP?`
 * or `/briefing source paragraph: 4` into a command name and the same flattened options the
 * Discord adapter produces, using each command's own registration data.
 */
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
} from "discord-api-types/v10";

import type { RawOptions } from "../command.js";
import type { LoadedCommands } from "../discord/loader.js";

export type ParsedLine =
  | { readonly kind: "empty" }
  | { readonly kind: "press"; readonly number: number }
  | { readonly kind: "command"; readonly name: string; readonly options: RawOptions }
  /** `Ask briefbot: <message text>`: a message context menu used on a message with that text. */
  | { readonly kind: "menu"; readonly name: string; readonly content: string }
  | { readonly kind: "hint"; readonly message: string };

export const GENERAL_HINT =
  "Type a command such as /ask what share of GDP? or /help; type a number to press a button.";

/** Stand-in ids for users named in console options (`mention: @sam`), stable per name. */
function fakeUserId(name: string): string {
  let hash = 0n;
  for (const char of name) hash = (hash * 131n + BigInt(char.codePointAt(0) ?? 0)) % 10n ** 17n;
  return (2n * 10n ** 17n + hash).toString();
}

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "on"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "off"]);

function convert(option: APIApplicationCommandBasicOption, text: string): unknown {
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case ApplicationCommandOptionType.Number:
      return text !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
    case ApplicationCommandOptionType.Boolean: {
      const word = text.toLowerCase();
      return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : text;
    }
    case ApplicationCommandOptionType.User: {
      const id = /^<@!?(\d{17,20})>$/.exec(text)?.[1];
      const username = text.replace(/^@/, "");
      return { id: id ?? fakeUserId(username), username, bot: false };
    }
    case ApplicationCommandOptionType.Channel:
      return { id: /\d{17,20}/.exec(text)?.[0] ?? text, type: 0 };
    case ApplicationCommandOptionType.Role:
      return { id: /\d{17,20}/.exec(text)?.[0] ?? text, name: text.replace(/^@/, "") };
    case ApplicationCommandOptionType.Attachment:
      // The console has no uploads: a local file stands in for one.
      return { path: text };
    default:
      return text;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `name: value` pairs for the known option names; leading text with no name is returned as `bare`. */
function splitOptions(
  text: string,
  options: readonly APIApplicationCommandBasicOption[],
): { bare: string; pairs: [APIApplicationCommandBasicOption, string][] } {
  if (options.length === 0) return { bare: text.trim(), pairs: [] };
  const names = options.map((option) => escapeRegExp(option.name)).join("|");
  const marker = new RegExp(`(?:^|\\s)(${names}):`, "gi");
  const matches = [...text.matchAll(marker)];
  const bare = text.slice(0, matches[0]?.index ?? text.length).trim();
  const pairs: [APIApplicationCommandBasicOption, string][] = [];
  matches.forEach((match, index) => {
    const option = options.find((candidate) => candidate.name.toLowerCase() === match[1]?.toLowerCase());
    const start = match.index + match[0].length;
    const end = matches[index + 1]?.index ?? text.length;
    if (option !== undefined) pairs.push([option, text.slice(start, end).trim()]);
  });
  return { bare, pairs };
}

const isGroupOrSub = (option: APIApplicationCommandOption) =>
  option.type === ApplicationCommandOptionType.Subcommand ||
  option.type === ApplicationCommandOptionType.SubcommandGroup;

export function parseLine(line: string, commands: LoadedCommands): ParsedLine {
  const text = line.trim();
  if (text === "") return { kind: "empty" };
  if (/^\d+$/.test(text)) return { kind: "press", number: Number(text) };
  const colon = text.indexOf(":");
  const menu =
    colon < 0
      ? undefined
      : commands.menus.find((m) => m.data.name.toLowerCase() === text.slice(0, colon).trim().toLowerCase());
  if (menu !== undefined)
    return { kind: "menu", name: menu.data.name, content: text.slice(colon + 1).trim() };
  const head = /^\/([\w-]+)\s*(.*)$/s.exec(text);
  if (head === null) return { kind: "hint", message: GENERAL_HINT };
  const name = (head[1] ?? "").toLowerCase();
  let rest = head[2] ?? "";
  const command = commands.get(name);
  if (command === undefined)
    return { kind: "hint", message: `There is no /${name}. Type /help to see the commands.` };

  const flattened: Record<string, unknown> = {};
  let options: readonly APIApplicationCommandOption[] = command.data.options ?? [];
  let path = `/${name}`;
  while (options.some(isGroupOrSub)) {
    const word = /^(\S+)\s*(.*)$/s.exec(rest);
    const chosen = options.find((option) => option.name === word?.[1]?.toLowerCase());
    if (chosen === undefined || !isGroupOrSub(chosen)) {
      const choices = options.filter(isGroupOrSub).map((option) => option.name);
      return { kind: "hint", message: `${path} needs one of: ${choices.join(", ")}.` };
    }
    if (chosen.type === ApplicationCommandOptionType.SubcommandGroup) flattened.subcommandGroup = chosen.name;
    else flattened.subcommand = chosen.name;
    path = `${path} ${chosen.name}`;
    rest = word?.[2] ?? "";
    options = chosen.options ?? [];
  }

  const leaves = options.filter(
    (option): option is APIApplicationCommandBasicOption => !isGroupOrSub(option),
  );
  // An attachment is given as `path: ./file.md` (or by its own name).
  const paths = leaves
    .filter((option) => option.type === ApplicationCommandOptionType.Attachment)
    .map((option) => ({ ...option, name: "path" }));
  const attachmentOf = (option: APIApplicationCommandBasicOption) =>
    option.name === "path" && option.type === ApplicationCommandOptionType.Attachment
      ? (leaves.find((leaf) => leaf.type === ApplicationCommandOptionType.Attachment) ?? option)
      : option;
  const { bare, pairs } = splitOptions(rest, [...leaves, ...paths]);
  for (const [option, value] of pairs) flattened[attachmentOf(option).name] = convert(option, value);
  if (bare !== "") {
    const target = leaves.find((option) => option.required === true) ?? leaves[0];
    if (target === undefined || target.name in flattened) {
      return { kind: "hint", message: `${path} does not take "${bare}". Type /help to see its options.` };
    }
    flattened[target.name] = convert(target, bare);
  }
  return { kind: "command", name, options: flattened };
}

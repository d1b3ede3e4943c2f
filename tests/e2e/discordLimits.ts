/**
 * Checks what the bot sent against Discord's hard limits (DESIGN.md §4), the way Discord would
 * reject it. Every e2e test runs this over every recorded request: `assertWithinLimits(fake)`.
 */
import { ApplicationCommandType, InteractionResponseType } from "discord-api-types/v10";

import {
  ACTION_ROWS_MAX,
  AUTOCOMPLETE_CHOICES_MAX,
  AUTOCOMPLETE_NAME_MAX,
  AUTOCOMPLETE_VALUE_MAX,
  BUTTON_LABEL_MAX,
  BUTTONS_PER_ROW_MAX,
  COMMAND_DESCRIPTION_MAX,
  COMMAND_NAME_MAX,
  CUSTOM_ID_MAX_LENGTH,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FIELDS_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBED_TOTAL_MAX,
  MESSAGE_CONTENT_MAX,
  MODAL_INPUTS_MAX,
  MODAL_TITLE_MAX,
} from "../../src/discord/limits.js";
import type { FakeDiscord, RecordedRequest } from "./fakeDiscord.js";

/** Discord's other limits that src/discord/limits.ts has no name for yet. */
const EMBEDS_PER_MESSAGE_MAX = 10;
const EMBED_AUTHOR_NAME_MAX = 256;
const OPTIONS_PER_COMMAND_MAX = 25;
const CHOICES_PER_OPTION_MAX = 25;
/** Button style 5 is a link (url, no custom_id); 6 is a premium button (sku_id, no custom_id). */
const BUTTON_STYLES_WITHOUT_CUSTOM_ID = new Set([5, 6]);
/** Component types: 1 action row, 2 button; anything else in a row (selects) has a custom_id too. */
const ACTION_ROW = 1;
const BUTTON = 2;
/** Command and option names: lowercase letters, digits, - and _, 1 to 32 characters. */
const COMMAND_NAME = new RegExp(`^[-_\\p{Ll}\\p{N}]{1,${COMMAND_NAME_MAX}}$`, "u");

type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
const text = (value: unknown): string => (typeof value === "string" ? value : "");
/** UTF-16 length, as discord.js's embedLength counts: never less than Discord's own count. */
const length = (value: unknown): number => text(value).length;

function tooLong(problems: string[], where: string, value: unknown, max: number): void {
  const size = length(value);
  if (size > max) problems.push(`${where} is ${size} characters (max ${max})`);
}

function checkEmbeds(problems: string[], embeds: unknown): void {
  const all = list(embeds);
  if (all.length > EMBEDS_PER_MESSAGE_MAX)
    problems.push(`${all.length} embeds (max ${EMBEDS_PER_MESSAGE_MAX})`);
  let total = 0;
  all.forEach((raw, index) => {
    const embed = isJson(raw) ? raw : {};
    const where = `embed ${index}`;
    tooLong(problems, `${where} title`, embed.title, EMBED_TITLE_MAX);
    tooLong(problems, `${where} description`, embed.description, EMBED_DESCRIPTION_MAX);
    const footer = isJson(embed.footer) ? embed.footer.text : undefined;
    const author = isJson(embed.author) ? embed.author.name : undefined;
    tooLong(problems, `${where} footer`, footer, EMBED_FOOTER_MAX);
    tooLong(problems, `${where} author`, author, EMBED_AUTHOR_NAME_MAX);
    total += length(embed.title) + length(embed.description) + length(footer) + length(author);
    const fields = list(embed.fields);
    if (fields.length > EMBED_FIELDS_MAX)
      problems.push(`${where} has ${fields.length} fields (max ${EMBED_FIELDS_MAX})`);
    fields.forEach((rawField, fieldIndex) => {
      const field = isJson(rawField) ? rawField : {};
      const fieldWhere = `${where} field ${fieldIndex}`;
      if (length(field.name) === 0) problems.push(`${fieldWhere} name is empty`);
      if (length(field.value) === 0) problems.push(`${fieldWhere} value is empty`);
      tooLong(problems, `${fieldWhere} name`, field.name, EMBED_FIELD_NAME_MAX);
      tooLong(problems, `${fieldWhere} value`, field.value, EMBED_FIELD_VALUE_MAX);
      total += length(field.name) + length(field.value);
    });
  });
  if (total > EMBED_TOTAL_MAX) problems.push(`embeds total ${total} characters (max ${EMBED_TOTAL_MAX})`);
}

function checkCustomId(problems: string[], where: string, customId: unknown): void {
  const size = length(customId);
  if (size < 1 || size > CUSTOM_ID_MAX_LENGTH) {
    problems.push(`${where} custom_id has ${size} characters (1 to ${CUSTOM_ID_MAX_LENGTH})`);
  }
}

function checkComponents(problems: string[], components: unknown): void {
  const rows = list(components);
  if (rows.length > ACTION_ROWS_MAX) problems.push(`${rows.length} action rows (max ${ACTION_ROWS_MAX})`);
  rows.forEach((rawRow, rowIndex) => {
    const row = isJson(rawRow) ? rawRow : {};
    if (row.type !== ACTION_ROW) problems.push(`row ${rowIndex} is not an action row`);
    const items = list(row.components);
    if (items.length > BUTTONS_PER_ROW_MAX) {
      problems.push(`row ${rowIndex} has ${items.length} components (max ${BUTTONS_PER_ROW_MAX})`);
    }
    items.forEach((rawItem, itemIndex) => {
      const item = isJson(rawItem) ? rawItem : {};
      const where = `row ${rowIndex} component ${itemIndex}`;
      if (item.type === BUTTON) {
        tooLong(problems, `${where} label`, item.label, BUTTON_LABEL_MAX);
        if (BUTTON_STYLES_WITHOUT_CUSTOM_ID.has(item.style as number)) return;
      }
      checkCustomId(problems, where, item.custom_id);
    });
  });
}

/** A message body: content, embeds and components, and allowed_mentions whenever it says anything. */
export function messageViolations(body: unknown): string[] {
  const problems: string[] = [];
  const message = isJson(body) ? body : {};
  tooLong(problems, "content", message.content, MESSAGE_CONTENT_MAX);
  checkEmbeds(problems, message.embeds);
  checkComponents(problems, message.components);
  const saysSomething = length(message.content) > 0 || list(message.embeds).length > 0;
  if (saysSomething && !isJson(message.allowed_mentions)) problems.push("allowed_mentions is missing");
  return problems;
}

export function choicesViolations(data: unknown): string[] {
  const problems: string[] = [];
  const choices = list(isJson(data) ? data.choices : undefined);
  if (choices.length > AUTOCOMPLETE_CHOICES_MAX) {
    problems.push(`${choices.length} choices (max ${AUTOCOMPLETE_CHOICES_MAX})`);
  }
  choices.forEach((raw, index) => {
    const choice = isJson(raw) ? raw : {};
    const name = length(choice.name);
    if (name < 1 || name > AUTOCOMPLETE_NAME_MAX)
      problems.push(`choice ${index} name has ${name} characters`);
    const value = typeof choice.value === "string" ? length(choice.value) : 1;
    if (value > AUTOCOMPLETE_VALUE_MAX) problems.push(`choice ${index} value has ${value} characters`);
  });
  return problems;
}

function modalViolations(data: unknown): string[] {
  const problems: string[] = [];
  const modal = isJson(data) ? data : {};
  tooLong(problems, "modal title", modal.title, MODAL_TITLE_MAX);
  checkCustomId(problems, "modal", modal.custom_id);
  const rows = list(modal.components);
  if (rows.length > MODAL_INPUTS_MAX)
    problems.push(`modal has ${rows.length} rows (max ${MODAL_INPUTS_MAX})`);
  return problems;
}

function commandViolations(body: unknown): string[] {
  const problems: string[] = [];
  const checkNamed = (where: string, raw: unknown, depth: number) => {
    const entry = isJson(raw) ? raw : {};
    const name = text(entry.name);
    if (!COMMAND_NAME.test(name))
      problems.push(`${where} name ${JSON.stringify(name)} is not a valid command name`);
    const description = length(entry.description);
    if (description < 1 || description > COMMAND_DESCRIPTION_MAX) {
      problems.push(`${where} description has ${description} characters (1 to ${COMMAND_DESCRIPTION_MAX})`);
    }
    const options = list(entry.options);
    if (options.length > OPTIONS_PER_COMMAND_MAX) problems.push(`${where} has ${options.length} options`);
    if (list(entry.choices).length > CHOICES_PER_OPTION_MAX) problems.push(`${where} has too many choices`);
    if (depth < 3)
      options.forEach((option, index) => {
        checkNamed(`${where} option ${index}`, option, depth + 1);
      });
  };
  // Context menus (user 2, message 3) have a display name of 1 to 32 characters of any case,
  // with spaces, and neither description nor options.
  const checkMenu = (where: string, entry: Json) => {
    const name = text(entry.name);
    if (name.trim().length < 1 || name.length > COMMAND_NAME_MAX)
      problems.push(`${where} menu name ${JSON.stringify(name)} is not 1 to ${COMMAND_NAME_MAX} characters`);
    if (length(entry.description) > 0) problems.push(`${where} is a context menu with a description`);
    if (list(entry.options).length > 0) problems.push(`${where} is a context menu with options`);
  };
  list(body).forEach((command, index) => {
    const entry = isJson(command) ? command : {};
    if (entry.type === ApplicationCommandType.User || entry.type === ApplicationCommandType.Message) {
      checkMenu(`command ${index}`, entry);
    } else checkNamed(`command ${index}`, command, 0);
  });
  return problems;
}

/** Every limit the request breaks, each prefixed with where it was sent; [] when it is fine. */
export function limitViolations(request: RecordedRequest): string[] {
  const where = `${request.method} ${request.path.replace(/\/[\w-]{60,}/g, "/:token")}`;
  let problems: string[] = [];
  switch (request.route) {
    case "interaction-callback": {
      const body = isJson(request.body) ? request.body : {};
      if (body.type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
        problems = choicesViolations(body.data);
      } else if (body.type === InteractionResponseType.Modal) {
        problems = modalViolations(body.data);
      } else if (body.data !== undefined) {
        problems = messageViolations(body.data);
      }
      break;
    }
    case "webhook-message-edit":
    case "webhook-followup":
    case "channel-message-post":
    case "channel-message-edit":
      problems = messageViolations(request.body);
      break;
    case "commands-put":
      problems = commandViolations(request.body);
      break;
    default:
      break;
  }
  return problems.map((problem) => `${where}: ${problem}`);
}

/** Throws listing every limit broken by anything the bot sent to this fake. */
export function assertWithinLimits(fake: FakeDiscord): void {
  const problems = fake.requests.flatMap((request) => limitViolations(request));
  if (problems.length > 0) throw new Error(`Discord limits broken:\n${problems.join("\n")}`);
}

/**
 * View -> Discord message payload. The ONLY place embeds and components are built. Every limit
 * in limits.ts is enforced here, every quote is verified against its paragraph before it can
 * leave, and mentions stay inert unless the view names them.
 */
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  embedLength,
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  type APIModalInteractionResponseCallbackData,
} from "discord.js";

import type { KnowledgeBase } from "../knowledge/types.js";
import type { Logger } from "../log.js";
import type { ActionStyle, ModalView, QuoteBlock, Tone, View, ViewField, ViewFile } from "../view.js";
import {
  ATTACHMENT_DESCRIPTION_MAX,
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_MAX,
  ACTION_ROWS_MAX,
  BUTTON_LABEL_MAX,
  BUTTONS_PER_ROW_MAX,
  CUSTOM_ID_MAX_LENGTH,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FIELDS_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBED_TOTAL_MAX,
  MESSAGE_CONTENT_MAX,
  MODAL_INPUT_LABEL_MAX,
  MODAL_INPUTS_MAX,
  MODAL_TITLE_MAX,
  TEXT_INPUT_PLACEHOLDER_MAX,
  TEXT_INPUT_VALUE_MAX,
} from "./limits.js";
import { citationLine, isVerified, UNVERIFIED_QUOTE_NOTICE } from "./quotes.js";
import {
  escapeMarkdown,
  neutralizeMentions,
  suppressLinkPreviews,
  truncate,
  type MentionAllowList,
} from "./text.js";

export interface RenderContext {
  readonly knowledge: KnowledgeBase;
  readonly logger?: Logger;
}

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowed_mentions: APIAllowedMentions;
  /** Uploaded with the message; `attachments` in the body refers to them by index. */
  files?: RenderedFile[];
}

export interface RenderedFile {
  readonly name: string;
  readonly data: Uint8Array;
  readonly description: string;
}

/** Files within Discord's limits: too many or too large ones are left out (and logged), never sent to fail. */
function renderFiles(files: readonly ViewFile[], logger: Logger | undefined): RenderedFile[] {
  const kept: RenderedFile[] = [];
  for (const file of files) {
    if (kept.length >= ATTACHMENTS_MAX || file.data.byteLength > ATTACHMENT_MAX_BYTES) {
      logger?.warn(
        { file: file.name, bytes: file.data.byteLength },
        "render: dropped a file over Discord's limits",
      );
      continue;
    }
    kept.push({
      name: file.name,
      data: file.data,
      description: truncate(file.description, ATTACHMENT_DESCRIPTION_MAX),
    });
  }
  return kept;
}

const TONE_COLORS: Record<Tone, number> = {
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  error: 0xed4245,
};

const BUTTON_STYLES: Record<ActionStyle, APIButtonComponentWithCustomId["style"]> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Discord rejects empty field names and values; this invisible character stands in. */
const BLANK = "\u200b";
/** A quote cut shorter than this is no longer worth showing: it is left out with a note instead. */
const MIN_QUOTE_CHARS = 40;

/** Text written by the bot (or echoing a user): inert mentions, no link previews. */
function botText(text: string, allow: MentionAllowList = {}): string {
  return suppressLinkPreviews(neutralizeMentions(text, allow));
}

/** A quote as a block quote with its citation line, cut (never beyond `max`) if it must be. */
function quoteMarkdown(block: QuoteBlock, context: RenderContext, max: number): string | undefined {
  const label = block.label === undefined ? "" : `**${escapeMarkdown(botText(block.label))}**\n`;
  const citation = citationLine(block.quote.citation, context.knowledge);
  const frame = label.length + "> ".length + 1 + citation.length;
  let room = max - frame;
  // Escaping and bold markers add characters, so shrink until the rendered text fits.
  for (let attempt = 0; attempt < 4; attempt++) {
    if (room < MIN_QUOTE_CHARS) return undefined;
    const shown = truncate(block.quote.text, room);
    const body = highlighted(shown, block.highlight).replace(/\n+/g, "\n> ");
    const text = `${label}> ${body}\n${citation}`;
    if (text.length <= max) return text;
    room -= text.length - max;
  }
  return undefined;
}

function highlighted(shown: string, highlight: QuoteBlock["highlight"]): string {
  if (highlight === undefined) return escapeMarkdown(shown);
  const start = Math.max(0, Math.min(highlight.start, shown.length));
  const end = Math.max(start, Math.min(highlight.end, shown.length));
  if (end === start) return escapeMarkdown(shown);
  return `${escapeMarkdown(shown.slice(0, start))}**${escapeMarkdown(shown.slice(start, end))}**${escapeMarkdown(shown.slice(end))}`;
}

/**
 * Joins the bot's own text and quote blocks into one markdown string of at most `max`
 * characters. Quotes are verified first; one that fails is replaced by a notice.
 */
function composeBody(
  text: string | undefined,
  quotes: readonly QuoteBlock[],
  context: RenderContext,
  max: number,
): string {
  const parts: string[] = [];
  let used = 0;
  const separator = "\n\n";
  const room = () => max - used - (parts.length > 0 ? separator.length : 0);
  const push = (part: string) => {
    used += part.length + (parts.length > 0 ? separator.length : 0);
    parts.push(part);
  };

  if (text !== undefined && text.trim() !== "") {
    // Leave room for at least one quote when there are quotes to show.
    const textMax = quotes.length > 0 ? Math.max(max - 600, Math.floor(max / 2)) : max;
    push(truncate(botText(text), textMax));
  }
  let leftOut = 0;
  for (const block of quotes) {
    if (!isVerified(block.quote, context.knowledge)) {
      context.logger?.warn(
        { citation: block.quote.citation },
        "render: dropped a quote that failed verification",
      );
      if (room() >= UNVERIFIED_QUOTE_NOTICE.length) push(UNVERIFIED_QUOTE_NOTICE);
      continue;
    }
    const markdown = quoteMarkdown(block, context, room());
    if (markdown === undefined) leftOut++;
    else push(markdown);
  }
  if (leftOut > 0) {
    const note = `(${leftOut} more quote${leftOut === 1 ? "" : "s"} left out to fit.)`;
    if (room() >= note.length) push(note);
  }
  return parts.join(separator);
}

function renderField(field: ViewField, context: RenderContext): APIEmbedField {
  const quotes = (field.quotes ?? []).map((quote) => ({ quote }));
  const value = composeBody(field.text, quotes, context, EMBED_FIELD_VALUE_MAX);
  const name = truncate(botText(field.name).trim(), EMBED_FIELD_NAME_MAX);
  return {
    name: name === "" ? BLANK : name,
    value: value === "" ? BLANK : value,
    ...(field.inline === undefined ? {} : { inline: field.inline }),
  };
}

function renderEmbed(view: View, context: RenderContext): APIEmbed | undefined {
  const hasBody =
    view.title !== undefined ||
    view.description !== undefined ||
    (view.quotes?.length ?? 0) > 0 ||
    (view.fields?.length ?? 0) > 0 ||
    view.footer !== undefined;
  if (!hasBody) return undefined;

  const embed: APIEmbed = {};
  if (view.tone !== undefined) embed.color = TONE_COLORS[view.tone];
  const title = view.title === undefined ? "" : truncate(botText(view.title).trim(), EMBED_TITLE_MAX);
  if (title !== "") embed.title = title;
  const description = composeBody(view.description, view.quotes ?? [], context, EMBED_DESCRIPTION_MAX);
  if (description !== "") embed.description = description;
  const fields = (view.fields ?? []).slice(0, EMBED_FIELDS_MAX).map((field) => renderField(field, context));
  if (fields.length > 0) embed.fields = fields;
  const footer = view.footer === undefined ? "" : truncate(botText(view.footer).trim(), EMBED_FOOTER_MAX);
  if (footer !== "") embed.footer = { text: footer };

  fitTotal(embed);
  if (embed.title === undefined && embed.description === undefined && embed.fields === undefined) {
    // Discord rejects an embed with nothing but a footer or colour.
    embed.description = BLANK;
  }
  return embed;
}

/** Keeps the embed within Discord's 6000-character total: later fields go first, then the description shrinks. */
function fitTotal(embed: APIEmbed): void {
  while (embedLength(embed) > EMBED_TOTAL_MAX && embed.fields !== undefined && embed.fields.length > 0) {
    embed.fields.pop();
    if (embed.fields.length === 0) delete embed.fields;
  }
  const over = embedLength(embed) - EMBED_TOTAL_MAX;
  if (over > 0 && embed.description !== undefined) {
    embed.description = truncate(embed.description, Math.max(1, embed.description.length - over));
  }
  if (embedLength(embed) > EMBED_TOTAL_MAX && embed.footer !== undefined) delete embed.footer;
}

function renderComponents(view: View, logger: Logger | undefined): ButtonRow[] {
  const rows: ButtonRow[] = [];
  if (view.actions === undefined) return rows;
  // A handful of buttons at most: a list is cheaper than a Set.
  const seen: string[] = [];
  for (const actions of view.actions) {
    if (rows.length === ACTION_ROWS_MAX) break;
    const buttons: APIButtonComponentWithCustomId[] = [];
    for (const action of actions) {
      if (buttons.length === BUTTONS_PER_ROW_MAX) break;
      const customId = action.customId;
      const validId = customId.length > 0 && customId.length <= CUSTOM_ID_MAX_LENGTH;
      if (!validId || seen.includes(customId)) {
        logger?.warn({ customId }, "render: dropped a button with a bad or duplicate custom id");
        continue;
      }
      seen.push(customId);
      const label = truncate(botText(action.label).trim(), BUTTON_LABEL_MAX);
      const button: APIButtonComponentWithCustomId = {
        type: ComponentType.Button,
        style: BUTTON_STYLES[action.style ?? "secondary"],
        custom_id: customId,
      };
      if (label !== "") button.label = label;
      if (action.emoji !== undefined) button.emoji = { name: action.emoji };
      if (action.disabled === true) button.disabled = true;
      buttons.push(button);
    }
    if (buttons.length > 0) rows.push({ type: ComponentType.ActionRow, components: buttons });
  }
  return rows;
}

/** The allowed_mentions every message carries: nothing parsed, only the view's explicit ids. */
export function allowedMentionsOf(view: View): APIAllowedMentions {
  const allow = view.allowedMentions;
  if (allow === undefined) return { parse: [] };
  const users = [...new Set(allow.users ?? [])];
  const roles = [...new Set(allow.roles ?? [])];
  return { parse: [], ...(users.length > 0 ? { users } : {}), ...(roles.length > 0 ? { roles } : {}) };
}

export function renderView(view: View, context: RenderContext): RenderedMessage {
  const allow = allowedMentionsOf(view);
  const rendered: RenderedMessage = {
    embeds: [],
    components: renderComponents(view, context.logger),
    allowed_mentions: allow,
  };
  if (view.content !== undefined && view.content.trim() !== "") {
    const mentionable = { users: allow.users ?? [], roles: allow.roles ?? [] };
    rendered.content = truncate(botText(view.content, mentionable), MESSAGE_CONTENT_MAX);
  }
  const embed = renderEmbed(view, context);
  if (embed !== undefined) rendered.embeds.push(embed);
  if (view.files !== undefined && view.files.length > 0)
    rendered.files = renderFiles(view.files, context.logger);
  if (rendered.content === undefined && embed === undefined) rendered.content = "(nothing to show)";
  return rendered;
}

export function renderModal(modal: ModalView): APIModalInteractionResponseCallbackData {
  return {
    custom_id: modal.customId,
    title: truncate(modal.title, MODAL_TITLE_MAX),
    components: modal.inputs.slice(0, MODAL_INPUTS_MAX).map((input) => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: input.customId,
          label: truncate(input.label, MODAL_INPUT_LABEL_MAX),
          style: input.style === "short" ? TextInputStyle.Short : TextInputStyle.Paragraph,
          required: input.required ?? true,
          ...(input.minLength === undefined ? {} : { min_length: input.minLength }),
          ...(input.maxLength === undefined
            ? {}
            : { max_length: Math.min(input.maxLength, TEXT_INPUT_VALUE_MAX) }),
          ...(input.placeholder === undefined
            ? {}
            : { placeholder: truncate(input.placeholder, TEXT_INPUT_PLACEHOLDER_MAX) }),
        },
      ],
    })),
  };
}

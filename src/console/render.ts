/**
 * View -> plain text for the offline console: the same views the Discord renderer gets, with
 * buttons shown as numbered actions. Quotes are verified here too before being printed.
 */
import type { KnowledgeBase } from "../knowledge/types.js";
import type { Logger } from "../log.js";
import { citationLine, isVerified, UNVERIFIED_QUOTE_NOTICE } from "../discord/quotes.js";
import type { ModalView, QuoteBlock, View, ViewAction, ViewFile } from "../view.js";

export interface TextRenderContext {
  readonly knowledge: KnowledgeBase;
  readonly logger?: Logger;
  /** Gives each enabled action the number that presses it. */
  readonly numberAction: (action: ViewAction) => number;
  /** Saves an attached file somewhere the user can open it, and returns where. */
  readonly saveFile?: (file: ViewFile) => string;
}

const INDENT = "  ";

function quoteLines(block: QuoteBlock, context: TextRenderContext): string[] {
  if (!isVerified(block.quote, context.knowledge)) {
    context.logger?.warn(
      { citation: block.quote.citation },
      "console: dropped a quote that failed verification",
    );
    return [UNVERIFIED_QUOTE_NOTICE];
  }
  const { text } = block.quote;
  const highlight = block.highlight;
  const shown =
    highlight === undefined || highlight.end <= highlight.start
      ? text
      : `${text.slice(0, highlight.start)}**${text.slice(highlight.start, highlight.end)}**${text.slice(highlight.end)}`;
  return [
    ...(block.label === undefined ? [] : [`${block.label}:`]),
    ...shown.split("\n").map((line) => `> ${line}`),
    `${INDENT}${citationLine(block.quote.citation, context.knowledge)}`,
  ];
}

function actionsLine(actions: readonly (readonly ViewAction[])[], context: TextRenderContext): string[] {
  return actions
    .map((row) =>
      row
        .map((action) => {
          const label = [action.emoji, action.label]
            .filter((part) => part !== undefined && part !== "")
            .join(" ");
          return action.disabled === true ? `[-] ${label}` : `[${context.numberAction(action)}] ${label}`;
        })
        .join("   "),
    )
    .filter((line) => line !== "");
}

/** Discord shows `<t:…:R>` in each viewer's words; a terminal gets the plain time instead. */
const plainTimestamps = (text: string) =>
  text.replace(/<t:(\d+)(?::[tTdDfFR])?>/g, (_whole, seconds: string) =>
    new Date(Number(seconds) * 1000).toISOString(),
  );

export function renderViewText(
  view: View,
  context: TextRenderContext,
  options: { ephemeral?: boolean } = {},
): string {
  const lines: string[] = [];
  if (options.ephemeral === true) lines.push("(only you can see this)");
  if (view.content !== undefined && view.content !== "") lines.push(view.content);
  if (view.title !== undefined) lines.push(`== ${view.title} ==`);
  if (view.description !== undefined && view.description !== "") lines.push(view.description);
  for (const block of view.quotes ?? []) lines.push(...quoteLines(block, context));
  for (const field of view.fields ?? []) {
    lines.push(`-- ${field.name}${field.inline === true ? " (side by side)" : ""}`);
    if (field.text !== undefined && field.text !== "")
      lines.push(...field.text.split("\n").map((line) => `${INDENT}${line}`));
    for (const quote of field.quotes ?? [])
      lines.push(...quoteLines({ quote }, context).map((line) => `${INDENT}${line}`));
  }
  for (const file of view.files ?? []) {
    const saved = context.saveFile?.(file);
    lines.push(`[file] ${file.name}${saved === undefined ? "" : `: ${saved}`}`);
  }
  if (view.footer !== undefined && view.footer !== "") lines.push(`(${view.footer})`);
  lines.push(...actionsLine(view.actions ?? [], context));
  return plainTimestamps(lines.join("\n"));
}

export function renderModalText(modal: ModalView): string {
  const inputs = modal.inputs.map((input, index) => `${INDENT}${index + 1}. ${input.label}`);
  return [`== ${modal.title} ==`, "Type one line for each:", ...inputs].join("\n");
}

/**
 * The briefings' paragraphs read straight from knowledge/briefings/*.md, independently of the
 * bot's own loader, so an e2e test can check that a quote the bot sent is really verbatim.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { repoRoot } from "../helpers/runScript.js";

const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---\r?\n/;
/** Discord's own markdown escapes (what escapeMarkdown adds before quoting). */
const MARKDOWN_ESCAPE = /\\([\\*_~`|>#-])/g;
/** A quote cut to fit ends (or starts) with an ellipsis that is not the briefing's. */
const ELLIPSIS = /^…|…$/g;

/** Every body paragraph of every briefing, in the source's own characters. */
export function briefingParagraphs(knowledgeDir = join(repoRoot, "knowledge")): string[] {
  const dir = join(knowledgeDir, "briefings");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".md"))
    .flatMap((file) =>
      readFileSync(join(dir, file), "utf8")
        .replace(FRONT_MATTER, "")
        .split(/\r?\n\s*\r?\n/)
        .map((paragraph) => paragraph.trim())
        .filter((paragraph) => paragraph !== ""),
    );
}

/** The block quotes (`> ...` lines) in a piece of markdown, as plain text without bold or escapes. */
export function blockQuotes(markdown: string): string[] {
  const quotes: string[] = [];
  let current: string[] | undefined;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("> ")) {
      current ??= [];
      current.push(line.slice(2));
      continue;
    }
    if (current !== undefined) quotes.push(current.join("\n"));
    current = undefined;
  }
  if (current !== undefined) quotes.push(current.join("\n"));
  return quotes.map((quote) =>
    quote.replaceAll("**", "").replace(MARKDOWN_ESCAPE, "$1").replace(ELLIPSIS, "").trim(),
  );
}

/** Every markdown text of a message: content, embed descriptions and field values. */
export function messageTexts(message: Record<string, unknown>): string[] {
  const texts: string[] = [];
  if (typeof message.content === "string") texts.push(message.content);
  for (const embed of Array.isArray(message.embeds) ? (message.embeds as unknown[]) : []) {
    if (typeof embed !== "object" || embed === null) continue;
    const { description, fields } = embed as { description?: unknown; fields?: unknown };
    if (typeof description === "string") texts.push(description);
    for (const field of Array.isArray(fields) ? (fields as unknown[]) : []) {
      const value = (field as { value?: unknown } | null)?.value;
      if (typeof value === "string") texts.push(value);
    }
  }
  return texts;
}

/** The paragraph number (from 1) that contains `quote` verbatim, or undefined. */
export function paragraphContaining(quote: string, paragraphs: readonly string[]): number | undefined {
  const index = paragraphs.findIndex((paragraph) => paragraph.includes(quote));
  return index === -1 ? undefined : index + 1;
}

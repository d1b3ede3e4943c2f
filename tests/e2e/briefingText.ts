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

/** The body paragraphs of one briefing file (front matter, if any, left out). */
export function fileParagraphs(file: string): string[] {
  return readFileSync(file, "utf8")
    .replace(FRONT_MATTER, "")
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "");
}

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

export interface ShownQuote {
  /** The quote as plain text: block-quote markers, bold and markdown escapes removed. */
  readonly text: string;
  /** Whether the quoted text shows the span in bold (Show paragraph highlights the answer). */
  readonly bold: boolean;
  /** The paragraph named by the citation line right under the quote (`¶4 · ...`), if any. */
  readonly citedParagraph: number | undefined;
}

const CITATION_LINE = /^¶(\d+)/;

/** The block quotes (`> ...` lines) in a piece of markdown, with the citation line below each. */
export function blockQuotes(markdown: string): ShownQuote[] {
  const quotes: ShownQuote[] = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    if (!(lines[index] ?? "").startsWith("> ")) continue;
    const quoted: string[] = [];
    while ((lines[index] ?? "").startsWith("> ")) quoted.push((lines[index++] ?? "").slice(2));
    const raw = quoted.join("\n");
    const cited = CITATION_LINE.exec(lines[index] ?? "")?.[1];
    quotes.push({
      text: raw.replaceAll("**", "").replace(MARKDOWN_ESCAPE, "$1").replace(ELLIPSIS, "").trim(),
      bold: raw.includes("**"),
      citedParagraph: cited === undefined ? undefined : Number(cited),
    });
  }
  return quotes;
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

/**
 * Every block quote in a message body that is not a verbatim span of the paragraph its citation
 * names (or of any paragraph, when it has no citation line). [] when all are faithful.
 */
export function unfaithfulQuotes(body: unknown, paragraphs: readonly string[]): string[] {
  if (typeof body !== "object" || body === null) return [];
  const problems: string[] = [];
  for (const text of messageTexts(body as Record<string, unknown>)) {
    for (const quote of blockQuotes(text)) {
      const found = paragraphContaining(quote.text, paragraphs);
      if (found === undefined) problems.push(`not in the briefing: ${JSON.stringify(quote.text)}`);
      else if (
        quote.citedParagraph !== undefined &&
        !(paragraphs[quote.citedParagraph - 1] ?? "").includes(quote.text)
      ) {
        problems.push(
          `cited as ¶${quote.citedParagraph} but found in ¶${found}: ${JSON.stringify(quote.text)}`,
        );
      }
    }
  }
  return problems;
}

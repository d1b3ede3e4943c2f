/**
 * A briefing file (knowledge/briefings/<id>.md): YAML front matter, then the body's paragraphs,
 * split into sentences with their offsets; and finding a quote in a briefing, verbatim.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";

import { parse as parseYaml, YAMLParseError } from "yaml";

import { findFolded, foldWithMap, type FoldedWithMap } from "./fold.js";
import { frontMatterSchema } from "./schema.js";
import { segmentSentences } from "./segment.js";
import type { Briefing, CitedQuote, Paragraph } from "./types.js";

/** Characters of sha256 kept in a citation: enough to detect an edited briefing, short to show. */
export const HASH_LENGTH = 12;

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export function contentHash(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex").slice(0, HASH_LENGTH);
}

/** Reads a briefing file; problems are pushed, and undefined is returned when it is unusable. */
export function parseBriefing(file: string, source: string, problems: string[]): Briefing | undefined {
  const match = FRONT_MATTER.exec(source);
  if (match === null) {
    problems.push(`${file}: front matter: missing (the file must start with a --- YAML block ---)`);
    return undefined;
  }
  let raw: unknown;
  try {
    raw = parseYaml(match[1] ?? "");
  } catch (error) {
    problems.push(`${file}: front matter: malformed YAML (${yamlReason(error)})`);
    return undefined;
  }
  const parsed = frontMatterSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${file}: front matter ${issue.path.join(".") || "block"}: ${issue.message}`);
    }
    return undefined;
  }
  const expectedId = basename(file, ".md");
  if (parsed.data.id !== expectedId) {
    problems.push(`${file}: front matter id: "${parsed.data.id}" must match the file name "${expectedId}"`);
  }
  const body = source.slice(match[0].length).replace(/\r\n/g, "\n");
  const paragraphs: Paragraph[] = body
    .split(/\n[ \t]*\n/)
    .map((block) => block.replace(/^\n+|\n+$/g, ""))
    .filter((block) => block.trim() !== "")
    .map((block, index) => ({ number: index + 1, text: block, sentences: segmentSentences(block) }));
  if (paragraphs.length === 0) {
    problems.push(`${file}: body: has no paragraphs`);
    return undefined;
  }
  const { id, title, publisher, url, date } = parsed.data;
  return {
    id,
    title,
    publisher,
    ...(url === undefined ? {} : { url }),
    ...(date === undefined ? {} : { date }),
    hash: contentHash(paragraphs.map((paragraph) => paragraph.text).join("\n\n")),
    paragraphs,
  };
}

export function yamlReason(error: unknown): string {
  if (error instanceof YAMLParseError) {
    const position = error.linePos?.[0];
    const where = position === undefined ? "" : ` at line ${position.line}, column ${position.col}`;
    return `${error.code}${where}`;
  }
  return error instanceof Error ? error.message : String(error);
}

const foldedParagraphs = new WeakMap<Paragraph, FoldedWithMap>();

/** Folding a paragraph once serves every quote looked up in it. */
function foldedParagraph(paragraph: Paragraph): FoldedWithMap {
  let folded = foldedParagraphs.get(paragraph);
  if (folded === undefined) {
    folded = foldWithMap(paragraph.text);
    foldedParagraphs.set(paragraph, folded);
  }
  return folded;
}

/** Finds a quote in the briefing after folding; returns the verbatim span with its citation. */
export function locateQuote(briefing: Briefing, quote: string): CitedQuote | undefined {
  for (const paragraph of briefing.paragraphs) {
    const span = findFolded(paragraph.text, quote, foldedParagraph(paragraph));
    if (span === undefined) continue;
    const sentence =
      paragraph.sentences.find((candidate) => span.start >= candidate.start && span.start < candidate.end) ??
      paragraph.sentences[0];
    return {
      text: paragraph.text.slice(span.start, span.end),
      citation: {
        briefing: briefing.id,
        hash: briefing.hash,
        paragraph: paragraph.number,
        sentence: sentence?.number ?? 1,
      },
    };
  }
  return undefined;
}

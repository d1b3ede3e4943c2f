/** Splits a paragraph into sentences, keeping exact offsets into the paragraph's own text. */
import type { Sentence } from "./types.js";

/**
 * Abbreviations whose full stop does not end a sentence. Lower-cased, without the final dot.
 * "u.s" covers "U.S." in news copy; titles cover "Mr. Xi".
 */
const ABBREVIATIONS = new Set([
  "u.s",
  "u.k",
  "u.n",
  "e.u",
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "gen",
  "sen",
  "rep",
  "gov",
  "st",
  "jr",
  "sr",
  "vs",
  "etc",
  "e.g",
  "i.e",
  "no",
  "inc",
  "corp",
  "co",
  "ltd",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
]);

/** A terminator, then any closing quotes/brackets, then whitespace, then what may start a sentence. */
const BOUNDARY = /([.!?])(["'\u2019\u201d)\]]*)(\s+)(?=["'\u2018\u201c([]?[\p{Lu}\p{N}])/gu;

function endsWithAbbreviation(text: string, dotIndex: number): boolean {
  const before = text.slice(0, dotIndex);
  const token = /(?:^|[^\p{L}\p{N}.])([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase();
  if (token === undefined) return false;
  if (ABBREVIATIONS.has(token)) return true;
  // Single initials such as the "J" in "John F. Kennedy" do not end sentences.
  return /^\p{L}$/u.test(token);
}

export function segmentSentences(paragraph: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = skipSpace(paragraph, 0);
  for (const match of paragraph.matchAll(BOUNDARY)) {
    const terminator = match[1] ?? "";
    const closers = match[2] ?? "";
    const spaces = match[3] ?? "";
    if (terminator === "." && endsWithAbbreviation(paragraph, match.index)) continue;
    const end = match.index + terminator.length + closers.length;
    if (end > start) push(sentences, paragraph, start, end);
    start = end + spaces.length;
  }
  const end = trimmedEnd(paragraph);
  if (end > start) push(sentences, paragraph, start, end);
  return sentences;
}

function push(sentences: Sentence[], paragraph: string, start: number, end: number): void {
  sentences.push({ number: sentences.length + 1, text: paragraph.slice(start, end), start, end });
}

function skipSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index] ?? "")) index++;
  return index;
}

function trimmedEnd(text: string): number {
  let index = text.length;
  while (index > 0 && /\s/.test(text[index - 1] ?? "")) index--;
  return index;
}

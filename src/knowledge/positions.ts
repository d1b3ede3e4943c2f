/**
 * Questions that point at a place in the briefing ("what does the last paragraph say about
 * Dongbei", "first sentence", "paragraph 3"): the answer comes from that place, whatever else
 * shares words with the question.
 */
import type { Citation } from "./types.js";

/** Which paragraph or sentence: a 1-based number, or the last one. */
export type Place = number | "last";

export interface PositionReference {
  readonly paragraph?: Place;
  /** Within `paragraph` when one is given, else counted through the whole briefing. */
  readonly sentence?: Place;
}

const ORDINALS: ReadonlyMap<string, Place> = new Map<string, Place>([
  ["first", 1],
  ["1st", 1],
  ["opening", 1],
  ["second", 2],
  ["2nd", 2],
  ["third", 3],
  ["3rd", 3],
  ["fourth", 4],
  ["4th", 4],
  ["fifth", 5],
  ["5th", 5],
  ["sixth", 6],
  ["6th", 6],
  ["seventh", 7],
  ["7th", 7],
  ["eighth", 8],
  ["8th", 8],
  ["ninth", 9],
  ["9th", 9],
  ["tenth", 10],
  ["10th", 10],
  ["last", "last"],
  ["final", "last"],
  ["closing", "last"],
  ["concluding", "last"],
]);

const CARDINALS: ReadonlyMap<string, number> = new Map([
  ["one", 1],
  ["two", 2],
  ["three", 3],
  ["four", 4],
  ["five", 5],
  ["six", 6],
  ["seven", 7],
  ["eight", 8],
  ["nine", 9],
  ["ten", 10],
]);

/** What a place is called: "para" and "line" are how people type them. */
const SCOPES: ReadonlyMap<string, keyof PositionReference> = new Map<string, keyof PositionReference>([
  ["paragraph", "paragraph"],
  ["para", "paragraph"],
  ["sentence", "sentence"],
  ["line", "sentence"],
]);

/** "last paragraph", "the 2nd sentence". */
const ORDINAL_PLACE = /\b([a-z0-9]+) (paragraph|para|sentence|line)\b/g;
/** "paragraph 3", "para two". */
const NUMBERED_PLACE = /\b(paragraph|para|sentence|line) (\d{1,2}|[a-z]+)\b/g;

/** The place a folded question points at, if any. */
export function positionIn(folded: string): PositionReference | undefined {
  const found: { paragraph?: Place; sentence?: Place } = {};
  for (const match of folded.matchAll(ORDINAL_PLACE)) {
    const place = ORDINALS.get(match[1] ?? "");
    const scope = SCOPES.get(match[2] ?? "");
    if (place !== undefined && scope !== undefined) found[scope] ??= place;
  }
  for (const match of folded.matchAll(NUMBERED_PLACE)) {
    const scope = SCOPES.get(match[1] ?? "");
    const word = match[2] ?? "";
    const place = /^\d+$/.test(word) ? Number(word) : CARDINALS.get(word);
    if (scope !== undefined && place !== undefined && place > 0) found[scope] ??= place;
  }
  return found.paragraph === undefined && found.sentence === undefined ? undefined : found;
}

/** The question without the places it points at, so their words are not read as its subject. */
export function withoutPositions(folded: string): string {
  return folded
    .replace(ORDINAL_PLACE, (phrase, word: string) => (ORDINALS.has(word) ? " " : phrase))
    .replace(NUMBERED_PLACE, (phrase, _scope: string, word: string) =>
      /^\d+$/.test(word) || CARDINALS.has(word) ? " " : phrase,
    );
}

/** How a briefing is laid out: sentences per paragraph, in order. */
export type Layout = readonly number[];

/** Whether a sentence (by its citation) is at the place referred to, in a briefing of this layout. */
export function isAt(reference: PositionReference, citation: Citation, layout: Layout): boolean {
  const { paragraph, sentence } = reference;
  if (paragraph !== undefined) {
    const wanted = paragraph === "last" ? layout.length : paragraph;
    if (citation.paragraph !== wanted) return false;
    if (sentence === undefined) return true;
    const count = layout[wanted - 1] ?? 0;
    return citation.sentence === (sentence === "last" ? count : sentence);
  }
  if (sentence === undefined) return true;
  // Counted through the briefing: the sentences of the paragraphs before, then this one's.
  let before = 0;
  for (let index = 0; index < citation.paragraph - 1; index++) before += layout[index] ?? 0;
  const total = layout.reduce((sum, count) => sum + count, 0);
  return before + citation.sentence === (sentence === "last" ? total : sentence);
}

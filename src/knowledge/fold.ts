/**
 * Text folding (DESIGN §1): the one place that decides when two pieces of text "match".
 * Quotes shown to users keep the source's characters; only comparisons use folded text.
 */

const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;
const DASHES = /[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]/g;
const WHITESPACE_RUN = /\s+/g;

/** Folds one character (or an NFKC expansion of it) without collapsing whitespace. */
function foldChars(text: string): string {
  return text
    .normalize("NFKC")
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, "-")
    .toLowerCase();
}

/** NFKC, curly quotes to straight, dashes to "-", whitespace runs to one space, trimmed, lower case. */
export function foldText(text: string): string {
  return foldChars(text).replace(WHITESPACE_RUN, " ").trim();
}

/** Folded text plus, for every folded character, the offset of the source character it came from. */
export interface FoldedWithMap {
  readonly folded: string;
  /** `sourceStart[i]` is where folded char i starts in the source; one extra entry marks the end. */
  readonly sourceStart: readonly number[];
}

/**
 * Folds like foldText (without trimming) but remembers where each folded character came from,
 * so a match found in folded text can be cut out of the source verbatim.
 */
export function foldWithMap(source: string): FoldedWithMap {
  let folded = "";
  const sourceStart: number[] = [];
  let previousWasSpace = false;
  for (let offset = 0; offset < source.length;) {
    const codePoint = source.codePointAt(offset) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    // Plain ASCII needs only lower-casing: the fast path for nearly all of the text.
    const piece =
      codePoint < 0x80
        ? source.charAt(offset).toLowerCase()
        : foldChars(source.slice(offset, offset + width));
    for (const char of piece) {
      const isSpace = /\s/.test(char);
      if (isSpace && previousWasSpace) continue;
      folded += isSpace ? " " : char;
      for (let index = 0; index < (isSpace ? 1 : char.length); index++) sourceStart.push(offset);
      previousWasSpace = isSpace;
    }
    offset += width;
  }
  sourceStart.push(source.length);
  return { folded, sourceStart };
}

/**
 * Finds `needle` (any characters) inside `source` after folding both; returns the source
 * offsets of the match, or undefined. Leading/trailing whitespace of the needle is ignored.
 */
export function findFolded(
  source: string,
  needle: string,
  prepared: FoldedWithMap = foldWithMap(source),
): { start: number; end: number } | undefined {
  const target = foldText(needle);
  if (target === "") return undefined;
  const { folded, sourceStart } = prepared;
  const at = folded.indexOf(target);
  if (at < 0) return undefined;
  const start = sourceStart[at] ?? 0;
  const end = sourceStart[at + target.length] ?? source.length;
  return { start, end: trimEnd(source, start, end) };
}

/** A match ending at a collapsed whitespace run should not swallow the run. */
function trimEnd(source: string, start: number, end: number): number {
  let cut = end;
  while (cut > start && /\s/.test(source[cut - 1] ?? "")) cut--;
  return cut;
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;

/** Words of folded text; a possessive "'s" is dropped ("china's" -> "china"), other apostrophes kept. */
export function words(folded: string): string[] {
  const found: string[] = [];
  for (const match of folded.matchAll(WORD)) {
    const typed = match[0];
    // Most words have no apostrophe: skip the two replacements for them (this runs on every word asked).
    const word = typed.includes("'") ? typed.replace(/'s$/, "").replace(/'/g, "") : typed;
    if (word !== "") found.push(word);
  }
  return found;
}

/**
 * A light, predictable suffix stripper. Questions and the briefing go through the same one,
 * so consistency matters more than linguistic accuracy ("declined", "declining", "decline"
 * all become "declin").
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let base = word;
  // "economically", "symbolically" -> "economic", "symbolic".
  if (base.endsWith("ically") && base.length > 7) return base.slice(0, -4);
  if (base.endsWith("ies") && base.length > 4) base = `${base.slice(0, -3)}y`;
  else if (base.endsWith("sses")) base = base.slice(0, -2);
  else if (base.endsWith("s") && !/(ss|us|is)$/.test(base)) base = base.slice(0, -1);
  const suffix = base.endsWith("ing") && base.length > 5 ? 3 : base.endsWith("ed") && base.length > 4 ? 2 : 0;
  if (suffix > 0) {
    base = base.slice(0, -suffix);
    // A consonant doubled before the ending: "propping", "stopped" -> "prop", "stop" (not "ll": "fall").
    if (/([bdgmnprt])\1$/.test(base) && base.length > 3) base = base.slice(0, -1);
  } else if (base.endsWith("ly") && base.length > 5) base = base.slice(0, -2);
  if (base.endsWith("e") && base.length >= 4) base = base.slice(0, -1);
  return base;
}

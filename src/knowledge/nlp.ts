/**
 * Tokens, lemmas, parts of speech, negation and numeric entities from wink-nlp's English model:
 * the one place that talks to wink-nlp. Everything downstream sees our own Token type.
 */
import { createRequire } from "node:module";

import model from "wink-eng-lite-web-model";
import type winkNLPType from "wink-nlp";

import { foldText } from "./fold.js";

export type PartOfSpeech =
  | "ADJ"
  | "ADP"
  | "ADV"
  | "AUX"
  | "CCONJ"
  | "DET"
  | "INTJ"
  | "NOUN"
  | "NUM"
  | "PART"
  | "PRON"
  | "PROPN"
  | "PUNCT"
  | "SCONJ"
  | "SYM"
  | "VERB"
  | "X"
  | "SPACE";

/** wink-nlp's entity types that the lite model recognises (numbers, dates, amounts). */
export type NumericEntityType =
  "DATE" | "TIME" | "DURATION" | "CARDINAL" | "ORDINAL" | "MONEY" | "PERCENT" | "OTHER";

export interface Token {
  /** As written in the analysed text. */
  readonly text: string;
  /** Folded (DESIGN §1), lower case. */
  readonly lower: string;
  /** Lower-case lemma ("banned" -> "ban", "states" -> "state"). */
  readonly lemma: string;
  readonly pos: PartOfSpeech;
  /** wink's token type: word, number, punctuation, symbol, currency, emoji, url... */
  readonly type: string;
  readonly stop: boolean;
  /** Inside the scope of a negation ("not", "never", "n't"). */
  readonly negated: boolean;
  /** Starts with a capital letter as written. */
  readonly capitalized: boolean;
  /** Offsets in the analysed text. */
  readonly start: number;
  readonly end: number;
  /** The numeric entity this token is part of, if any. */
  readonly entity: NumericEntityType | undefined;
}

const KNOWN_ENTITY_TYPES: ReadonlySet<string> = new Set([
  "DATE",
  "TIME",
  "DURATION",
  "CARDINAL",
  "ORDINAL",
  "MONEY",
  "PERCENT",
]);

type WinkNLP = typeof winkNLPType;
let instance: ReturnType<WinkNLP> | undefined;

const requireHere = createRequire(import.meta.url);

interface WinkCache {
  lookup(text: string): number[] | null;
  intrinsicSize(): number;
}

interface WinkDocData {
  isLexeme(text: string): number[] | null;
  _addTokenIfInCache(text: string, precedingSpaces: number, nbsp: string | null): number;
}

/** wink-nlp's "not in the lexicon" answer to _addTokenIfInCache (its constants.UNK). */
const WINK_UNKNOWN = 0;

/**
 * wink-nlp adds every word it has not met to its lexicon, and its tokenizer then treats that word
 * as known: after "China's," has been read once, "China's GDP" no longer splits off the "'s", so
 * one member's question changed the reading of the next member's. The tokenizer's two lexicon
 * lookups (wink-nlp 2.x, src/dd-wrapper.js) are made to see the model's own words only, so the
 * same text always reads the same way; the wrapper is installed before wink-nlp loads.
 */
function loadStatelessWink(): WinkNLP {
  const wrapperPath = requireHere.resolve("wink-nlp/src/dd-wrapper.js");
  const makeDocData = requireHere(wrapperPath) as (data: { cache: WinkCache }) => WinkDocData;
  const loaded = requireHere.cache[wrapperPath];
  if (loaded === undefined) throw new Error("nlp: wink-nlp's src/dd-wrapper.js did not load as a module");
  loaded.exports = (data: { cache: WinkCache }) => {
    const docData = makeDocData(data);
    const intrinsic = data.cache.intrinsicSize();
    const learned = (text: string) => {
      const found = data.cache.lookup(text);
      return found !== null && found.length === 1 && (found[0] ?? 0) >= intrinsic;
    };
    const isLexeme = docData.isLexeme.bind(docData);
    const addTokenIfInCache = docData._addTokenIfInCache.bind(docData);
    docData.isLexeme = (text) => (learned(text) ? null : isLexeme(text));
    docData._addTokenIfInCache = (text, precedingSpaces, nbsp) =>
      learned(text) ? WINK_UNKNOWN : addTokenIfInCache(text, precedingSpaces, nbsp);
    return docData;
  };
  return requireHere("wink-nlp") as WinkNLP;
}

/** wink-nlp with its English model, made on first use (about 100 ms). */
function nlp(): ReturnType<WinkNLP> {
  instance ??= loadStatelessWink()(model, ["sbd", "negation", "pos", "ner"]);
  return instance;
}

const COUNTRY = /^(?:U\.S\.(?:A\.)?|U\.S|USA|US)$/;

type Tokens = ReturnType<ReturnType<ReturnType<WinkNLP>["readDoc"]>["tokens"]>;
/** wink's typings declare some helpers with signatures its own `out` does not accept. */
type AnyIts = Parameters<Tokens["out"]>[0];

function column<T>(tokens: Tokens, its: unknown): T[] {
  return tokens.out(its as AnyIts) as unknown as T[];
}

/**
 * Analyses one piece of text (a sentence or a question) as a single unit: wink's own sentence
 * boundaries are ignored, since the citation's sentences come from segment.ts.
 */
export function analyse(text: string): Token[] {
  const engine = nlp();
  const its = engine.its;
  const doc = engine.readDoc(text);
  const entityOf = new Map<number, NumericEntityType>();
  doc.entities().each((entity: { out(its: AnyIts): unknown }) => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- wink-nlp's out() takes its helpers by reference
    const detail = entity.out(its.detail) as { type?: string };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- as above
    const span = entity.out(its.span) as number[];
    const type: NumericEntityType =
      detail.type !== undefined && KNOWN_ENTITY_TYPES.has(detail.type)
        ? (detail.type as NumericEntityType)
        : "OTHER";
    for (let index = span[0] ?? 0; index <= (span[1] ?? -1); index++) entityOf.set(index, type);
  });
  const all = doc.tokens();
  /* eslint-disable @typescript-eslint/unbound-method -- wink-nlp's out() takes its helpers by reference */
  const values = column<string>(all, its.value);
  const spaces = column<string>(all, its.precedingSpaces);
  const lemmas = column<string>(all, its.lemma);
  const tags = column<PartOfSpeech>(all, its.pos);
  const types = column<string>(all, its.type);
  const stops = column<boolean>(all, its.stopWordFlag);
  const negations = column<boolean>(all, its.negationFlag);
  /* eslint-enable @typescript-eslint/unbound-method */
  const tokens: Token[] = [];
  let cursor = 0;
  values.forEach((value, index) => {
    const gap = (spaces[index] ?? "").length;
    // wink keeps every character (values plus preceding spaces rebuild the text); search anyway,
    // so a token it normalised cannot shift every later offset.
    let start = text.indexOf(value, cursor + gap);
    if (start < 0 || start > cursor + gap + 2) start = cursor + gap;
    const end = Math.min(text.length, start + value.length);
    cursor = end;
    // "US", "U.S.", "USA" in capitals are the country; lower-case "us" is the pronoun.
    const country = COUNTRY.test(value);
    const lower = country ? "u.s." : withoutMarks(foldText(value));
    const lemma = country ? "u.s." : withoutMarks(foldText(lemmas[index] ?? ""));
    tokens.push({
      text: value,
      lower,
      lemma: lemma === "" ? lower : lemma,
      pos: country ? "PROPN" : (tags[index] ?? "X"),
      type: types[index] ?? "word",
      stop: country ? false : (stops[index] ?? false),
      negated: negations[index] ?? false,
      capitalized: /^\p{Lu}/u.test(value),
      start,
      end,
      entity: entityOf.get(index),
    });
  });
  return tokens;
}

/**
 * Accents do not change a word for matching: "Goïta" typed as "Goita" is the same name (and
 * questions lose combining marks when they are cleaned of zalgo).
 */
export function withoutMarks(text: string): string {
  return /[\u0080-\uffff]/.test(text) ? text.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC") : text;
}

/** Loads the model now rather than on the first question (start-up does this once). */
export function warmUpNlp(): void {
  analyse("Ready.");
}

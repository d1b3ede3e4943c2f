/**
 * Stage 1 of the answering pipeline: reads a briefing once, at load. Each sentence gets its
 * tokens (lemmas, parts of speech, negation), content terms, names, figures, dates and periods,
 * discourse cues, and which sentence it follows from.
 */
import { type Cues, readCues } from "./discourse.js";
import { foldText } from "./fold.js";
import { capitalisedWords, findNames, inheritKinds, type NamedEntity } from "./namedEntities.js";
import { analyse, type Token } from "./nlp.js";
import { type Figure, findFigures, findTimes, type TimeMention } from "./quantities.js";
import { contentTerms, meaningVector, type Term } from "./terms.js";
import { wordRelations } from "./wordRelations.js";
import type { Briefing, Paragraph, Sentence } from "./types.js";

export interface ReadSentence {
  readonly briefing: Briefing;
  readonly paragraph: Paragraph;
  readonly sentence: Sentence;
  /** Position among the briefing's sentences, from 0. */
  readonly position: number;
  readonly tokens: readonly Token[];
  readonly terms: readonly Term[];
  readonly names: readonly NamedEntity[];
  readonly figures: readonly Figure[];
  readonly times: readonly TimeMention[];
  readonly cues: Cues;
  /** The sentence this one follows from ("As a result, ..."), by position. */
  readonly follows: number | undefined;
  /** The next sentence follows from this one: this one explains it. */
  readonly explains: boolean;
  /**
   * The briefing asks this itself ("Who is Edmundo González?"): a question states nothing, so it
   * is never an answer; the sentence after it usually is.
   */
  readonly asks: boolean;
  /** Its terms' meaning as one vector (see meaningVector). */
  readonly meaning: Float32Array | undefined;
  /**
   * Words its acronyms stand for, from the briefing's own names: a sentence saying "EP" also says
   * "european parliament" when the briefing names the European Parliament.
   */
  readonly expansions: readonly string[];
}

export interface ReadBriefing {
  readonly briefing: Briefing;
  readonly sentences: readonly ReadSentence[];
  /** Content terms of the title. */
  readonly titleTerms: readonly Term[];
}

/** Pronouns and determiners that point back to the sentence before ("It", "They", "This"). */
const POINTS_BACK: ReadonlySet<string> = new Set([
  "it",
  "its",
  "they",
  "their",
  "them",
  "he",
  "his",
  "she",
  "her",
  "this",
  "that",
  "these",
  "those",
  "the",
  "such",
]);

/** A sentence that ends with a question mark, maybe inside closing quotes or brackets. */
export function asksItself(text: string): boolean {
  return /\?["'\u201d\u2019)\]]*\s*$/u.test(text);
}

export function pointsBack(tokens: readonly Token[]): boolean {
  const first = tokens.find((token) => token.type === "word");
  return first !== undefined && POINTS_BACK.has(first.lower);
}

/** Acronyms of the briefing's multi-word names ("european parliament" -> "ep"), with the words they stand for. */
function acronymsOf(names: readonly string[]): Map<string, string[]> {
  const acronyms = new Map<string, string[]>();
  for (const name of names) {
    const words = name
      .split(/[\s-]+/)
      .filter((word) => word !== "" && !/^(?:of|the|and|de|la|bin|al)$/.test(word));
    if (words.length < 2) continue;
    const acronym = words.map((word) => word[0] ?? "").join("");
    if (!acronyms.has(acronym)) acronyms.set(acronym, words);
  }
  return acronyms;
}

export function readBriefing(briefing: Briefing): ReadBriefing {
  const analysed = briefing.paragraphs.flatMap((paragraph) =>
    paragraph.sentences.map((sentence) => ({ paragraph, sentence, tokens: analyse(sentence.text) })),
  );
  const titleTokens = analyse(briefing.title);
  const capitalised = capitalisedWords([...analysed.map((entry) => entry.tokens), titleTokens.slice(1)]);
  const allNames = inheritKinds(analysed.flatMap(({ tokens }) => findNames(tokens, capitalised)));
  const acronyms = acronymsOf(allNames.map((name) => name.key));
  const sentences: ReadSentence[] = analysed.map(({ paragraph, sentence, tokens }, position) => {
    const names = findNames(tokens, capitalised).map((name) => {
      const known = allNames.find((other) => other.key === name.key && other.kind !== "unknown");
      return known === undefined || name.kind !== "unknown" ? name : { ...name, kind: known.kind };
    });
    const inName = new Set<number>();
    for (const name of names) for (let index = name.start; index < name.end; index++) inName.add(index);
    const figures = findFigures(tokens);
    const cues = readCues(tokens, foldText(sentence.text));
    const previous = analysed[position - 1];
    const terms = contentTerms(tokens, (index) => inName.has(index));
    return {
      briefing,
      paragraph,
      sentence,
      position,
      tokens,
      terms,
      meaning: meaningVector(terms),
      names,
      figures,
      times: findTimes(tokens, figures),
      cues,
      follows: cues.result && previous !== undefined ? position - 1 : undefined,
      explains: false,
      asks: asksItself(sentence.text),
      expansions: tokens.flatMap((token) =>
        /^\p{Lu}{2,6}$/u.test(token.text)
          ? (acronyms.get(token.lower) ?? wordRelations().acronym(token.lower) ?? [])
          : [],
      ),
    };
  });
  for (const sentence of sentences) {
    const explained = sentences[sentence.position + 1];
    if (explained?.follows === sentence.position)
      sentences[sentence.position] = { ...sentence, explains: true };
  }
  const titleNames = findNames(titleTokens, capitalised);
  const inTitleName = (index: number) => titleNames.some((name) => index >= name.start && index < name.end);
  return { briefing, sentences, titleTerms: contentTerms(titleTokens, inTitleName) };
}

const readCache = new WeakMap<Briefing, ReadBriefing>();

/** Reads a briefing once per process, however many engines and views use it. */
export function readOnce(briefing: Briefing): ReadBriefing {
  let read = readCache.get(briefing);
  if (read === undefined) {
    read = readBriefing(briefing);
    readCache.set(briefing, read);
  }
  return read;
}

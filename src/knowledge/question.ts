/**
 * Stage 2 of the answering pipeline: understands a question. What it asks for (a person, place,
 * time, number, reason, result, comparison, a yes/no check of a claim, a definition, or a thing
 * named by its wh-phrase), the focus of its wh-phrase ("which news outlets" -> outlet), its
 * content terms, names, figures and times, after the wrapping is stripped and the typing read.
 */
import { type Cues, readCues } from "./discourse.js";
import { foldText } from "./fold.js";
import { findNames, type NamedEntity } from "./namedEntities.js";
import { analyse, type Token } from "./nlp.js";
import {
  type Figure,
  type FigureKind,
  findFigures,
  findTimes,
  type TimeKind,
  type TimeMention,
} from "./quantities.js";
import { unwrapQuestion } from "./questionFrame.js";
import { type AskedFor, readShape, WH_WORDS } from "./questionShape.js";
import { correctWords, type SpellingContext } from "./spelling.js";
import { contentTerms, meaningVector, type Term } from "./terms.js";

export interface Question {
  readonly typed: string;
  /** The question after unwrapping and spelling, as analysed. */
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly askedFor: AskedFor;
  /** For number questions: the kind of figure asked for, when the wording says. */
  readonly figureKind: FigureKind | undefined;
  /** For time questions: "year" (what year), "date" (what date, which day), else any point in time. */
  readonly timeKind: TimeKind | undefined;
  /** The head noun of the wh-phrase or what "how many" counts ("outlet", "country", "year"). */
  readonly focus: Term | undefined;
  /** The question's main verb ("ban" in "who banned the reporters"), if it has one besides be/have/do. */
  readonly predicate: Term | undefined;
  /** Asks about something done or finished ("did", "was", a past-tense verb). */
  readonly past: boolean;
  /** Content terms, without the question's own words (wh-words, the asking verb). */
  readonly terms: readonly Term[];
  readonly names: readonly NamedEntity[];
  readonly figures: readonly Figure[];
  readonly times: readonly TimeMention[];
  readonly cues: Cues;
  /** Its terms' meaning as one vector (see meaningVector). */
  readonly meaning: Float32Array | undefined;
  /** Its words (lemmas and written forms, figures aside): what an answer must add to. */
  readonly words: ReadonlySet<string>;
  /** The values of its figures, and of its years alone. */
  readonly figureValues: ReadonlySet<number>;
  readonly years: readonly number[];
  /** The sum of its terms' weights. */
  readonly totalWeight: number;
  /** Asks for a name outright ("what is the name of the judge"). */
  readonly namesAsked: boolean;
  /** Asks for more precision than a summary gives ("exactly", "specific", "in total", "final"). */
  readonly asksPrecisely: boolean;
  /** Asks how something turned out after the events told ("in the end", "eventually", "so far"). */
  readonly asksOutcome: boolean;
}

/** Nouns that name the text or the asking rather than what it is about. */
const ASKING_NOUNS: ReadonlySet<string> = new Set([
  "briefing",
  "article",
  "text",
  "piece",
  "story",
  "author",
  "writer",
  "passage",
  "info",
  "information",
  "detail",
  "question",
]);
/** Verbs that ask what someone said, unless the someone is the text itself. */
const SPEECH_VERBS: ReadonlySet<string> = new Set([
  "say",
  "tell",
  "state",
  "claim",
  "mention",
  "talk",
  "explain",
  "describe",
]);
/** Verbs, adjectives and adverbs of asking: "say", "explain", "exactly", "true". */
const ASKING_WORDS: ReadonlySet<string> = new Set([
  "mention",
  "say",
  "tell",
  "know",
  "explain",
  "describe",
  "state",
  "claim",
  "talk",
  "mean",
  "happen",
  "reason",
  "cause",
  "result",
  "accord",
  "quick",
  "question",
  "wonder",
  "curious",
  "remind",
  "confirm",
  "true",
  "right",
  "correct",
  "exactly",
  "basically",
  "actually",
  "even",
  "again",
]);

/**
 * Reads a typed question. `spelling` holds the loaded briefings' vocabulary; `isTopical` says
 * whether any of some lower-case words is something the briefings know.
 */
export function understandQuestion(
  typed: string,
  spelling: SpellingContext,
  isTopical: (words: readonly string[]) => boolean,
): Question {
  const unwrapped = unwrapQuestion(typed, isTopical);
  // Spelling works word by word; a word's case is kept when it is left as typed.
  const pieces = unwrapped
    .split(/(\s+)/)
    .map((piece) => /^([^\p{L}\d]*)([\p{L}\d'/]+)([^\p{L}\d]*)$/u.exec(piece));
  // A possessive is kept apart while the word is read: "PM's" is "PM" + "'s".
  const possessive = /(?:'s|’s|')$/;
  const typedWords = pieces
    .filter((match) => match !== null)
    .map((match) => (match[2] ?? "").replace(possessive, ""));
  const fixedWords = correctWords(
    typedWords.map((word) => word.toLowerCase()),
    spelling,
    typedWords,
  );
  let at = 0;
  const corrected = unwrapped
    .split(/(\s+)/)
    .map((piece, index) => {
      const match = pieces[index];
      if (match === null || match === undefined) return piece;
      const [, before = "", whole = "", after = ""] = match;
      const ending = possessive.exec(whole)?.[0] ?? "";
      const word = whole.slice(0, whole.length - ending.length);
      const fixed = fixedWords[at++] ?? word.toLowerCase();
      return `${before}${fixed === word.toLowerCase() ? word : fixed}${ending}${after}`;
    })
    .join("");
  const tokens = analyse(corrected);
  const folded = foldText(corrected);
  const shape = readShape(tokens, folded);
  // A name in a typed question: capitalised away from its start, or a word the table lacks.
  const names = findNames(tokens, new Set());
  const inName = new Set<number>();
  for (const name of names) for (let index = name.start; index < name.end; index++) inName.add(index);
  const terms = contentTerms(tokens, (index) => inName.has(index)).filter(
    (term) => !shape.asking.has(term.index) && !WH_WORDS.has(term.lower),
  );
  const figures = findFigures(tokens);
  const focus =
    shape.focusIndex === undefined ? undefined : terms.find((term) => term.index === shape.focusIndex);
  const predicate = terms.find((term) => term.pos === "VERB" && term !== focus);
  // "What does the article say" asks the text; "what did Germany say" asks what Germany said.
  const mentionsText = terms.some((term) => ASKING_NOUNS.has(term.lemma));
  const weighted = terms.map((term) =>
    ASKING_NOUNS.has(term.lemma) ||
    (ASKING_WORDS.has(term.lemma) &&
      term.pos !== "NOUN" &&
      term.pos !== "PROPN" &&
      (mentionsText || !SPEECH_VERBS.has(term.lemma)))
      ? { ...term, weight: term.weight * ASKING_WORD_WEIGHT }
      : term,
  );
  return {
    typed,
    text: corrected,
    tokens,
    askedFor: shape.askedFor,
    figureKind: shape.figureKind,
    timeKind: shape.timeKind,
    focus,
    predicate,
    past: asksAboutThePast(tokens),
    terms: weighted,
    names,
    figures,
    times: findTimes(tokens, figures),
    cues: readCues(tokens, folded),
    meaning: meaningVector(weighted),
    words: new Set(weighted.flatMap((term) => (term.number ? [] : [term.lemma, term.lower]))),
    figureValues: new Set(figures.flatMap((figure) => (figure.value === undefined ? [] : [figure.value]))),
    years: figures.flatMap((figure) =>
      figure.kind === "year" && figure.value !== undefined ? [figure.value] : [],
    ),
    totalWeight: weighted.reduce((sum, term) => sum + term.weight, 0) || 1,
    namesAsked: shape.namesAsked === true,
    asksPrecisely: PRECISELY.test(folded),
    asksOutcome: OUTCOME.test(folded),
  };
}

/** Irregular past tenses wink lemmatises ("won" -> "win"): a verb written unlike its lemma and not as -s or -ing. */
function asksAboutThePast(tokens: readonly Token[]): boolean {
  return tokens.some(
    (token) =>
      (token.pos === "AUX" && /^(?:did|was|were|had)$/.test(token.lower)) ||
      (token.pos === "VERB" && token.lower !== token.lemma && !/(?:s|ing)$/.test(token.lower)),
  );
}

/** Words that ask for more precision than a summary gives: a general list of English. */
const PRECISELY =
  /\b(?:exact|exactly|precise|precisely|specific|specifically|in total|total|final|full list|breakdown)\b/;
/** Words that ask how things turned out later than the events told. */
const OUTCOME =
  /\b(?:in the end|eventually|so far|finally|ended up|end up|ultimately|later on|by now|since then|afterwards|what happened next)\b/;

/** Whether a term only asks or names the text ("say", "mention", "briefing"), saying nothing of a subject. */
export function isAskingTerm(term: Term): boolean {
  return ASKING_NOUNS.has(term.lemma) || ASKING_WORDS.has(term.lemma) || SPEECH_VERBS.has(term.lemma);
}

/** What an asking word weighs against its usual weight: it says little about what is asked. */
const ASKING_WORD_WEIGHT = 0.25;

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
import { correctWords, type SpellingContext } from "./spelling.js";
import { contentTerms, meaningVector, type Term } from "./terms.js";
import { wordRelations } from "./wordRelations.js";

export type AskedFor =
  | "person"
  | "place"
  | "time"
  | "number"
  | "reason"
  | "result"
  | "comparison"
  | "claim"
  | "definition"
  | "thing"
  | "topic";

export const ASKED_FOR: readonly AskedFor[] = [
  "person",
  "place",
  "time",
  "number",
  "reason",
  "result",
  "comparison",
  "claim",
  "definition",
  "thing",
  "topic",
];

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
}

const WH_WORDS: ReadonlySet<string> = new Set([
  "who",
  "whom",
  "whose",
  "what",
  "which",
  "when",
  "where",
  "why",
  "how",
]);
const AUXILIARIES: ReadonlySet<string> = new Set([
  "is",
  "are",
  "was",
  "were",
  "do",
  "does",
  "did",
  "can",
  "could",
  "will",
  "would",
  "has",
  "have",
  "had",
  "should",
  "may",
  "might",
  "must",
  "shall",
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "didn't",
  "doesn't",
  "don't",
  "won't",
  "hasn't",
  "haven't",
]);
/**
 * Words that ask for a reason without "why": "what caused", "what led to", "the reason for",
 * "how come". Only as what is asked ("which reef keeps causing trouble" asks for a reef).
 */
const REASON_WORDS =
  /^(?:what|which)(?: \w+){0,2}? (?:caused|causes|cause|led to|leads to|lead to|prompted|prompts|triggered|triggers|drove|drives|motivated|pushed)\b|\b(?:reasons?|motives?|motivation|rationale|purpose)\b|\bhow come\b|\bwhat for\b|\bfor what\b|\bexplain why\b/;
/** Words that ask for an outcome. */
const RESULT_WORDS =
  /\b(?:result|results|resulted|effect|effects|impact|consequences?|outcome|happened|happen|happens|happening|aftermath|mean for|means for)\b/;
/** Words that ask for a comparison. */
const COMPARISON_WORDS =
  /\b(?:differ|differs|different|difference|differences|compare|compared|comparison|versus|vs|unlike|contrast|similar|similarity|same as|in common)\b/;
/** "How ___" words that ask for a figure, and the kind. */
const HOW_FIGURE: ReadonlyMap<string, FigureKind | undefined> = new Map([
  ["many", "count"],
  ["much", undefined],
  ["long", "duration"],
  ["old", "duration"],
  ["big", undefined],
  ["large", undefined],
  ["high", undefined],
  ["low", undefined],
]);
/** Units of time: "how many years" asks for a duration. */
const TIME_UNITS = /^(?:second|minute|hour|day|week|month|year|decade|century)$/;
/** Nouns that ask for a figure of a kind ("what share", "what price"). */
const FIGURE_NOUNS: ReadonlyMap<string, FigureKind | undefined> = new Map([
  ["percent", "percent"],
  ["percentage", "percent"],
  ["share", "percent"],
  ["proportion", "percent"],
  ["fraction", "percent"],
  ["rate", undefined],
  ["price", "money"],
  ["cost", "money"],
  ["amount", undefined],
  ["number", "count"],
  ["figure", undefined],
  ["total", undefined],
  ["sum", "money"],
  ["value", undefined],
  ["population", "count"],
  ["size", undefined],
  ["count", "count"],
]);
/** Money words that make "how much" a question about money. */
const MONEY_ASK =
  /\b(?:cost|costs|price|prices|pay|paid|spend|spent|worth|money|budget|fund|funding|dollars?|euros?|aid|fine|fined|salary|income|revenue)\b/;

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

function headNounAfter(tokens: readonly Token[], from: number): number | undefined {
  let head: number | undefined;
  for (let index = from; index < Math.min(tokens.length, from + 4); index++) {
    const token = tokens[index];
    if (token === undefined) break;
    if (token.pos === "NOUN" || (token.pos === "PROPN" && head === undefined)) {
      head = index;
      continue;
    }
    if (head !== undefined) break;
    if (!(token.pos === "ADJ" || token.pos === "DET" || token.pos === "NUM" || token.text === "-")) break;
  }
  return head;
}

interface Shape {
  askedFor: AskedFor;
  figureKind: FigureKind | undefined;
  timeKind?: TimeKind;
  focusIndex: number | undefined;
  /** Token indexes that form the question's own words ("how many", "what is"). */
  asking: Set<number>;
}

function classOfNoun(token: Token | undefined): string | undefined {
  return token === undefined ? undefined : wordRelations().classOf(token.lemma, "n");
}

/** What the question asks for, read from its wh-word (or auxiliary) and the words after it. */
function readShape(tokens: readonly Token[], folded: string): Shape {
  const asking = new Set<number>();
  const whIndex = tokens.findIndex((token) => WH_WORDS.has(token.lower));
  const firstWord = tokens.findIndex((token) => token.type === "word");
  const first = tokens[firstWord];
  const shape = (askedFor: AskedFor, focusIndex?: number, figureKind?: FigureKind): Shape => ({
    askedFor,
    figureKind,
    focusIndex,
    asking,
  });
  if (whIndex >= 0) asking.add(whIndex);
  const wh = tokens[whIndex]?.lower;
  const next = tokens[whIndex + 1];
  // A yes/no question checks a claim, whatever the claim is about.
  if ((whIndex < 0 || whIndex > firstWord + 2) && first !== undefined && AUXILIARIES.has(first.lower)) {
    asking.add(firstWord);
    return shape("claim");
  }
  if (wh === "who" || wh === "whom" || wh === "whose") {
    return shape(isDefinition(tokens, whIndex) ? "definition" : "person");
  }
  const whFolded =
    whIndex >= 0
      ? foldText(
          tokens
            .slice(whIndex)
            .map((token) => token.text)
            .join(" "),
        )
      : folded;
  if (wh === "why" || REASON_WORDS.test(whFolded)) return shape("reason");
  if (COMPARISON_WORDS.test(folded)) return shape("comparison");
  if (wh === "where") return shape("place");
  if (wh === "when") return shape("time");
  if (wh === "how" && next !== undefined && HOW_FIGURE.has(next.lower)) {
    asking.add(whIndex + 1);
    let figureKind = HOW_FIGURE.get(next.lower);
    if (next.lower === "much" && MONEY_ASK.test(folded)) figureKind = "money";
    const focus =
      next.lower === "many" || next.lower === "much" ? headNounAfter(tokens, whIndex + 2) : undefined;
    const focusLemma = focus === undefined ? undefined : tokens[focus]?.lemma;
    if (focusLemma !== undefined && TIME_UNITS.test(focusLemma)) figureKind = "duration";
    return shape("number", focus, figureKind);
  }
  if (wh === "what" || wh === "which") {
    const focus = headNounAfter(tokens, whIndex + 1);
    const focusToken = focus === undefined ? undefined : tokens[focus];
    if (
      (focusToken !== undefined && focus === whIndex + 1) ||
      (focusToken !== undefined && focus !== undefined && focus <= whIndex + 3)
    ) {
      const lemma = focusToken.lemma;
      if (FIGURE_NOUNS.has(lemma)) {
        const of = tokens[focus + 1]?.lower === "of" ? headNounAfter(tokens, focus + 2) : undefined;
        return shape("number", of ?? focus, FIGURE_NOUNS.get(lemma));
      }
      const kind = classOfNoun(focusToken);
      if (kind === "time") {
        const timeKind: TimeKind | undefined =
          lemma === "year" || lemma === "decade"
            ? "year"
            : /^(?:date|day|month)$/.test(lemma)
              ? "date"
              : undefined;
        return { ...shape("time", focus), ...(timeKind === undefined ? {} : { timeKind }) };
      }
      if (kind === "location") return shape("place", focus);
      // "Which companies", "what party": a group is named as a person is.
      if (kind === "person" || kind === "group") return shape("person", focus);
      return shape("thing", focus);
    }
    if (next !== undefined && (next.text === "%" || next.lower === "percent")) {
      asking.add(whIndex + 1);
      return shape("number", undefined, "percent");
    }
    if (RESULT_WORDS.test(folded)) return shape("result");
    if (isDefinition(tokens, whIndex)) return shape("definition");
    return shape("thing");
  }
  if (wh === "how") return shape(RESULT_WORDS.test(folded) ? "result" : "thing");
  if (first !== undefined && /^(?:define|definition|meaning|explain)$/.test(first.lower))
    return shape("definition");
  // "Name the provinces", "list the outlets", "identify the leader": asks for the things named.
  if (first !== undefined && /^(?:name|list|identify|give)$/.test(first.lower)) {
    asking.add(firstWord);
    return shape("thing", headNounAfter(tokens, firstWord + 1));
  }
  return shape("topic");
}

/** "What is X", "who is X", "what does X mean": asks what a short subject is. */
function isDefinition(tokens: readonly Token[], whIndex: number): boolean {
  const verb = tokens[whIndex + 1];
  if (verb === undefined) return false;
  const rest = tokens.slice(whIndex + 2).filter((token) => token.type === "word" || token.type === "number");
  if (verb.lemma === "be") {
    return (
      rest.length > 0 &&
      rest.length <= 4 &&
      rest.every((token) => (token.pos !== "VERB" && token.pos !== "ADP") || token.lower === "of")
    );
  }
  return verb.lemma === "do" && rest.length <= 5 && rest[rest.length - 1]?.lemma === "mean";
}

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

/** What an asking word weighs against its usual weight: it says little about what is asked. */
const ASKING_WORD_WEIGHT = 0.25;

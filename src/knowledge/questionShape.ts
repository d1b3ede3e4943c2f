/**
 * What a question asks for, read from its wh-word (or the auxiliary a yes/no question opens with)
 * and the words after it: a person, place, time, number, reason, result, comparison, a claim to
 * check, a definition, or a thing named by its wh-phrase; and the head noun of that wh-phrase.
 */
import { foldText } from "./fold.js";
import type { Token } from "./nlp.js";
import type { FigureKind, TimeKind } from "./quantities.js";
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

export const WH_WORDS: ReadonlySet<string> = new Set([
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
/** Nouns for whoever holds a post that WordNet files first under another sense ("head" as a body part). */
const ROLE_NOUNS: ReadonlySet<string> = new Set(["head", "boss", "chair"]);
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

export interface Shape {
  askedFor: AskedFor;
  /** Asks for a name outright ("what is the name of..."): a description of someone is no answer. */
  namesAsked?: boolean;
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
export function readShape(tokens: readonly Token[], folded: string): Shape {
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
    // "Who is the head of X", "who was the leader of Y": the holder's name is asked for.
    const role = tokens[whIndex + 1]?.lemma === "be" ? headNounAfter(tokens, whIndex + 2) : undefined;
    const roleToken = role === undefined ? undefined : tokens[role];
    if (
      roleToken !== undefined &&
      tokens[(role ?? 0) + 1]?.lower === "of" &&
      (classOfNoun(roleToken) === "person" || ROLE_NOUNS.has(roleToken.lemma))
    ) {
      return { ...shape("person", role), namesAsked: true };
    }
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
    // "What is the name of X", "what was the price of Y": the noun after "is the" is the focus.
    const afterBe =
      tokens[whIndex + 1]?.lemma === "be" && tokens[whIndex + 2]?.pos === "DET"
        ? headNounAfter(tokens, whIndex + 3)
        : undefined;
    const namedAfterBe = afterBe === undefined ? undefined : tokens[afterBe]?.lemma;
    // "What is the unemployment rate in X", "what was the oil price": a figure, of what the
    // compound's first noun names.
    if (
      afterBe !== undefined &&
      namedAfterBe !== undefined &&
      FIGURE_NOUNS.has(namedAfterBe) &&
      tokens[afterBe + 1]?.lower !== "of" &&
      tokens[afterBe - 1]?.pos === "NOUN"
    ) {
      return shape("number", afterBe - 1, FIGURE_NOUNS.get(namedAfterBe));
    }
    const focus =
      namedAfterBe !== undefined &&
      (namedAfterBe === "name" || FIGURE_NOUNS.has(namedAfterBe)) &&
      tokens[(afterBe ?? 0) + 1]?.lower === "of"
        ? afterBe
        : headNounAfter(tokens, whIndex + 1);
    const focusToken = focus === undefined ? undefined : tokens[focus];
    if (focusToken !== undefined && focus !== undefined && (focus <= whIndex + 3 || focus === afterBe)) {
      const lemma = focusToken.lemma;
      // "What is the name of the judge", "what are the names of the plaintiffs": a name is asked for.
      if (lemma === "name") {
        const of = tokens[focus + 1]?.lower === "of" ? headNounAfter(tokens, focus + 2) : undefined;
        return { ...shape("person", of), namesAsked: true };
      }
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

/**
 * Content terms: the words of a sentence or question that carry its meaning, with what kind of
 * word each is and how much it weighs. Shared by the reader and the question stage, so both sides
 * of a match are cut the same way.
 */
import type { PartOfSpeech, Token } from "./nlp.js";
import { numberWordValue } from "./numberWords.js";
import { wordVectors } from "./wordVectors.js";

export interface Term {
  /** Lower-case lemma ("banned" -> "ban"). */
  readonly lemma: string;
  /** Folded lower-case form as written ("banned"). */
  readonly lower: string;
  readonly pos: PartOfSpeech;
  /** Index of the token in its text. */
  readonly index: number;
  /** Part of a name (a capitalised word other than the first, an acronym, a proper noun). */
  readonly name: boolean;
  /** A number or number word. */
  readonly number: boolean;
  readonly negated: boolean;
  /** How much the word says: rare words say more (see termWeight). */
  readonly weight: number;
}

/** Parts of speech whose words carry content. */
const CONTENT_POS: ReadonlySet<PartOfSpeech> = new Set(["NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM", "X"]);
/**
 * English function words: determiners, pronouns, prepositions, conjunctions and auxiliaries (the
 * NLTK English stop list). wink-nlp's own stop list is wider and drops words a question turns on
 * ("say", "call", "take", "last", "top"), so it is not used.
 */
const STOP_WORDS: ReadonlySet<string> = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
  hers herself it its itself they them their theirs themselves what which who whom whose this that
  these those am is are was were be been being have has had having do does did doing a an the and
  but if or because as until while of at by for with about between into through during before
  after above below to from up down in out on off over under again further then once here there when
  where why how all any both each few more most other some such no nor not only own same so than too
  very s t can will just don should now would could shall may might must ought`.split(/\s+/),
);

/**
 * Words beyond those that carry no content in a question: the verbs that only carry tense or ask
 * ("do", "be", "have", "get"), vague nouns and chat fillers. A general list of English.
 */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `be have do get go make also just even still really actually very so such much many more most
  some any every each other another else thing things stuff something anything lot lots kind sort
  like way bit etc yes no not ok okay please thanks thank hey hi hello lol`.split(/\s+/),
);

/**
 * Rank in the frequency-ordered vector table at which a word weighs 1 more than the most common
 * ones; weight grows with the log of the rank (Zipf: -log frequency ~ log rank). Words outside
 * the table (names, rare words, typos) weigh as the rarest.
 */
const WEIGHT_RANK_UNIT = 150;
/** The weight of a word not in the table: a little above the table's rarest word. */
const UNKNOWN_WORD_RANK = 60_000;

/** A figure's digits weigh like a fairly rare word: whether the figure matches is judged apart. */
const NUMBER_WEIGHT = 3;

/** How much a word weighs: about 1 for "year", 3 for "barrel", 6 for names unknown to the table. */
export function termWeight(lower: string, lemma: string): number {
  if (/^\d/.test(lower)) return NUMBER_WEIGHT;
  const vectors = wordVectors();
  const rank = Math.min(vectors.rank(lower) ?? UNKNOWN_WORD_RANK, vectors.rank(lemma) ?? UNKNOWN_WORD_RANK);
  return Math.log2(2 + rank / WEIGHT_RANK_UNIT);
}

export function isNumberToken(token: Token): boolean {
  return /^\d/.test(token.lower) || (token.pos === "NUM" && numberWordValue(token.lower) !== undefined);
}

export function isContentToken(token: Token): boolean {
  if (token.type !== "word" && token.type !== "number" && token.type !== "decade") return false;
  if (isNumberToken(token)) return true;
  if (STOP_WORDS.has(token.lower) || FUNCTION_WORDS.has(token.lemma) || FUNCTION_WORDS.has(token.lower))
    return false;
  if (!CONTENT_POS.has(token.pos) && !token.capitalized) return false;
  return /\p{L}{2}/u.test(token.lower) || token.lower === "u.s.";
}

/** The content terms of analysed text; `nameAt(index)` says which tokens belong to names. */
export function contentTerms(tokens: readonly Token[], nameAt: (index: number) => boolean): Term[] {
  const terms: Term[] = [];
  tokens.forEach((token, index) => {
    if (!isContentToken(token)) return;
    // "three" and "3" are one figure.
    const value = numberWordValue(token.lower);
    // "anti-BJP", "pdp-laban", "covid-19": the parts are words of their own as well.
    if (token.lower.includes("-") && wordVectors().rank(token.lower) === undefined) {
      for (const part of token.lower.split("-")) {
        if (part.length < 2 || (/^\d+$/.test(part) && part.length < 2)) continue;
        terms.push({
          lemma: part,
          lower: part,
          pos: token.pos,
          index,
          name: nameAt(index) && token.pos !== "ADJ",
          number: /^\d/.test(part),
          negated: token.negated,
          weight: termWeight(part, part),
        });
      }
    }
    terms.push({
      lemma: value === undefined || value < 2 ? token.lemma : String(value),
      lower: token.lower,
      pos: token.pos,
      index,
      // Nationality adjectives ("American", "Mexican") describe; they do not name what is asked about.
      name: nameAt(index) && token.pos !== "ADJ",
      number: isNumberToken(token),
      negated: token.negated,
      weight: termWeight(token.lower, token.lemma),
    });
  });
  return terms;
}

/**
 * The meaning of some terms as one unit vector: their word vectors averaged, each weighted by
 * how much it says, so "who buys the most crude" and "the kingdom's top oil customer" land close.
 * Undefined when no term has a vector.
 */
export function meaningVector(terms: readonly Term[]): Float32Array | undefined {
  const vectors = wordVectors();
  const sum = new Float32Array(vectors.dimensions);
  let any = false;
  for (const term of terms) {
    const vector = vectors.vector(term.lower) ?? vectors.vector(term.lemma);
    if (vector === undefined || term.number) continue;
    any = true;
    for (let index = 0; index < sum.length; index++)
      sum[index] = (sum[index] ?? 0) + (vector[index] ?? 0) * term.weight;
  }
  if (!any) return undefined;
  // Remove what every text has in common (Arora et al.'s SIF): it makes unrelated texts look alike.
  const common = commonDirection();
  let along = 0;
  for (let index = 0; index < sum.length; index++) along += (sum[index] ?? 0) * (common[index] ?? 0);
  for (let index = 0; index < sum.length; index++)
    sum[index] = (sum[index] ?? 0) - along * (common[index] ?? 0);
  const norm = Math.sqrt(sum.reduce((total, value) => total + value * value, 0)) || 1;
  for (let index = 0; index < sum.length; index++) sum[index] = (sum[index] ?? 0) / norm;
  return sum;
}

/** Words whose vectors, averaged, stand for what all English text shares. */
const COMMON_WORDS = 5_000;
let common: Float32Array | undefined;

/** The unit direction of the most frequent words' average vector, weighted as termWeight weighs them. */
function commonDirection(): Float32Array {
  if (common !== undefined) return common;
  const vectors = wordVectors();
  const sum = new Float32Array(vectors.dimensions);
  for (const word of vectors.words().slice(0, COMMON_WORDS)) {
    const vector = vectors.vector(word);
    if (vector === undefined) continue;
    const weight = termWeight(word, word);
    for (let index = 0; index < sum.length; index++)
      sum[index] = (sum[index] ?? 0) + (vector[index] ?? 0) * weight;
  }
  const norm = Math.sqrt(sum.reduce((total, value) => total + value * value, 0)) || 1;
  common = sum.map((value) => value / norm);
  return common;
}

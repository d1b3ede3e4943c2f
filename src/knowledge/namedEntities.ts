/**
 * Names in analysed text: runs of capitalised words and acronyms ("Saudi Energy Minister Prince
 * Abdulaziz bin Salman", "OPEC", "Wall Street Journal"), and what each names: a person, a place,
 * or a group (a party, a company, a government body). WordNet knows many names; titles and
 * person nouns around a name tell the rest ("Minister X", "X, the president").
 */
import type { Token } from "./nlp.js";
import { isMonthOrDay } from "./quantities.js";
import { dot, wordVectors } from "./wordVectors.js";
import { type NameClass, wordRelations } from "./wordRelations.js";

export interface NamedEntity {
  /** As written. */
  readonly text: string;
  /** Lower case, words joined by one space. */
  readonly key: string;
  /** Token indexes [start, end). */
  readonly start: number;
  readonly end: number;
  readonly kind: NameClass | "unknown";
}

/** Small words that join the parts of one name ("Bank of Japan", "bin Salman", "Sierra de la Plata"). */
const NAME_JOINERS: ReadonlySet<string> = new Set([
  "of",
  "bin",
  "bint",
  "al",
  "de",
  "del",
  "la",
  "le",
  "van",
  "von",
  "da",
  "di",
  "du",
  "and",
  "&",
]);
/** Titles that only go before a person's name. */
const PERSONAL_TITLES: ReadonlySet<string> = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "sir",
  "dame",
  "lord",
  "lady",
  "st",
]);

function isCapitalisedWord(token: Token): boolean {
  // Months and weekdays are times, not names.
  return (
    token.capitalized && /\p{L}/u.test(token.text) && token.type === "word" && !isMonthOrDay(token.lower)
  );
}

/** A word that is a name by itself, or one the word vectors read as a person or place. */
function knownName(token: Token | undefined): boolean {
  if (token === undefined) return false;
  const kind = wordRelations().nameClass(token.lower) ?? byMeaning([token.lower]);
  return kind === "person" || kind === "place";
}

/** An acronym: two or more capitals, perhaps with digits ("OPEC", "G7", "LDP"). */
function isAcronym(token: Token): boolean {
  return /^\p{Lu}[\p{Lu}\d]+$/u.test(token.text);
}

/**
 * Whether a capitalised first word of a sentence is a name: a proper noun by its tagger and
 * either written capitalised elsewhere, or known to WordNet as a name, or no common word at all.
 */
function startsWithName(token: Token, capitalisedElsewhere: ReadonlySet<string>): boolean {
  if (isAcronym(token)) return true;
  if (token.pos !== "PROPN") return false;
  const relations = wordRelations();
  if (capitalisedElsewhere.has(token.lower) || relations.nameClass(token.lower) !== undefined) return true;
  return (["n", "v", "a", "r"] as const).every((pos) => relations.classOf(token.lemma, pos) === undefined);
}

/** What a name names: WordNet first, then the person nouns and titles around it. */
function classify(tokens: readonly Token[], start: number, end: number, key: string): NameClass | "unknown" {
  const relations = wordRelations();
  const known = relations.nameClass(key);
  if (known !== undefined) return known;
  const first = tokens[start];
  const before = tokens[start - 1];
  const after = tokens[end];
  const isPersonNoun = (token: Token | undefined) =>
    token !== undefined && relations.classOf(token.lemma, "n") === "person" && token.pos !== "PROPN";
  if (before !== undefined && PERSONAL_TITLES.has(before.lower.replace(/\.$/, ""))) return "person";
  // A title inside the run: "Energy Minister Prince Abdulaziz", "President Xi Jinping".
  for (let index = start; index < end - 1; index++) {
    const token = tokens[index];
    // A title, not a nationality ("Russian" is also an adjective; "Minister" is not).
    if (
      token !== undefined &&
      relations.classOf(token.lemma, "n") === "person" &&
      relations.classOf(token.lemma, "a") === undefined
    )
      return "person";
  }
  if (isPersonNoun(before)) return "person";
  // "X, the president", "Dongbei, a region": what the noun in apposition is.
  if (after?.text === ",") {
    for (let look = end + 1; look < Math.min(tokens.length, end + 4); look++) {
      const token = tokens[look];
      if (token === undefined || token.pos === "PROPN" || token.pos === "VERB") break;
      if (token.pos !== "NOUN") continue;
      const kind = relations.classOf(token.lemma, "n");
      if (kind === "person") return "person";
      if (kind === "location") return "place";
      if (kind === "group") return "group";
      break;
    }
  }
  const parts = key.split(" ");
  // The longest known ending: "Russian Far East" is the Far East.
  for (let from = 1; from < parts.length - 1; from++) {
    const known = relations.nameClass(parts.slice(from).join(" "));
    if (known !== undefined) return known;
  }
  const lastKnown = relations.nameClass(parts[parts.length - 1] ?? "");
  const firstKnown = relations.nameClass(parts[0] ?? "");
  if (parts.length > 1 && firstKnown === "place" && lastKnown === undefined) return "group";
  if (lastKnown !== undefined) return lastKnown;
  return (
    byMeaning(parts) ?? (first !== undefined && isAcronym(first) && end - start === 1 ? "group" : "unknown")
  );
}

/**
 * Typical words of each kind of name, whose word vectors' average stands for the kind: common
 * first names and surnames from many languages, places of every size, and the head nouns of
 * organisations' names. A general list, not drawn from any briefing.
 */
const NAME_SEEDS: Readonly<Record<NameClass, readonly string[]>> = {
  person:
    "john david michael maria carlos mohammed ahmed smith johnson garcia kim singh ivanov mueller rossi tanaka nguyen lopez martin pierre".split(
      " ",
    ),
  place:
    "london paris tokyo brazil kenya ohio bavaria texas mumbai cairo moscow sydney toronto lima seoul manila nairobi quebec provence siberia".split(
      " ",
    ),
  group:
    "party council ministry committee union bank corporation agency commission company court parliament army association federation institute league movement front organization".split(
      " ",
    ),
};
/** Least cosine to a kind's seeds, and least lead over the next kind, for a name to be read as that kind. */
const MEANING_MIN = 0.15;
const MEANING_MARGIN = 0.05;

let centroids: Map<NameClass, Float32Array> | undefined;

function centroidsOf(): Map<NameClass, Float32Array> {
  if (centroids !== undefined) return centroids;
  const vectors = wordVectors();
  centroids = new Map();
  for (const [kind, seeds] of Object.entries(NAME_SEEDS) as [NameClass, readonly string[]][]) {
    const sum = new Float32Array(vectors.dimensions);
    for (const seed of seeds) {
      const vector = vectors.vector(seed);
      if (vector !== undefined)
        for (let index = 0; index < sum.length; index++)
          sum[index] = (sum[index] ?? 0) + (vector[index] ?? 0);
    }
    const norm = Math.sqrt(dot(sum, sum)) || 1;
    centroids.set(
      kind,
      sum.map((value) => value / norm),
    );
  }
  return centroids;
}

/** What a name's words are most like, by their word vectors, when they clearly lean one way. */
function byMeaning(words: readonly string[]): NameClass | undefined {
  const vectors = wordVectors();
  const scores = new Map<NameClass, number>();
  let any = false;
  for (const word of words) {
    const vector = vectors.vector(word);
    if (vector === undefined) continue;
    any = true;
    for (const [kind, centroid] of centroidsOf())
      scores.set(kind, (scores.get(kind) ?? 0) + dot(vector, centroid));
  }
  if (!any) return undefined;
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, next] = ranked;
  if (best === undefined) return undefined;
  const count = words.filter((word) => vectors.vector(word) !== undefined).length;
  const lead = best[1] - (next?.[1] ?? 0);
  return best[1] / count >= MEANING_MIN && lead / count >= MEANING_MARGIN ? best[0] : undefined;
}

/**
 * A name's kind from a longer name of the same text that shares its words ("Biden" is the
 * person "President Joe Biden" named before), for names read unknown or by meaning alone.
 */
export function inheritKinds(names: readonly NamedEntity[]): NamedEntity[] {
  return names.map((name) => {
    if (name.kind !== "unknown") return name;
    const words = name.key.split(" ");
    const fuller = names.find(
      (other) =>
        other.kind !== "unknown" &&
        other.key !== name.key &&
        words.every((word) => other.key.split(" ").includes(word)),
    );
    return fuller === undefined ? name : { ...name, kind: fuller.kind };
  });
}

/**
 * Names in `tokens`. `capitalisedElsewhere`: lower-case words the whole text writes capitalised
 * away from a sentence start, so a sentence-initial "Russia" counts and "Lowish" need not.
 */
export function findNames(
  tokens: readonly Token[],
  capitalisedElsewhere: ReadonlySet<string>,
): NamedEntity[] {
  const names: NamedEntity[] = [];
  let index = 0;
  const isNamePart = (token: Token, at: number) =>
    (isCapitalisedWord(token) || isAcronym(token)) && (at > 0 || startsWithName(token, capitalisedElsewhere));
  while (index < tokens.length) {
    const token = tokens[index];
    // "Mr." and "Ms." introduce a name; they are not part of it.
    if (
      token === undefined ||
      !isNamePart(token, index) ||
      PERSONAL_TITLES.has(token.lower.replace(/\.$/, ""))
    ) {
      index++;
      continue;
    }
    let end = index + 1;
    for (;;) {
      const next = tokens[end];
      if (next !== undefined && isCapitalisedWord(next)) {
        end++;
        continue;
      }
      const after = tokens[end + 1];
      // "Bank of Japan", "Belt and Road": joined, unless "and" joins two names ("Trump and Xi").
      const joinsTwoNames = next?.lower === "and" && (knownName(tokens[end - 1]) || knownName(after));
      if (
        next !== undefined &&
        NAME_JOINERS.has(next.lower) &&
        after !== undefined &&
        isCapitalisedWord(after) &&
        !joinsTwoNames
      ) {
        end += 2;
        continue;
      }
      break;
    }
    const parts = tokens.slice(index, end);
    const key = parts.map((part) => part.lower).join(" ");
    // A capitalised run that opens with a verb is a title or slogan ("Make America Great Again").
    if (parts[0]?.pos === "VERB") {
      index = end;
      continue;
    }
    // "Venezuelan election", "Japanese occupiers": a nationality describing a noun, not a name.
    const nextToken = tokens[end];
    if (end - index === 1 && nextToken?.pos === "NOUN" && wordRelations().classOf(key, "a") !== undefined) {
      index = end;
      continue;
    }
    const text = parts
      .map((part, at) =>
        at === 0
          ? part.text
          : `${" ".repeat(Math.max(0, part.start - (parts[at - 1]?.end ?? part.start)))}${part.text}`,
      )
      .join("");
    names.push({ text, key, start: index, end, kind: classify(tokens, index, end, key) });
    index = end;
  }
  return names;
}

/** Lower-case words written capitalised somewhere other than a sentence's first word. */
export function capitalisedWords(sentences: readonly (readonly Token[])[]): Set<string> {
  const found = new Set<string>();
  for (const tokens of sentences) {
    tokens.forEach((token, index) => {
      if (index > 0 && isCapitalisedWord(token)) found.add(token.lower);
    });
  }
  return found;
}

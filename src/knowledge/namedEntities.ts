/**
 * Names in analysed text: runs of capitalised words and acronyms ("Saudi Energy Minister Prince
 * Abdulaziz bin Salman", "OPEC", "Wall Street Journal"), and what each names: a person, a place,
 * or a group (a party, a company, a government body). WordNet knows many names; titles and
 * person nouns around a name tell the rest ("Minister X", "X, the president").
 */
import type { Token } from "./nlp.js";
import { isMonthOrDay } from "./quantities.js";
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
const NAME_JOINERS: ReadonlySet<string> = new Set(["of", "bin", "bint", "al", "de", "del", "la", "le", "van", "von", "da", "di", "du", "and", "&"]);
/** Titles that only go before a person's name. */
const PERSONAL_TITLES: ReadonlySet<string> = new Set(["mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "st"]);

function isCapitalisedWord(token: Token): boolean {
  // Months and weekdays are times, not names.
  return token.capitalized && /\p{L}/u.test(token.text) && token.type === "word" && !isMonthOrDay(token.lower);
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
    if (token !== undefined && relations.classOf(token.lemma, "n") === "person") return "person";
  }
  if (isPersonNoun(before)) return "person";
  // "X, the president": a person noun in apposition.
  if (after?.text === "," && isPersonNoun(tokens[end + 2] ?? tokens[end + 1])) return "person";
  const parts = key.split(" ");
  const lastKnown = relations.nameClass(parts[parts.length - 1] ?? "");
  const firstKnown = relations.nameClass(parts[0] ?? "");
  if (parts.length > 1 && firstKnown === "place" && lastKnown === undefined) return "group";
  if (lastKnown !== undefined) return lastKnown;
  if (first !== undefined && isAcronym(first) && end - start === 1) return "group";
  return "unknown";
}

/**
 * Names in `tokens`. `capitalisedElsewhere`: lower-case words the whole text writes capitalised
 * away from a sentence start, so a sentence-initial "Russia" counts and "Lowish" need not.
 */
export function findNames(tokens: readonly Token[], capitalisedElsewhere: ReadonlySet<string>): NamedEntity[] {
  const names: NamedEntity[] = [];
  let index = 0;
  const isNamePart = (token: Token, at: number) =>
    (isCapitalisedWord(token) || isAcronym(token)) && (at > 0 || startsWithName(token, capitalisedElsewhere));
  while (index < tokens.length) {
    const token = tokens[index];
    // "Mr." and "Ms." introduce a name; they are not part of it.
    if (token === undefined || !isNamePart(token, index) || PERSONAL_TITLES.has(token.lower.replace(/\.$/, ""))) {
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
      if (next !== undefined && NAME_JOINERS.has(next.lower) && after !== undefined && isCapitalisedWord(after) && next.lower !== "and") {
        end += 2;
        continue;
      }
      break;
    }
    const parts = tokens.slice(index, end);
    const key = parts.map((part) => part.lower).join(" ");
    const text = parts.map((part, at) => (at === 0 ? part.text : `${" ".repeat(Math.max(0, part.start - (parts[at - 1]?.end ?? part.start)))}${part.text}`)).join("");
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

/**
 * General word relations from WordNet (derived by scripts/resources/deriveWordRelations.js):
 * synonyms of a word's most frequent sense, derivational relatives across parts of speech
 * ("produce" / "production", "industry" / "industrial"), the kind of thing a word's main sense
 * names ("minister" a person, "province" a location, "say" communication), and what a capitalised
 * name names ("Vienna" a place, "NATO" a group).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import type { PartOfSpeech } from "./nlp.js";

const RELATIONS_FILE = fileURLToPath(new URL("./resources/word-relations.txt", import.meta.url));
const NAMES_FILE = fileURLToPath(new URL("./resources/name-classes.txt", import.meta.url));
const ACRONYMS_FILE = fileURLToPath(new URL("./resources/acronyms.txt", import.meta.url));

export type WordNetPos = "n" | "v" | "a" | "r";
export type NameClass = "person" | "place" | "group";
export type Relation = "synonym" | "relative";

export function wordNetPos(pos: PartOfSpeech): WordNetPos | undefined {
  switch (pos) {
    case "NOUN":
    case "PROPN":
      return "n";
    case "VERB":
      return "v";
    case "ADJ":
      return "a";
    case "ADV":
      return "r";
    default:
      return undefined;
  }
}

export interface WordRelations {
  /** How two lemmas relate, if they do: synonyms need the parts of speech, relatives do not. */
  relation(
    a: string,
    posA: WordNetPos | undefined,
    b: string,
    posB: WordNetPos | undefined,
  ): Relation | undefined;
  /** Every lemma related to `lemma` (either way), for looking words up in an index. */
  relatedLemmas(lemma: string): ReadonlySet<string>;
  /** WordNet's class of the lemma's most frequent sense for that part of speech ("person", "time"...). */
  classOf(lemma: string, pos: WordNetPos): string | undefined;
  /** What a name names, when WordNet knows the name. */
  nameClass(name: string): NameClass | undefined;
  /** The words an acronym stands for ("gdp" -> gross domestic product), when WordNet spells it out. */
  acronym(short: string): readonly string[] | undefined;
}

const EMPTY: ReadonlySet<string> = new Set();

/** One lemma's lines of the table, read on first use. */
interface LemmaRelations {
  /** Per part of speech: WordNet's class of the main sense, and synonyms of that sense. */
  readonly byPos: ReadonlyMap<string, { readonly kind: string; readonly synonyms: ReadonlySet<string> }>;
  /** Derivational relatives, whatever the part of speech. */
  readonly relatives: ReadonlySet<string>;
  /** Synonyms of any part of speech and relatives. */
  readonly any: ReadonlySet<string>;
}

/** Lemmas whose parsed lines are kept; the raw lines of every lemma stay, a few bytes each. */
const PARSED_CACHE_LIMIT = 20_000;

/**
 * Reads the derived tables. The relations table holds about 27,000 lines: they are kept as text
 * per lemma and parsed on first use, which keeps the resident set small (parsing them all into
 * sets cost about 13 MB of heap).
 */
export function parseWordRelations(
  relationsText: string,
  namesText: string,
  acronymsText = "",
): WordRelations {
  const rows = new Map<string, string[]>();
  for (const line of relationsText.split("\n")) {
    const tab = line.indexOf("\t");
    if (tab <= 0) continue;
    const lemma = line.slice(0, tab);
    const list = rows.get(lemma);
    if (list === undefined) rows.set(lemma, [line.slice(tab + 1)]);
    else list.push(line.slice(tab + 1));
  }
  const parsed = new Map<string, LemmaRelations>();
  const of = (lemma: string): LemmaRelations | undefined => {
    const cached = parsed.get(lemma);
    if (cached !== undefined) return cached;
    const lines = rows.get(lemma);
    if (lines === undefined) return undefined;
    const byPos = new Map<string, { kind: string; synonyms: ReadonlySet<string> }>();
    const relatives = new Set<string>();
    const any = new Set<string>();
    for (const line of lines) {
      const [pos = "", kind = "", synonymList = "", relativeList = ""] = line.split("\t");
      const synonyms = new Set(synonymList.split(" ").filter((word) => word !== ""));
      byPos.set(pos, { kind, synonyms });
      for (const word of synonyms) any.add(word);
      for (const word of relativeList.split(" ")) {
        if (word === "") continue;
        relatives.add(word);
        any.add(word);
      }
    }
    const entry = { byPos, relatives, any };
    if (parsed.size >= PARSED_CACHE_LIMIT) parsed.clear();
    parsed.set(lemma, entry);
    return entry;
  };
  const names = new Map<string, NameClass>();
  for (const line of namesText.split("\n")) {
    const [name = "", kind = ""] = line.split("\t");
    if (name !== "" && (kind === "person" || kind === "place" || kind === "group")) names.set(name, kind);
  }
  const acronyms = new Map<string, string[]>();
  for (const line of acronymsText.split("\n")) {
    const [short = "", long = ""] = line.split("\t");
    if (short !== "" && long !== "") acronyms.set(short, long.split(/[\s-]+/));
  }
  return {
    acronym: (short) => acronyms.get(short),
    relation(a, posA, b, posB) {
      if (a === b) return undefined;
      const entry = of(a);
      if (entry?.relatives.has(b) === true) return "relative";
      if (posA !== undefined && posA === posB && entry?.byPos.get(posA)?.synonyms.has(b) === true)
        return "synonym";
      return undefined;
    },
    relatedLemmas: (lemma) => of(lemma)?.any ?? EMPTY,
    classOf: (lemma, pos) => {
      const kind = of(lemma)?.byPos.get(pos)?.kind;
      return kind === undefined || kind === "" ? undefined : kind;
    },
    nameClass: (name) => names.get(name),
  };
}

let shared: WordRelations | undefined;

/** The process-wide table, read on first use. */
export function wordRelations(): WordRelations {
  shared ??= parseWordRelations(
    readFileSync(RELATIONS_FILE, "utf8"),
    readFileSync(NAMES_FILE, "utf8"),
    readFileSync(ACRONYMS_FILE, "utf8"),
  );
  return shared;
}

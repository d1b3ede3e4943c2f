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

export function parseWordRelations(
  relationsText: string,
  namesText: string,
  acronymsText = "",
): WordRelations {
  const synonyms = new Map<string, Set<string>>();
  const relatives = new Map<string, Set<string>>();
  const any = new Map<string, Set<string>>();
  const classes = new Map<string, string>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    let set = map.get(key);
    if (set === undefined) map.set(key, (set = new Set()));
    set.add(value);
  };
  for (const line of relationsText.split("\n")) {
    if (line === "") continue;
    const [lemma = "", pos = "", kind = "", synonymList = "", relativeList = ""] = line.split("\t");
    if (kind !== "") classes.set(`${lemma}/${pos}`, kind);
    for (const other of synonymList.split(" ")) {
      if (other === "") continue;
      // Symmetric: "cut" lists "reduce" only through "reduce"'s own entry.
      add(synonyms, `${lemma}/${pos}`, other);
      add(synonyms, `${other}/${pos}`, lemma);
      add(any, lemma, other);
      add(any, other, lemma);
    }
    for (const other of relativeList.split(" ")) {
      if (other === "") continue;
      add(relatives, lemma, other);
      add(relatives, other, lemma);
      add(any, lemma, other);
      add(any, other, lemma);
    }
  }
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
      if (relatives.get(a)?.has(b) === true) return "relative";
      if (posA !== undefined && posA === posB && synonyms.get(`${a}/${posA}`)?.has(b) === true)
        return "synonym";
      return undefined;
    },
    relatedLemmas: (lemma) => any.get(lemma) ?? EMPTY,
    classOf: (lemma, pos) => classes.get(`${lemma}/${pos}`),
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

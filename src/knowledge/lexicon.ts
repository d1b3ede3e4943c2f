/**
 * The override lexicon (knowledge/lexicon.yaml): a few groups of words that the general resources
 * (WordNet, the word vectors) do not relate but a briefing's readers use for each other
 * ("Dongbei" and "Manchuria"). Everything else comes from the general resources.
 */
import { foldText } from "./fold.js";
import { lexiconSchema } from "./schema.js";

export interface Lexicon {
  /** Folded single words; every word of a group relates to every other. */
  readonly groups: readonly (readonly string[])[];
}

export const EMPTY_LEXICON: Lexicon = { groups: [] };

export function parseLexicon(file: string, raw: unknown, problems: string[]): Lexicon {
  const parsed = lexiconSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.length === 0 ? "document" : issue.path.map(String).join(".");
      problems.push(`${file}: ${where}: ${issue.message}`);
    }
    return EMPTY_LEXICON;
  }
  const owner = new Map<string, number>();
  const groups: string[][] = [];
  parsed.data.synonyms.forEach((group, index) => {
    const folded = group.map(foldText);
    for (const entry of folded) {
      const previous = owner.get(entry);
      if (previous !== undefined) {
        const what =
          previous === index ? "repeats" : `is already in group ${previous} (merge the two groups)`;
        problems.push(`${file}: synonyms.${index}: "${entry}" ${what}`);
      }
      owner.set(entry, index);
    }
    groups.push([...new Set(folded)]);
  });
  return { groups };
}

/** Each word's lexicon relatives. */
export function lexiconRelatives(lexicon: Lexicon): Map<string, Set<string>> {
  const relatives = new Map<string, Set<string>>();
  for (const group of lexicon.groups) {
    for (const word of group) {
      const set = relatives.get(word) ?? new Set<string>();
      for (const other of group) if (other !== word) set.add(other);
      relatives.set(word, set);
    }
  }
  return relatives;
}

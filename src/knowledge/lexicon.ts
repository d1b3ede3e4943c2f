/** The synonym lexicon (knowledge/lexicon.yaml): groups of words or phrases that match each other. */
import { foldText } from "./fold.js";
import { lexiconSchema } from "./schema.js";

export interface Lexicon {
  /** Folded entries; every entry of a group is a synonym of every other. */
  readonly groups: readonly (readonly string[])[];
  /**
   * Folded everyday words that never make a question "about something else": they are neither
   * known nor unknown content when deciding whether to decline.
   */
  readonly generic: readonly string[];
  /** Folded words of synonym groups that also have an everyday sense outside their group. */
  readonly ambiguous: readonly string[];
}

export function parseLexicon(file: string, raw: unknown, problems: string[]): Lexicon {
  const parsed = lexiconSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.length === 0 ? "document" : issue.path.map(String).join(".");
      problems.push(`${file}: ${where}: ${issue.message}`);
    }
    return { groups: [], generic: [], ambiguous: [] };
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
  const ambiguous = [...new Set(parsed.data.ambiguous.map(foldText))];
  ambiguous.forEach((entry, index) => {
    if (!owner.has(entry)) problems.push(`${file}: ambiguous.${index}: "${entry}" is in no synonym group`);
  });
  return {
    groups,
    generic: [...new Set(parsed.data.generic.map(foldText))],
    ambiguous,
  };
}

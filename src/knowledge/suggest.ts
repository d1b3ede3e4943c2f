/** Ranks the curated sample questions: for autocomplete, and as suggestions when declining. */
import Fuse from "fuse.js";

import { foldText, words } from "./fold.js";

/** fuse.js score (0 = perfect) above which a fuzzy match is noise rather than a near spelling. */
export const FUZZY_MAX_SCORE = 0.45;
/**
 * fuse.js's Bitap matcher works in 32-character chunks and slows down sharply beyond one;
 * the start of what was typed is what autocomplete and suggestions care about anyway.
 */
export const FUZZY_MAX_PATTERN = 32;
/** Autocomplete shows at most this many choices (Discord's limit). */
export const MAX_AUTOCOMPLETE = 25;

export interface SuggestibleQuestion {
  readonly question: string;
  readonly briefing: string;
}

export class QuestionSuggester {
  private readonly entries: { question: string; briefing: string; folded: string; concepts: Set<string> }[];
  private readonly fuse: Fuse<{ folded: string; index: number }>;

  constructor(
    questions: readonly SuggestibleQuestion[],
    conceptsOf: (text: string) => Set<string>,
    private readonly correctWord: (word: string) => string,
    private readonly weightOf: (concept: string) => number,
  ) {
    const seen = new Set<string>();
    this.entries = [];
    for (const { question, briefing } of questions) {
      const folded = foldText(question);
      if (seen.has(`${briefing}\n${folded}`)) continue;
      seen.add(`${briefing}\n${folded}`);
      this.entries.push({ question, briefing, folded, concepts: conceptsOf(question) });
    }
    this.fuse = new Fuse(
      this.entries.map((entry, index) => ({ folded: entry.folded, index })),
      { keys: ["folded"], includeScore: true, ignoreLocation: true, threshold: FUZZY_MAX_SCORE },
    );
    this.conceptsOf = conceptsOf;
  }

  private readonly conceptsOf: (text: string) => Set<string>;

  private inScope(index: number, briefing: string | undefined): boolean {
    return briefing === undefined || this.entries[index]?.briefing === briefing;
  }

  /** One question per fact area first: the first sample of each distinct opening, in file order. */
  defaults(limit: number, briefing?: string): string[] {
    const picked: string[] = [];
    const stride = Math.max(1, Math.floor(this.entries.length / Math.max(1, limit)));
    for (let index = 0; index < this.entries.length && picked.length < limit; index += stride) {
      const entry = this.entries[index];
      if (entry !== undefined && this.inScope(index, briefing)) picked.push(entry.question);
    }
    return picked;
  }

  /**
   * Curated questions sharing the most (weighted) concepts with the question, topped up with
   * defaults. (No fuzzy text here: a declined question shares little text with anything, and
   * fuse.js over a whole question costs milliseconds.)
   */
  closest(concepts: ReadonlySet<string>, limit: number, briefing?: string): string[] {
    const scored: { index: number; score: number }[] = [];
    this.entries.forEach((entry, index) => {
      if (!this.inScope(index, briefing)) return;
      let shared = 0;
      for (const concept of concepts)
        if (entry.concepts.has(concept) && !concept.startsWith("?")) shared += this.weightOf(concept);
      if (shared > 0) scored.push({ index, score: shared });
    });
    scored.sort((a, b) => b.score - a.score || a.index - b.index);
    const picked = scored.slice(0, limit).map(({ index }) => this.entries[index]?.question ?? "");
    for (const fallback of this.defaults(limit * 2, briefing)) {
      if (picked.length >= limit) break;
      if (!picked.includes(fallback)) picked.push(fallback);
    }
    return picked.filter((question) => question !== "").slice(0, limit);
  }

  /** Autocomplete tiers: exact/prefix, then keyword (every typed word matches), then fuzzy text. */
  autocomplete(typed: string, limit: number, briefing?: string): string[] {
    const cap = Math.max(0, Math.min(limit, MAX_AUTOCOMPLETE));
    if (cap === 0) return [];
    const folded = foldText(typed);
    if (folded === "") return this.defaults(cap, briefing);
    const picked = new Set<number>();
    const take = (index: number) => {
      if (picked.size < cap && this.inScope(index, briefing)) picked.add(index);
    };
    this.entries.forEach((entry, index) => {
      if (entry.folded === folded) take(index);
    });
    this.entries.forEach((entry, index) => {
      if (entry.folded.startsWith(folded)) take(index);
    });
    const typedWords = words(folded).map((word) => this.correctWord(word));
    const typedConcepts = [...this.conceptsOf(typedWords.join(" "))].filter(
      (concept) => !concept.startsWith("?"),
    );
    if (typedConcepts.length > 0) {
      const keywordHits = this.entries
        .map((entry, index) => ({
          index,
          hits: typedConcepts.filter((concept) => entry.concepts.has(concept)).length,
        }))
        .filter((hit) => hit.hits === typedConcepts.length);
      for (const hit of keywordHits) take(hit.index);
    }
    if (picked.size < cap) {
      for (const result of this.fuse.search(folded.slice(0, FUZZY_MAX_PATTERN))) take(result.item.index);
    }
    return [...picked]
      .map((index) => this.entries[index]?.question ?? "")
      .filter((question) => question !== "");
  }
}

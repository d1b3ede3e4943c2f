/**
 * Questions the knowledge base can answer, offered when a question is declined and as
 * autocomplete: the curated sample questions of a facts file where there is one, and for every
 * briefing, questions made from its own sentences ("What does the briefing say about the Belt
 * and Road Initiative?") that the engine was checked to answer with that very sentence. Each
 * briefing's are made on first need, so loading many briefings costs nothing until asked.
 */
import Fuse from "fuse.js";

import { foldText } from "./fold.js";
import type { AnswerPipeline, Decision } from "./pipeline.js";
import type { ReadSentence } from "./reader.js";
import type { KnowledgeBase } from "./types.js";

/** fuse.js score (0 = perfect) above which a fuzzy match is noise rather than a near spelling. */
export const FUZZY_MAX_SCORE = 0.45;
/** fuse.js's Bitap matcher slows sharply beyond 32 characters; the start of what was typed matters most. */
export const FUZZY_MAX_PATTERN = 32;
/** Autocomplete shows at most this many choices (Discord's limit). */
export const MAX_AUTOCOMPLETE = 25;
/**
 * Briefings whose questions are searched when the question names none, nearest first. Making a
 * briefing's questions runs the engine once per sentence: a decline looks only in the nearest
 * briefing, autocomplete in the first few, so both stay quick with thousands loaded (at 20, the
 * scale benchmark's p99 was 105 ms against its 20 ms goal).
 */
export const DECLINE_BRIEFINGS_SEARCHED = 1;
export const AUTOCOMPLETE_BRIEFINGS_SEARCHED = 3;

/** How every question made from a sentence begins (so a caller can ask for them by typing it). */
export const MADE_QUESTION_PREFIX = "What does the briefing say about";

interface Suggestion {
  readonly question: string;
  readonly briefing: string;
  readonly folded: string;
  /** Lemmas of the question's content words. */
  readonly lemmas: ReadonlySet<string>;
  /** The sentence that answers it, when made from one. */
  readonly sentence: ReadSentence | undefined;
}

/** Whether a made question was checked to be answered by its own sentence (undefined: not yet). */
const checked = new WeakMap<Suggestion, boolean>();

interface BriefingSuggestions {
  readonly entries: readonly Suggestion[];
  readonly fuse: Fuse<Suggestion>;
}

/**
 * A question about the sentence's weightiest name or noun that no other sentence of its briefing
 * uses, so that asking it finds this sentence ("What does the briefing say about Mongolia?").
 */
function madeQuestion(sentence: ReadSentence, briefing: readonly ReadSentence[]): string | undefined {
  const usedElsewhere = (lemma: string) =>
    briefing.some((other) => other !== sentence && other.terms.some((term) => term.lemma === lemma));
  const name = sentence.names.find((candidate) =>
    candidate.key.split(" ").every((word) => !usedElsewhere(word)),
  );
  if (name !== undefined) return `${MADE_QUESTION_PREFIX} ${name.text}?`;
  const noun = sentence.terms
    .filter((term) => term.pos === "NOUN" && !term.name && !usedElsewhere(term.lemma))
    .sort((a, b) => b.weight - a.weight)[0];
  return noun === undefined
    ? undefined
    : `${MADE_QUESTION_PREFIX} ${sentence.tokens[noun.index]?.text ?? noun.lower}?`;
}

export class Suggestions {
  private readonly byBriefing = new Map<string, BriefingSuggestions>();

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly pipeline: AnswerPipeline,
  ) {}

  /** One briefing's suggestions: its curated questions, then one made from each sentence that can have one. */
  private of(briefing: string): BriefingSuggestions {
    const cached = this.byBriefing.get(briefing);
    if (cached !== undefined) return cached;
    const entries: Suggestion[] = [];
    const seen = new Set<string>();
    const add = (question: string, sentence: ReadSentence | undefined) => {
      const folded = foldText(question);
      if (seen.has(folded)) return;
      seen.add(folded);
      const lemmas = new Set(this.pipeline.understand(question).terms.map((term) => term.lemma));
      entries.push({ question, briefing, folded, lemmas, sentence });
    };
    for (const fact of this.kb.facts) {
      if (fact.briefing === briefing) for (const question of fact.questions) add(question, undefined);
    }
    const sentences = this.pipeline.index.sentences.filter((sentence) => sentence.briefing.id === briefing);
    for (const sentence of sentences) {
      const made = madeQuestion(sentence, sentences);
      if (made !== undefined) add(made, sentence);
    }
    const built = {
      entries,
      fuse: new Fuse(entries, {
        keys: ["folded"],
        includeScore: true,
        ignoreLocation: true,
        threshold: FUZZY_MAX_SCORE,
      }),
    };
    this.byBriefing.set(briefing, built);
    return built;
  }

  /** The briefings to look in: the one asked about, or the first few (nearest first). */
  private briefings(briefing: string | undefined, limit: number, first: readonly string[] = []): string[] {
    if (briefing !== undefined) return [briefing];
    const order = [...new Set([...first, ...this.kb.briefings.map((known) => known.id)])];
    return order.slice(0, limit);
  }

  /**
   * Whether the engine answers a suggestion: curated questions are trusted, a made question is
   * checked once, when it is first about to be offered (checking every sentence up front would
   * run the engine for each sentence of each briefing loaded).
   */
  private answerable(entry: Suggestion): boolean {
    const sentence = entry.sentence;
    if (sentence === undefined) return true;
    let known = checked.get(entry);
    if (known === undefined) {
      const decision = this.pipeline.decide(
        this.pipeline.understand(entry.question),
        (other) => other.briefing === sentence.briefing,
      );
      known = decision.answer && decision.ranked[0]?.candidate.sentence === sentence;
      checked.set(entry, known);
    }
    return known;
  }

  /** Questions spread over the briefings, for when nothing is closer. */
  general(limit: number, briefing?: string, near: readonly string[] = []): string[] {
    const picked: string[] = [];
    const scope = this.briefings(briefing, DECLINE_BRIEFINGS_SEARCHED, near);
    // A fair share from each briefing in turn, spread over each one's sentences.
    for (const id of scope) {
      const entries = this.of(id).entries;
      const share = Math.max(1, Math.ceil(limit / scope.length));
      const stride = Math.max(1, Math.floor(entries.length / share));
      for (let index = 0; index < entries.length && picked.length < limit; index += stride) {
        const entry = entries[index];
        if (entry !== undefined && !picked.includes(entry.question) && this.answerable(entry))
          picked.push(entry.question);
        if (picked.length % share === 0) break;
      }
      if (picked.length >= limit) break;
    }
    return picked;
  }

  /** Questions closest to a declined one; the sentence that nearly answered it comes first. */
  closest(decision: Decision, near: ReadSentence | undefined, limit: number, briefing?: string): string[] {
    const nearBriefings = decision.ranked.map((entry) => entry.candidate.sentence.briefing.id);
    const entries = this.briefings(briefing, DECLINE_BRIEFINGS_SEARCHED, nearBriefings).flatMap(
      (id) => this.of(id).entries,
    );
    const asked = new Set(decision.question.terms.map((term) => term.lemma));
    const picked: string[] = [];
    const nearEntry = near === undefined ? undefined : entries.find((entry) => entry.sentence === near);
    if (nearEntry !== undefined && this.answerable(nearEntry)) picked.push(nearEntry.question);
    const scored = entries
      .map((entry, index) => ({
        entry,
        index,
        shared: [...entry.lemmas].filter((lemma) => asked.has(lemma)).length,
      }))
      .filter(({ shared }) => shared > 0)
      .sort((a, b) => b.shared - a.shared || a.index - b.index);
    for (const { entry } of scored) {
      if (picked.length >= limit) break;
      if (!picked.includes(entry.question) && this.answerable(entry)) picked.push(entry.question);
    }
    for (const question of this.general(limit * 2, briefing, nearBriefings)) {
      if (picked.length >= limit) break;
      if (!picked.includes(question)) picked.push(question);
    }
    return picked.slice(0, limit);
  }

  /** Autocomplete tiers: exact or prefix, then every typed word, then fuzzy text. */
  autocomplete(typed: string, limit: number, briefing?: string): string[] {
    const cap = Math.max(0, Math.min(limit, MAX_AUTOCOMPLETE));
    if (cap === 0) return [];
    const folded = foldText(typed);
    if (folded === "") return this.general(cap, briefing);
    const scope = this.briefings(briefing, AUTOCOMPLETE_BRIEFINGS_SEARCHED).map((id) => this.of(id));
    const entries = scope.flatMap((built) => built.entries);
    const picked = new Set<Suggestion>();
    const take = (entry: Suggestion) => {
      if (picked.size < cap && this.answerable(entry)) picked.add(entry);
    };
    for (const entry of entries) if (entry.folded.startsWith(folded)) take(entry);
    const typedWords = folded.split(/\W+/).filter((word) => word.length > 2);
    if (typedWords.length > 0) {
      for (const entry of entries) if (typedWords.every((word) => entry.folded.includes(word))) take(entry);
    }
    if (picked.size < cap) {
      for (const built of scope) {
        for (const result of built.fuse.search(folded.slice(0, FUZZY_MAX_PATTERN))) take(result.item);
      }
    }
    return [...picked].map((entry) => entry.question);
  }
}

/**
 * Stage 3's index over every loaded sentence: which sentences hold each word (by lemma and as
 * written), and the vocabulary's word vectors, so a question word finds sentences by its own
 * words, by WordNet relatives ("produce" -> "production") and by similar meaning ("firms" ->
 * "companies"), each kind kept apart for the decision.
 */
import type { ReadBriefing, ReadSentence } from "./reader.js";
import type { Term } from "./terms.js";
import { dot, wordVectors } from "./wordVectors.js";
import { wordNetPos, wordRelations } from "./wordRelations.js";

export type MatchKind = "exact" | "related" | "similar";

export interface WordMatch {
  readonly kind: MatchKind;
  /** 1 for exact and related matches; the cosine for similar ones. */
  readonly strength: number;
}

/**
 * Cosine below which two words are not counted as similar. Chosen on the development split:
 * from 0.45 down, loosely related words ("unemployment" ~ "gdp" 0.63 is above it anyway) add
 * more near misses than answers; the decision model sees the cosine itself.
 */
export const SIMILAR_MIN_COSINE = 0.5;
/** Most similar vocabulary words kept per question word. */
export const SIMILAR_MAX_WORDS = 12;
/** Question words whose expansions are remembered, so hostile input cannot grow memory unbounded. */
const EXPANSION_CACHE_LIMIT = 20_000;

export class MeaningIndex {
  readonly sentences: readonly ReadSentence[];
  readonly briefings: readonly ReadBriefing[];
  /** Sentence ids (positions in `sentences`) per lemma and per written form. */
  private readonly postings = new Map<string, number[]>();
  /** Every word of the loaded briefings with a vector, and those vectors, row by row. */
  private readonly vocabulary: string[] = [];
  private readonly matrix: Float32Array;
  private readonly dimensions: number;
  private readonly expansions = new Map<string, Map<string, WordMatch>>();
  /** Word counts over all loaded sentences, for BM25 and spelling. */
  readonly wordCounts = new Map<string, number>();
  readonly documentFrequency = new Map<string, number>();
  readonly averageLength: number;
  /** Each briefing's read form and the id of its first sentence. */
  private readonly layout = new Map<string, { read: ReadBriefing; start: number }>();
  private readonly contexts = new Map<number, { context: Set<string>; profile: Set<string> }>();

  constructor(
    briefings: readonly ReadBriefing[],
    /** The override lexicon's word groups (lexicon.ts): related as WordNet relatives are. */
    private readonly lexicon: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  ) {
    this.briefings = briefings;
    this.sentences = briefings.flatMap((briefing) => briefing.sentences);
    let start = 0;
    for (const read of briefings) {
      this.layout.set(read.briefing.id, { read, start });
      start += read.sentences.length;
    }
    const vectors = wordVectors();
    this.dimensions = vectors.dimensions;
    const withVectors = new Set<string>();
    let totalLength = 0;
    this.sentences.forEach((sentence, id) => {
      const seen = new Set<string>();
      totalLength += sentence.terms.length;
      for (const term of sentence.terms) {
        for (const key of [term.lemma, term.lower]) {
          if (seen.has(key)) continue;
          seen.add(key);
          const list = this.postings.get(key);
          if (list === undefined) this.postings.set(key, [id]);
          else list.push(id);
          if (vectors.rank(key) !== undefined) withVectors.add(key);
        }
        this.wordCounts.set(term.lower, (this.wordCounts.get(term.lower) ?? 0) + 1);
      }
      for (const word of sentence.expansions) {
        if (seen.has(word)) continue;
        seen.add(word);
        const list = this.postings.get(word);
        if (list === undefined) this.postings.set(word, [id]);
        else list.push(id);
      }
      for (const key of new Set(sentence.terms.map((term) => term.lemma))) {
        this.documentFrequency.set(key, (this.documentFrequency.get(key) ?? 0) + 1);
      }
    });
    for (const briefing of briefings) {
      for (const term of briefing.titleTerms)
        this.wordCounts.set(term.lower, (this.wordCounts.get(term.lower) ?? 0) + 1);
    }
    this.averageLength = totalLength / Math.max(1, this.sentences.length);
    this.vocabulary = [...withVectors].sort();
    this.matrix = new Float32Array(this.vocabulary.length * this.dimensions);
    this.vocabulary.forEach((word, row) => {
      const vector = vectors.vector(word);
      if (vector !== undefined) this.matrix.set(vector, row * this.dimensions);
    });
  }

  /** The briefing a sentence belongs to, read, and the id of its first sentence. */
  briefingOf(sentence: ReadSentence): { read: ReadBriefing; start: number } {
    const found = this.layout.get(sentence.briefing.id);
    if (found === undefined) throw new Error(`briefing ${sentence.briefing.id} is not indexed`);
    return found;
  }

  /**
   * Words a sentence is read with (lemmas and written forms):
   *   context: its briefing's title, the sentence before it in its paragraph, and the names of its
   *            paragraph's first sentence ("It" and "the group" point back to them);
   *   profile: every word of the briefing's sentences that share a name with it, so "the man who
   *            will replace Kishida" finds "Ishiba secured 215 votes" through the sentence that
   *            says Ishiba will replace Kishida.
   */
  contextOf(id: number): { context: ReadonlySet<string>; profile: ReadonlySet<string> } {
    const cached = this.contexts.get(id);
    if (cached !== undefined) return cached;
    const sentence = this.sentences[id];
    const context = new Set<string>();
    const profile = new Set<string>();
    if (sentence !== undefined) {
      const { read, start } = this.briefingOf(sentence);
      for (const term of read.titleTerms) context.add(term.lemma).add(term.lower);
      const previous = this.sentences[id - 1];
      if (previous !== undefined && previous.paragraph === sentence.paragraph) {
        for (const term of previous.terms) context.add(term.lemma).add(term.lower);
      }
      const first = this.sentences[id - (sentence.sentence.number - 1)];
      if (first !== undefined && first !== sentence)
        for (const term of first.terms) if (term.name) context.add(term.lemma);
      const names = new Set(sentence.terms.filter((term) => term.name).map((term) => term.lemma));
      if (names.size > 0) {
        for (let other = start; other < start + read.sentences.length; other++) {
          const candidate = this.sentences[other];
          if (
            candidate === undefined ||
            other === id ||
            !candidate.terms.some((term) => term.name && names.has(term.lemma))
          )
            continue;
          for (const term of candidate.terms) profile.add(term.lemma).add(term.lower);
        }
      }
    }
    const entry = { context, profile };
    if (this.contexts.size >= EXPANSION_CACHE_LIMIT) this.contexts.clear();
    this.contexts.set(id, entry);
    return entry;
  }

  private readonly briefingSets = new Map<string, Set<string>>();

  /** Ids of the briefings that use a word (lemma or written form). */
  briefingsWith(word: string): ReadonlySet<string> {
    let set = this.briefingSets.get(word);
    if (set === undefined) {
      set = new Set(this.sentencesWith(word).map((id) => this.sentences[id]?.briefing.id ?? ""));
      if (this.briefingSets.size >= EXPANSION_CACHE_LIMIT) this.briefingSets.clear();
      this.briefingSets.set(word, set);
    }
    return set;
  }

  /** Sentence ids that hold a word (lemma or written form). */
  sentencesWith(word: string): readonly number[] {
    return this.postings.get(word) ?? [];
  }

  has(word: string): boolean {
    return this.postings.has(word);
  }

  /**
   * Words of the loaded briefings that a question term matches, and how: itself (lemma or as
   * written), its WordNet relatives and synonyms, and the most similar words by vector.
   */
  expand(term: Term): ReadonlyMap<string, WordMatch> {
    const key = `${term.lemma}/${term.lower}/${wordNetPos(term.pos) ?? ""}`;
    const cached = this.expansions.get(key);
    if (cached !== undefined) return cached;
    const found = new Map<string, WordMatch>();
    const relations = wordRelations();
    const pos = wordNetPos(term.pos);
    for (const word of [term.lemma, term.lower]) {
      for (const related of this.lexicon.get(word) ?? [])
        if (this.postings.has(related)) found.set(related, { kind: "related", strength: 1 });
    }
    for (const related of relations.relatedLemmas(term.lemma)) {
      if (!this.postings.has(related)) continue;
      // Synonyms need the same part of speech; WordNet's lists are per sense.
      const relation =
        relations.relation(term.lemma, pos, related, pos) ??
        relations.relation(related, undefined, term.lemma, undefined);
      if (relation !== undefined || relations.relatedLemmas(term.lemma).has(related))
        found.set(related, { kind: "related", strength: 1 });
    }
    const vector = wordVectors().vector(term.lower) ?? wordVectors().vector(term.lemma);
    if (vector !== undefined && !term.number) {
      const scored: { word: string; cosine: number }[] = [];
      for (let row = 0; row < this.vocabulary.length; row++) {
        const cosine = dot(vector, this.matrix.subarray(row * this.dimensions, (row + 1) * this.dimensions));
        if (cosine >= SIMILAR_MIN_COSINE) scored.push({ word: this.vocabulary[row] ?? "", cosine });
      }
      scored.sort((a, b) => b.cosine - a.cosine || (a.word < b.word ? -1 : 1));
      for (const { word, cosine } of scored.slice(0, SIMILAR_MAX_WORDS)) {
        if (!found.has(word)) found.set(word, { kind: "similar", strength: Math.min(1, cosine) });
      }
    }
    for (const word of [term.lemma, term.lower]) {
      if (this.postings.has(word)) found.set(word, { kind: "exact", strength: 1 });
    }
    if (this.expansions.size >= EXPANSION_CACHE_LIMIT) this.expansions.clear();
    this.expansions.set(key, found);
    return found;
  }
}

/**
 * The knowledge a set of briefings makes (the shipped ones plus one server's own), shared by every
 * server with the same set, and the pool that keeps one Briefing object per text in the process,
 * so each is read once (readOnce caches per Briefing object) however many servers hold it.
 */
import { createAnswerEngine } from "../knowledge/answer.js";
import { buildKnowledgeBase, type LoadedKnowledge, parseBriefing } from "../knowledge/load.js";
import { readOnce } from "../knowledge/reader.js";
import { statementFacts } from "../knowledge/statements.js";
import type { AnswerEngine, Briefing, Fact, KnowledgeBase } from "../knowledge/types.js";

export const keyOf = (id: string, hash: string) => `${id}\u0000${hash}`;

interface Pooled {
  readonly briefing: Briefing;
  /** Facts read from its sentences: it has no facts file. */
  readonly facts: readonly Fact[];
  refs: number;
}

/** One Briefing object per (id, text) in the process, released when no set holds it. */
export class BriefingPool {
  private readonly entries = new Map<string, Pooled>();

  /** The pooled briefing for a stored file, parsed and read on first use. */
  acquire(id: string, hash: string, source: string): Pooled {
    const key = keyOf(id, hash);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const problems: string[] = [];
      const briefing = parseBriefing(`${id}.md`, source, problems);
      if (briefing === undefined || briefing.hash !== hash) {
        throw new Error(`stored briefing ${id} no longer reads back (${problems[0] ?? "hash differs"})`);
      }
      entry = { briefing, facts: statementFacts(readOnce(briefing)), refs: 0 };
      this.entries.set(key, entry);
    }
    entry.refs += 1;
    return entry;
  }

  release(id: string, hash: string): void {
    const key = keyOf(id, hash);
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    entry.refs -= 1;
    if (entry.refs <= 0) this.entries.delete(key);
  }

  get(id: string, hash: string): Briefing | undefined {
    return this.entries.get(keyOf(id, hash))?.briefing;
  }

  /** Any pooled briefing with this id (ids are only unique within one server). */
  anyWithId(id: string): Briefing | undefined {
    for (const entry of this.entries.values()) if (entry.briefing.id === id) return entry.briefing;
    return undefined;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The shipped briefings plus some own ones: a knowledge base and, made on first question, its engine. */
export class BriefingSet {
  readonly knowledge: LoadedKnowledge;
  private engine: AnswerEngine | undefined;
  private readonly scopes = new Map<string, KnowledgeBase>();
  /** Servers using this set right now. */
  readonly guilds = new Set<string>();

  constructor(
    readonly key: string,
    shipped: LoadedKnowledge,
    readonly own: readonly Briefing[],
    ownFacts: readonly Fact[],
    engine?: AnswerEngine,
  ) {
    this.knowledge =
      own.length === 0
        ? shipped
        : buildKnowledgeBase(
            [...shipped.briefings, ...own],
            shipped.topics,
            [...shipped.facts, ...ownFacts],
            shipped.quizItems,
            shipped.lexicon,
            shipped.nearMisses,
          );
    this.engine = engine;
  }

  get answers(): AnswerEngine {
    return (this.engine ??= createAnswerEngine(this.knowledge));
  }

  /** The knowledge of one of its briefings alone, for a quiz, a fact or a daily post on it. */
  scoped(briefingId: string): KnowledgeBase {
    let scoped = this.scopes.get(briefingId);
    if (scoped === undefined) {
      const kb = this.knowledge;
      const briefing = kb.getBriefing(briefingId);
      const mine = <T extends { readonly briefing: string }>(items: readonly T[]) =>
        items.filter((item) => item.briefing === briefingId);
      scoped = buildKnowledgeBase(
        briefing === undefined ? [] : [briefing],
        mine(kb.topics),
        mine(kb.facts),
        mine(kb.quizItems),
        kb.lexicon,
        mine(kb.nearMisses),
      );
      this.scopes.set(briefingId, scoped);
    }
    return scoped;
  }
}

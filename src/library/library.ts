/**
 * Each server's briefings: the shipped ones plus its own (/briefing add), the one it studies
 * (/briefing use), and the knowledge and answer engine that set makes. A server only ever gets
 * the knowledge of its own set, so it never sees, searches, quizzes on or is posted another
 * server's briefings. Servers with the same set share one knowledge base and engine; servers idle
 * for IDLE_UNLOAD_MS are unloaded and read again on demand. No discord.js here.
 */
import type { Clock } from "../clock.js";
import type { LoadedKnowledge } from "../knowledge/load.js";
import { MADE_QUESTION_PREFIX } from "../knowledge/suggestions.js";
import type { AnswerEngine, Briefing, Citation, CitedQuote, KnowledgeBase } from "../knowledge/types.js";
import type { Logger } from "../log.js";
import type { BriefingChoice, GuildBriefingRepository, StoredBriefing } from "../store/guildBriefings.js";
import { BriefingPool, BriefingSet, keyOf } from "./sets.js";
import { readUpload, type Upload } from "./upload.js";

/** Own briefings per server: 50 weeks of a weekly briefing, ~1 MB of text at the upload cap. */
export const OWN_BRIEFINGS_MAX = 50;
/** A server unused this long has most likely moved on; its briefings are read again if it returns. */
export const IDLE_UNLOAD_MS = 30 * 24 * 60 * 60_000;
/**
 * Own briefings kept read in memory at once. A read briefing costs ~124 kB of heap (bench
 * briefings), so 800 are ~100 MB: well inside `npm start`'s 256 MB heap beside the rest of the bot.
 * Past it, the servers used longest ago are unloaded first, and read again when they come back.
 */
export const LOADED_BRIEFINGS_MAX = 800;
/** How often idle servers are looked for: often enough to free memory, rarely enough to cost nothing. */
export const SWEEP_EVERY_MS = 60 * 60_000;
/** Removed briefings whose quotes can still be shown (marked as removed) in quizzes under way. */
export const RETIRED_KEPT = 1_000;

/**
 * Questions the engine answers from one briefing: its general suggestions, else the questions made
 * from its sentences (each checked by the engine before it is offered).
 */
export function answerableQuestions(answers: AnswerEngine, briefingId: string, count: number): string[] {
  const general = answers.suggestQuestions("", count, { briefing: briefingId });
  if (general.length >= count) return general;
  const made = answers.suggestQuestions(MADE_QUESTION_PREFIX, count, { briefing: briefingId });
  return [...new Set([...general, ...made])].slice(0, count);
}

/** The knowledge a server's daily post draws from: its daily (else current) briefing, else all it sees. */
export function dailyKnowledge(library: Library): (guildId: string) => Promise<KnowledgeBase> {
  return async (guildId) => {
    const server = await library.forGuild(guildId);
    return server.scoped(server.daily?.id);
  };
}

export interface OwnBriefing {
  readonly id: string;
  readonly title: string;
  readonly hash: string;
  readonly addedBy: string;
  readonly addedAt: Date;
}

/** Everything one server may see. */
export interface GuildLibrary {
  readonly guildId: string | null;
  /** The shipped briefings and the server's own. */
  readonly knowledge: LoadedKnowledge;
  readonly answers: AnswerEngine;
  readonly own: readonly OwnBriefing[];
  /** The briefing /ask, /fact and /quiz start use when not told otherwise, if one is chosen. */
  readonly current: Briefing | undefined;
  /** The briefing the daily post draws from, if any: the daily choice, else the current one. */
  readonly daily: Briefing | undefined;
  isOwn(briefingId: string): boolean;
  /** The knowledge of one of its briefings alone; the whole set for undefined. */
  scoped(briefingId: string | undefined): KnowledgeBase;
}

export type ChooseResult =
  { readonly ok: true; readonly library: GuildLibrary } | { readonly ok: false; readonly problem: string };

export type AddResult =
  | {
      readonly ok: true;
      readonly briefing: Briefing;
      readonly library: GuildLibrary;
      readonly readMs: number;
    }
  | { readonly ok: false; readonly problem: string };

export interface LibraryDeps {
  readonly shipped: LoadedKnowledge;
  /** The engine already made for the shipped briefings, shared by servers without their own. */
  readonly shippedAnswers: AnswerEngine;
  readonly repository: GuildBriefingRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly idleUnloadMs?: number;
  /** For tests and benches; LOADED_BRIEFINGS_MAX by default. */
  readonly loadedBriefingsMax?: number;
}

interface Loaded {
  readonly set: BriefingSet;
  readonly own: readonly OwnBriefing[];
  readonly choice: BriefingChoice;
  lastUsed: number;
}

export interface LibraryStats {
  readonly guilds: number;
  readonly sets: number;
  /** Own briefings in memory (each once, however many servers hold it). */
  readonly ownBriefings: number;
}

export class Library {
  private readonly pool = new BriefingPool();
  private readonly sets = new Map<string, BriefingSet>();
  private readonly guilds = new Map<string, Loaded>();
  private readonly loading = new Map<string, Promise<Loaded>>();
  /** Bumped by every change, so a load that raced a change is not kept. */
  private readonly generations = new Map<string, number>();
  private readonly retired = new Map<string, Briefing>();
  /** A changed server's previous set, kept until its new one is made so unchanged briefings are not read again. */
  private readonly stale = new Map<string, BriefingSet>();
  private readonly shippedSet: BriefingSet;
  private readonly idleUnloadMs: number;
  private lastSweep: number;

  constructor(private readonly deps: LibraryDeps) {
    this.shippedSet = new BriefingSet("", deps.shipped, [], [], deps.shippedAnswers);
    this.idleUnloadMs = deps.idleUnloadMs ?? IDLE_UNLOAD_MS;
    this.lastSweep = deps.clock.now().getTime();
  }

  /** What a server may see; outside a server (a DM), the shipped briefings. */
  async forGuild(guildId: string | null): Promise<GuildLibrary> {
    const now = this.deps.clock.now().getTime();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep();
    if (guildId === null)
      return this.view(null, {
        set: this.shippedSet,
        own: [],
        choice: { current: null, daily: null },
        lastUsed: now,
      });
    const loaded = this.guilds.get(guildId) ?? (await this.load(guildId));
    loaded.lastUsed = now;
    return this.view(guildId, loaded);
  }

  /** Checks, stores and reads a server's new briefing. Nothing is stored when it is refused. */
  async add(guildId: string, upload: Upload, addedBy: string): Promise<AddResult> {
    const read = readUpload(upload);
    if (!read.ok) return read;
    const { briefing } = read;
    const shipped = this.deps.shipped.briefings;
    const sameId = shipped.find((other) => other.id === briefing.id);
    if (sameId !== undefined) {
      return {
        ok: false,
        problem: `A briefing with the id "${briefing.id}" already exists ("${sameId.title}"). Give yours another id.`,
      };
    }
    const sameText = shipped.find((other) => other.hash === briefing.hash);
    if (sameText !== undefined) {
      return { ok: false, problem: `That is the text of "${sameText.title}", which is already here.` };
    }
    const outcome = await this.deps.repository.add(
      {
        guildId,
        briefingId: briefing.id,
        hash: briefing.hash,
        title: briefing.title,
        source: read.source,
        addedBy,
        at: this.deps.clock.now(),
      },
      OWN_BRIEFINGS_MAX,
    );
    switch (outcome.kind) {
      case "duplicate-id":
        return {
          ok: false,
          problem: `This server already has a briefing with the id "${briefing.id}" ("${outcome.existing.title}"). Remove it first, or give yours another id.`,
        };
      case "duplicate-text":
        return { ok: false, problem: `This server already has that text, as "${outcome.existing.title}".` };
      case "full":
        return {
          ok: false,
          problem: `This server has ${outcome.limit} briefings, the most it can have. Remove one first.`,
        };
      case "added":
        break;
    }
    this.invalidate(guildId);
    const started = performance.now();
    const library = await this.forGuild(guildId);
    const readMs = performance.now() - started;
    const added = library.knowledge.getBriefing(briefing.id) ?? briefing;
    this.deps.logger.info(
      { guildId, briefing: briefing.id, hash: briefing.hash, readMs: Math.round(readMs) },
      "briefing added",
    );
    return { ok: true, briefing: added, library, readMs };
  }

  /** Removes one of a server's own briefings; undefined when it has none by that id. */
  async remove(guildId: string, briefingId: string, by: string): Promise<StoredBriefing | undefined> {
    const before = this.guilds.get(guildId)?.set.knowledge.getBriefing(briefingId);
    const removed = await this.deps.repository.remove(guildId, briefingId, by, this.deps.clock.now());
    if (removed === undefined) return undefined;
    if (before !== undefined && before.hash === removed.hash) this.retire(before);
    this.invalidate(guildId);
    return removed;
  }

  /** Sets the briefing a server studies ("all" or null: every briefing it can see). */
  async use(
    guildId: string,
    briefingId: string | null,
    by: string,
    field: keyof BriefingChoice = "current",
  ): Promise<ChooseResult> {
    const library = await this.forGuild(guildId);
    if (briefingId !== null && library.knowledge.getBriefing(briefingId) === undefined) {
      return { ok: false, problem: `There is no briefing "${briefingId}" here. Try /briefing list.` };
    }
    await this.deps.repository.choose(guildId, { [field]: briefingId }, by, this.deps.clock.now());
    this.invalidate(guildId);
    return { ok: true, library: await this.forGuild(guildId) };
  }

  /** Unloads servers idle for longer than the idle limit; returns how many. */
  sweep(): number {
    const now = this.deps.clock.now().getTime();
    this.lastSweep = now;
    let unloaded = 0;
    for (const [guildId, loaded] of this.guilds) {
      if (now - loaded.lastUsed < this.idleUnloadMs) continue;
      this.unload(guildId);
      unloaded += 1;
    }
    if (unloaded > 0)
      this.deps.logger.info({ unloaded, ...this.stats() }, "unloaded idle servers' briefings");
    return unloaded;
  }

  stats(): LibraryStats {
    return { guilds: this.guilds.size, sets: this.sets.size, ownBriefings: this.pool.size };
  }

  /**
   * What the renderers check quotes against: every briefing loaded in the process, found by id and
   * hash, and removed ones kept for quotes already given. Only used to verify and cite quotes a
   * server was already given; what a server may see comes from forGuild alone.
   */
  readonly quotes: KnowledgeBase = {
    briefings: [],
    topics: [],
    facts: [],
    quizItems: [],
    getBriefing: (id) => this.deps.shipped.getBriefing(id) ?? this.pool.anyWithId(id),
    briefingOf: (citation: Citation) => this.briefingAt(citation),
    retired: (citation: Citation) =>
      this.retired.has(keyOf(citation.briefing, citation.hash)) &&
      this.pool.get(citation.briefing, citation.hash) === undefined,
    verifyQuote: (quote: CitedQuote) => {
      const briefing = this.briefingAt(quote.citation);
      const paragraph = briefing?.paragraphs[quote.citation.paragraph - 1];
      return quote.text.length > 0 && (paragraph?.text.includes(quote.text) ?? false);
    },
  };

  private briefingAt(citation: Citation): Briefing | undefined {
    const shipped = this.deps.shipped.getBriefing(citation.briefing);
    if (shipped?.hash === citation.hash) return shipped;
    return (
      this.pool.get(citation.briefing, citation.hash) ??
      this.retired.get(keyOf(citation.briefing, citation.hash))
    );
  }

  private retire(briefing: Briefing): void {
    this.retired.set(keyOf(briefing.id, briefing.hash), briefing);
    for (const key of this.retired.keys()) {
      if (this.retired.size <= RETIRED_KEPT) break;
      this.retired.delete(key);
    }
  }

  private view(guildId: string | null, loaded: Loaded): GuildLibrary {
    const { set, own, choice } = loaded;
    const known = (id: string | null) => (id === null ? undefined : set.knowledge.getBriefing(id));
    const current = known(choice.current);
    const ownIds = new Set(own.map((briefing) => briefing.id));
    return {
      guildId,
      knowledge: set.knowledge,
      get answers() {
        return set.answers;
      },
      own,
      current,
      daily: known(choice.daily) ?? current,
      isOwn: (id) => ownIds.has(id),
      scoped: (id) => (id === undefined ? set.knowledge : set.scoped(id)),
    };
  }

  private invalidate(guildId: string): void {
    this.generations.set(guildId, (this.generations.get(guildId) ?? 0) + 1);
    const loaded = this.guilds.get(guildId);
    if (loaded === undefined) return;
    this.guilds.delete(guildId);
    loaded.set.guilds.delete(guildId);
    const older = this.stale.get(guildId);
    this.stale.set(guildId, loaded.set);
    if (older !== undefined) this.detach(older);
  }

  private load(guildId: string): Promise<Loaded> {
    let pending = this.loading.get(guildId);
    if (pending === undefined) {
      const generation = this.generations.get(guildId) ?? 0;
      pending = this.read(guildId)
        .then((loaded) => {
          // A change made while this was reading wins: read again next time.
          if ((this.generations.get(guildId) ?? 0) === generation && !this.guilds.has(guildId)) {
            this.attach(guildId, loaded);
          } else {
            this.detach(loaded.set);
          }
          const previous = this.stale.get(guildId);
          this.stale.delete(guildId);
          if (previous !== undefined) this.detach(previous);
          return loaded;
        })
        .finally(() => this.loading.delete(guildId));
      this.loading.set(guildId, pending);
    }
    return pending;
  }

  private async read(guildId: string): Promise<Loaded> {
    const [stored, choice] = await Promise.all([
      this.deps.repository.list(guildId),
      this.deps.repository.choice(guildId),
    ]);
    const own = stored.map((row) => ({
      id: row.briefingId,
      title: row.title,
      hash: row.hash,
      addedBy: row.addedBy,
      addedAt: row.addedAt,
    }));
    const set = this.setFor(stored);
    return { set, own, choice, lastUsed: this.deps.clock.now().getTime() };
  }

  /** The shared set for these stored briefings, made (and its briefings pooled) if new. */
  private setFor(stored: readonly StoredBriefing[]): BriefingSet {
    if (stored.length === 0) return this.shippedSet;
    const key = stored
      .map((row) => keyOf(row.briefingId, row.hash))
      .sort()
      .join("\u0001");
    let set = this.sets.get(key);
    if (set === undefined) {
      const pooled = stored.map((row) => this.pool.acquire(row.briefingId, row.hash, row.source));
      set = new BriefingSet(
        key,
        this.deps.shipped,
        pooled.map((entry) => entry.briefing),
        pooled.flatMap((entry) => entry.facts),
      );
      this.sets.set(key, set);
    }
    return set;
  }

  private attach(guildId: string, loaded: Loaded): void {
    this.guilds.set(guildId, loaded);
    loaded.set.guilds.add(guildId);
    this.keepWithinBudget(guildId);
  }

  /** Unloads the servers used longest ago until the read briefings fit the budget (never `keep`). */
  private keepWithinBudget(keep: string): void {
    const max = this.deps.loadedBriefingsMax ?? LOADED_BRIEFINGS_MAX;
    if (this.pool.size <= max) return;
    const oldestFirst = [...this.guilds]
      .filter(([guildId]) => guildId !== keep)
      .sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [guildId] of oldestFirst) {
      if (this.pool.size <= max) break;
      this.unload(guildId);
    }
  }

  private unload(guildId: string): void {
    const loaded = this.guilds.get(guildId);
    if (loaded === undefined) return;
    this.guilds.delete(guildId);
    loaded.set.guilds.delete(guildId);
    this.detach(loaded.set);
  }

  /** Drops a set no server uses any more, and its briefings no other set holds. */
  private detach(set: BriefingSet): void {
    if (set === this.shippedSet || set.guilds.size > 0 || this.sets.get(set.key) !== set) return;
    this.sets.delete(set.key);
    for (const briefing of set.own) this.pool.release(briefing.id, briefing.hash);
  }
}

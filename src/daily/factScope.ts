/**
 * Which facts a server's daily post draws from: by default every fact of the one knowledge base;
 * with a per-server source (each server's own briefings, src/library), that server's.
 */
import type { Fact, KnowledgeBase } from "../knowledge/types.js";

export interface FactScope {
  readonly knowledge: KnowledgeBase;
  readonly factIds: readonly string[];
  readonly factsById: ReadonlyMap<string, Fact>;
}

/** The knowledge a server's posts come from. */
export type DailyKnowledge = (guildId: string) => Promise<KnowledgeBase>;

const scopes = new WeakMap<KnowledgeBase, FactScope>();

function scopeOf(knowledge: KnowledgeBase): FactScope {
  let scope = scopes.get(knowledge);
  if (scope === undefined) {
    scope = {
      knowledge,
      factIds: knowledge.facts.map((fact) => fact.id),
      factsById: new Map(knowledge.facts.map((fact) => [fact.id, fact])),
    };
    scopes.set(knowledge, scope);
  }
  return scope;
}

export function factScopes(
  knowledge: KnowledgeBase,
  perGuild: DailyKnowledge | undefined,
): (guildId: string) => Promise<FactScope> {
  if (perGuild === undefined) {
    const scope = scopeOf(knowledge);
    return () => Promise.resolve(scope);
  }
  return async (guildId) => scopeOf(await perGuild(guildId));
}

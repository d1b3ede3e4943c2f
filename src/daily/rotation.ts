/**
 * Which fact a server gets next. Each server walks its own shuffled order of all facts; no fact
 * repeats until every fact has been posted, then a new shuffle starts, never with the fact
 * posted last. The shuffle is a pure function of (guild id, cycle number, fact ids), so the
 * same server always sees the same sequence, and only the position needs persisting.
 */
import { createHash } from "node:crypto";

export interface RotationState {
  /** 0 before the first post; each new shuffle increments it. */
  readonly cycle: number;
  /** Fact ids of the current cycle, in posting order. */
  readonly order: readonly string[];
  /** Index in `order` of the next fact to post. */
  readonly position: number;
  readonly lastFactId: string | null;
}

export const EMPTY_ROTATION: RotationState = { cycle: 0, order: [], position: 0, lastFactId: null };

export interface Pick {
  readonly factId: string;
  readonly state: RotationState;
}

/** mulberry32: tiny, fast and good enough to shuffle a few hundred ids evenly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(guildId: string, cycle: number): number {
  return createHash("sha256").update(`daily-rotation:${guildId}:${cycle}`).digest().readUInt32BE(0);
}

/** The order for one cycle: a seeded Fisher-Yates shuffle that never begins with `avoidFirst`. */
export function shuffledOrder(
  guildId: string,
  cycle: number,
  factIds: readonly string[],
  avoidFirst: string | null,
): string[] {
  // Sorting first makes the order independent of how the knowledge base happened to list facts.
  const order = [...new Set(factIds)].sort();
  const random = seededRandom(seedOf(guildId, cycle));
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] as string, order[index] as string];
  }
  if (order.length > 1 && order[0] === avoidFirst) {
    const other = 1 + Math.floor(random() * (order.length - 1));
    [order[0], order[other]] = [order[other] as string, order[0]];
  }
  return order;
}

/**
 * The next fact to post and the state after posting it, or undefined when there are no facts.
 * Ids in the stored order that the knowledge base no longer has are skipped; facts added
 * mid-cycle join at the next shuffle.
 */
export function pickNext(
  state: RotationState,
  guildId: string,
  factIds: readonly string[],
): Pick | undefined {
  if (factIds.length === 0) return undefined;
  const available = new Set(factIds);
  let { cycle, order, position } = state;
  // Two passes at most: the rest of the current cycle, then a fresh one (which has every fact).
  for (let pass = 0; pass < 2; pass++) {
    while (position < order.length) {
      const factId = order[position] as string;
      position += 1;
      if (available.has(factId)) return { factId, state: { cycle, order, position, lastFactId: factId } };
    }
    cycle += 1;
    order = shuffledOrder(guildId, cycle, factIds, state.lastFactId);
    position = 0;
  }
  return undefined;
}

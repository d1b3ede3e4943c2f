/**
 * How a machine runs its Discord shards, as plain data: which shard ids it serves and how they are
 * grouped into processes. Pure (no discord.js), so the config and the tests use it directly; the
 * shard manager (src/discord/shardManager.ts) turns it into processes.
 *
 * Discord routes a server's events to shard (server id >> 22) % shard count. Every machine must
 * agree on the shard count; each serves its own ids (SHARD_IDS), SHARDS_PER_PROCESS at a time.
 */

export type ShardCount = number | "auto";

export type ShardLayout =
  /** One process, as without sharding settings: discord.js opens `shardCount` shards in it (one by default). */
  | { readonly kind: "single"; readonly shardCount: ShardCount | undefined }
  /** A manager process that spawns shard processes of `shardsPerProcess` shards each. */
  | {
      readonly kind: "sharded";
      readonly shardCount: ShardCount;
      readonly shardsPerProcess: number;
      /** This machine's shard ids; every id below the count when undefined. */
      readonly shardIds: readonly number[] | undefined;
    };

/**
 * Discord's identify rate limit: one IDENTIFY per 5 s per bucket (shard id % max_concurrency).
 * discord.js's own ShardingManager waits 5.5 s between processes for it; the half second is margin
 * for the child's start-up jitter.
 */
export const IDENTIFY_SPACING_MS = 5_500;

/** The biggest range SHARD_IDS may spell out: far above any bot's shard count, small enough to catch a typo. */
const MAX_SHARD_ID = 100_000;

/**
 * Parses "0-3", "4,5,6" or "0-1,8-9" into sorted, distinct shard ids. Returns a one-line reason
 * instead when the text is not such a list.
 */
export function parseShardIds(text: string): number[] | string {
  const ids = new Set<number>();
  for (const part of text.split(",").map((piece) => piece.trim())) {
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (match === null) return `must be shard ids or ranges such as 0-3 or 0,2,4-5 (got "${part}")`;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) return `has a range that runs backwards (${part})`;
    if (to > MAX_SHARD_ID) return `has a shard id above ${MAX_SHARD_ID} (${part})`;
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** The ids this machine serves once the total is known: SHARD_IDS, or all of them. */
export function machineShardIds(shardIds: readonly number[] | undefined, shardCount: number): number[] {
  if (shardIds === undefined) return Array.from({ length: shardCount }, (_, id) => id);
  const outside = shardIds.find((id) => id >= shardCount);
  if (outside !== undefined) {
    throw new RangeError(
      `shard ${outside} is outside 0-${shardCount - 1} (the shard count is ${shardCount})`,
    );
  }
  return [...shardIds];
}

/** Splits ids into consecutive groups of `perProcess`: one group per shard process. */
export function shardGroups(ids: readonly number[], perProcess: number): number[][] {
  if (!Number.isInteger(perProcess) || perProcess < 1)
    throw new RangeError("shards per process must be 1 or more");
  const groups: number[][] = [];
  for (let start = 0; start < ids.length; start += perProcess)
    groups.push(ids.slice(start, start + perProcess));
  return groups;
}

/**
 * How long to wait between starting shard processes. Each process throttles its own IDENTIFYs by
 * bucket; processes do not coordinate, so two processes may only start together when no two of
 * this machine's shards share a bucket (max_concurrency at least the highest id + 1).
 */
export function spawnDelayMs(maxConcurrency: number, ids: readonly number[]): number {
  const buckets = new Set(ids.map((id) => id % Math.max(1, maxConcurrency)));
  return buckets.size === ids.length ? 0 : IDENTIFY_SPACING_MS;
}

/** The shard that receives a server's events: (id >> 22) % count, as Discord computes it. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

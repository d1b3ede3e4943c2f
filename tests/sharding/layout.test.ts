import { describe, expect, it } from "vitest";

import {
  IDENTIFY_SPACING_MS,
  machineShardIds,
  parseShardIds,
  shardGroups,
  shardOf,
  spawnDelayMs,
} from "../../src/sharding/layout.js";

describe("shard layout", () => {
  it("parses ids and ranges into sorted, distinct ids", () => {
    expect(parseShardIds("0-3")).toEqual([0, 1, 2, 3]);
    expect(parseShardIds("6, 2-3,2")).toEqual([2, 3, 6]);
    expect(parseShardIds("-1")).toMatch(/must be shard ids or ranges/);
    expect(parseShardIds("0-200000")).toMatch(/above 100000/);
  });

  it("serves every shard by default, or this machine's, and refuses ids past the count", () => {
    expect(machineShardIds(undefined, 4)).toEqual([0, 1, 2, 3]);
    expect(machineShardIds([4, 5], 8)).toEqual([4, 5]);
    // SHARD_COUNT=auto is known only once Discord answers: the range is checked then.
    expect(() => machineShardIds([4, 5], 5)).toThrow("shard 5 is outside 0-4 (the shard count is 5)");
  });

  it("groups a machine's shards into processes of SHARDS_PER_PROCESS, the last one smaller", () => {
    expect(shardGroups([0, 1, 2, 3], 2)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(shardGroups([4, 5, 6], 2)).toEqual([[4, 5], [6]]);
    expect(shardGroups([0, 1], 1)).toEqual([[0], [1]]);
    expect(() => shardGroups([0], 0)).toThrow(/1 or more/);
  });

  it("starts processes together only when no two shards share an identify bucket", () => {
    expect(spawnDelayMs(16, [0, 1, 2, 3])).toBe(0);
    expect(spawnDelayMs(1, [0, 1])).toBe(IDENTIFY_SPACING_MS);
    // Shards 0 and 4 share bucket 0 when max_concurrency is 4.
    expect(spawnDelayMs(4, [0, 4])).toBe(IDENTIFY_SPACING_MS);
  });

  it("routes a server to (id >> 22) % count, as Discord does", () => {
    const onShard = (shard: number) => String((BigInt(1_000_000 + shard) << 22n) | 12345n);
    for (let shard = 0; shard < 4; shard++) expect(shardOf(onShard(shard), 4)).toBe((1_000_000 + shard) % 4);
    expect(shardOf("175928847299117063", 1)).toBe(0);
  });
});

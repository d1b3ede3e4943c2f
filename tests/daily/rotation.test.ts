import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { EMPTY_ROTATION, pickNext, shuffledOrder, type RotationState } from "../../src/daily/rotation.js";
import { realKnowledge } from "./helpers.js";

const factIds = () => realKnowledge().facts.map((fact) => fact.id);

function picks(
  guildId: string,
  ids: readonly string[],
  count: number,
  start: RotationState = EMPTY_ROTATION,
) {
  const out: string[] = [];
  let state = start;
  for (let i = 0; i < count; i++) {
    const pick = pickNext(state, guildId, ids);
    if (pick === undefined) throw new Error("no pick");
    out.push(pick.factId);
    state = pick.state;
  }
  return { out, state };
}

describe("rotation", () => {
  it("posts every fact once per cycle, and a new cycle never starts with the last fact", () => {
    const ids = factIds();
    expect(ids.length).toBeGreaterThan(2);
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17,19}$/), (guildId) => {
        const { out } = picks(guildId, ids, ids.length * 6);
        for (let cycle = 0; cycle < 6; cycle++) {
          const block = out.slice(cycle * ids.length, (cycle + 1) * ids.length);
          expect([...block].sort()).toEqual([...ids].sort());
          if (cycle > 0) expect(block[0]).not.toBe(out[cycle * ids.length - 1]);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("is deterministic per guild and differs between guilds", () => {
    const ids = factIds();
    expect(picks("100000000000000001", ids, 30).out).toEqual(picks("100000000000000001", ids, 30).out);
    expect(picks("100000000000000001", ids, 30).out).not.toEqual(picks("100000000000000002", ids, 30).out);
  });

  it("resumes from a persisted state exactly where it stopped", () => {
    const ids = factIds();
    const whole = picks("100000000000000001", ids, 25).out;
    const first = picks("100000000000000001", ids, 7);
    const rest = picks(
      "100000000000000001",
      ids,
      18,
      JSON.parse(JSON.stringify(first.state)) as RotationState,
    );
    expect([...first.out, ...rest.out]).toEqual(whole);
  });

  it("skips facts that left the knowledge base and picks up new ones at the next cycle", () => {
    const ids = factIds();
    const { state } = picks("100000000000000001", ids, 2);
    const fewer = ids.filter((id) => id !== state.order[2]);
    const more = [...fewer, "brand-new-fact"];
    const { out } = picks("100000000000000001", more, more.length * 2 - 1, state);
    expect(out).not.toContain(state.order[2]);
    expect(out.slice(0, ids.length - 3)).not.toContain("brand-new-fact");
    expect(out).toContain("brand-new-fact");
  });

  it("never starts a shuffle with the fact to avoid, even with two facts", () => {
    for (let cycle = 1; cycle < 50; cycle++) {
      expect(shuffledOrder("1", cycle, ["a", "b"], "a")[0]).toBe("b");
    }
    expect(pickNext(EMPTY_ROTATION, "1", [])).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";

import { createTurnQueue } from "../../src/discord/turns.js";

/** A queue on a hand-moved clock, whose turns run only when the test says so. */
function manualQueue(budgetMs: number) {
  let time = 0;
  const turns: (() => void)[] = [];
  const errors: unknown[] = [];
  const queue = createTurnQueue({
    budgetMs,
    now: () => time,
    defer: (turn) => turns.push(turn),
    onError: (error) => errors.push(error),
  });
  return {
    queue,
    errors,
    pendingTurns: () => turns.length,
    /** Runs the next scheduled turn. */
    runTurn: () => {
      const turn = turns.shift();
      if (turn === undefined) throw new Error("no turn scheduled");
      turn();
    },
    spend: (ms: number) => {
      time += ms;
    },
  };
}

describe("createTurnQueue", () => {
  it("runs jobs in a later turn, in arrival order, and schedules one turn at a time", () => {
    const { queue, runTurn, pendingTurns } = manualQueue(10);
    const ran: number[] = [];
    for (let index = 0; index < 5; index++) queue.push(() => ran.push(index));
    expect(ran).toEqual([]);
    expect(queue.size).toBe(5);
    expect(pendingTurns()).toBe(1);
    runTurn();
    expect(ran).toEqual([0, 1, 2, 3, 4]);
    expect(queue.size).toBe(0);
    expect(pendingTurns()).toBe(0);
  });

  it("yields once a turn has used its budget, and carries on in the next turn", () => {
    const { queue, runTurn, pendingTurns, spend } = manualQueue(10);
    const ran: number[] = [];
    for (let index = 0; index < 6; index++) {
      queue.push(() => {
        ran.push(index);
        spend(4);
      });
    }
    runTurn();
    expect(ran).toEqual([0, 1, 2]); // 12 ms used: over the 10 ms budget after the third
    expect(pendingTurns()).toBe(1);
    queue.push(() => ran.push(6)); // waits behind the others, in the turn already scheduled
    expect(pendingTurns()).toBe(1);
    runTurn();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5]);
    runTurn();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(pendingTurns()).toBe(0);
  });

  it("always runs at least one job per turn, however long it takes", () => {
    const { queue, runTurn, spend } = manualQueue(1);
    const ran: string[] = [];
    queue.push(() => {
      ran.push("slow");
      spend(50);
    });
    queue.push(() => ran.push("next"));
    runTurn();
    expect(ran).toEqual(["slow"]);
    runTurn();
    expect(ran).toEqual(["slow", "next"]);
  });

  it("reports a job that throws and runs the rest", () => {
    const { queue, runTurn, errors } = manualQueue(10);
    const ran: string[] = [];
    queue.push(() => {
      throw new Error("boom");
    });
    queue.push(() => ran.push("after"));
    runTurn();
    expect(ran).toEqual(["after"]);
    expect(errors).toEqual([new Error("boom")]);
  });

  it("keeps order through thousands of jobs over many turns", () => {
    const { queue, runTurn, pendingTurns, spend } = manualQueue(5);
    const ran: number[] = [];
    for (let index = 0; index < 5_000; index++) {
      queue.push(() => {
        ran.push(index);
        spend(1);
      });
    }
    while (pendingTurns() > 0) runTurn();
    expect(ran).toEqual(Array.from({ length: 5_000 }, (_, index) => index));
    expect(queue.size).toBe(0);
  });

  it("uses the real event loop by default", async () => {
    const queue = createTurnQueue();
    const ran: string[] = [];
    const done = new Promise<void>((resolve) => {
      queue.push(() => ran.push("a"));
      queue.push(() => {
        ran.push("b");
        resolve();
      });
    });
    expect(ran).toEqual([]);
    await done;
    expect(ran).toEqual(["a", "b"]);
  });
});

import { describe, expect, it } from "vitest";

import { createFifo } from "../../src/discord/fifo.js";

describe("createFifo", () => {
  it("gives entries back in the order pushed, across compactions, and reports its size", () => {
    const fifo = createFifo<number>();
    expect(fifo.shift()).toBeUndefined();
    const taken: number[] = [];
    // Push ahead of taking, so the queue never drains and must compact its front.
    for (let pushed = 0; pushed < 5_000; pushed++) {
      fifo.push(pushed);
      fifo.push(-pushed - 1);
      const next = fifo.shift();
      if (next !== undefined && next >= 0) taken.push(next);
    }
    expect(fifo.size).toBe(5_000);
    for (let next = fifo.shift(); next !== undefined; next = fifo.shift()) if (next >= 0) taken.push(next);
    expect(taken).toEqual(Array.from({ length: 5_000 }, (_, index) => index));
    expect(fifo.size).toBe(0);
  });
});

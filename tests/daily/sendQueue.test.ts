import { describe, expect, it } from "vitest";

import { sendQueue } from "../../src/daily/sendQueue.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("sendQueue", () => {
  it("starts work as soon as it is pushed, never more than `size` at once, and drains", async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const releases: (() => void)[] = [];
    const queue = sendQueue(2, async (item: number) => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      done.push(item);
    });
    await queue.drain();
    queue.push(1);
    // Started at once, while the pusher carries on.
    expect(running).toBe(1);
    for (const item of [2, 3, 4, 5]) queue.push(item);
    expect(running).toBe(2);
    let drained = false;
    const draining = queue.drain().then(() => (drained = true));
    while (done.length < 5) {
      releases.shift()?.();
      await tick();
      expect(running).toBeLessThanOrEqual(2);
    }
    await draining;
    expect(drained).toBe(true);
    expect(most).toBe(2);
    expect(done).toEqual([1, 2, 3, 4, 5]);
  });
});

import { describe, expect, it } from "vitest";

import { limitConcurrency } from "../../src/discord/restLimit.js";

type MakeRequest = Parameters<typeof limitConcurrency>[1];
type Response = Awaited<ReturnType<MakeRequest>>;

/** A makeRequest whose calls stay pending until the test settles them, in any order. */
function controllable() {
  const pending: { url: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  let active = 0;
  let peak = 0;
  const makeRequest: MakeRequest = (url) =>
    new Promise<Response>((resolve, reject) => {
      active += 1;
      peak = Math.max(peak, active);
      const done = () => {
        active -= 1;
      };
      pending.push({
        url,
        resolve: () => {
          done();
          resolve({ status: 204 } as Response);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
    });
  return { makeRequest, pending, peak: () => peak };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("limitConcurrency", () => {
  it("keeps at most `max` requests pending and starts the rest in arrival order", async () => {
    const inner = controllable();
    const limited = limitConcurrency(3, inner.makeRequest);
    const results = Array.from({ length: 10 }, (_, index) => limited(`/r${index}`, {}));
    await tick();
    expect(inner.pending.map((call) => call.url)).toEqual(["/r0", "/r1", "/r2"]);
    for (let settled = 0; settled < 10; settled++) {
      inner.pending[settled]?.resolve();
      await tick();
    }
    await Promise.all(results);
    expect(inner.pending.map((call) => call.url)).toEqual(Array.from({ length: 10 }, (_, i) => `/r${i}`));
    expect(inner.peak()).toBe(3);
  });

  it("frees the slot of a request that fails, and passes the failure on", async () => {
    const inner = controllable();
    const limited = limitConcurrency(1, inner.makeRequest);
    const first = limited("/fails", {});
    const second = limited("/next", {});
    await tick();
    inner.pending[0]?.reject(new Error("socket hang up"));
    await expect(first).rejects.toThrow("socket hang up");
    await tick();
    expect(inner.pending.map((call) => call.url)).toEqual(["/fails", "/next"]);
    inner.pending[1]?.resolve();
    await expect(second).resolves.toEqual({ status: 204 });
  });

  it("keeps arrival order through a queue of thousands", async () => {
    const started: string[] = [];
    let active = 0;
    let peak = 0;
    const limited = limitConcurrency(2, (url) => {
      started.push(url);
      active += 1;
      peak = Math.max(peak, active);
      return new Promise<Response>((resolve) =>
        setImmediate(() => {
          active -= 1;
          resolve({ status: 204 } as Response);
        }),
      );
    });
    const urls = Array.from({ length: 3_000 }, (_, index) => `/r${index}`);
    await Promise.all(urls.map((url) => limited(url, {})));
    expect(started).toEqual(urls);
    expect(peak).toBe(2);
    // Drained: the next requests start at once.
    await Promise.all([limited("/a", {}), limited("/b", {})]);
    expect(started.slice(-2)).toEqual(["/a", "/b"]);
  });

  it("rejects a bound that is not a positive integer", () => {
    const inner = controllable();
    expect(() => limitConcurrency(0, inner.makeRequest)).toThrow(RangeError);
    expect(() => limitConcurrency(1.5, inner.makeRequest)).toThrow(RangeError);
  });
});

/** Shared fixtures for the review tests: a review service on a real store, with a manual clock. */
import { ManualClock } from "../../src/clock.js";
import { ReviewService } from "../../src/review/service.js";
import type { Store } from "../../src/store/index.js";
import { realKnowledge } from "../quiz/helpers.js";

export const DECK = "200000000000000001";
export const MEMBER = "400000000000000001";

export function reviewService(store: Store, clock: ManualClock): ReviewService {
  return new ReviewService({
    repository: store.review,
    settings: store.settings,
    knowledge: realKnowledge(),
    clock,
  });
}

/** A cheap deterministic PRNG for simulated answers (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

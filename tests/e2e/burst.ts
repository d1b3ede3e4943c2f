/**
 * A burst of interactions injected all at once, timed from each dispatch leaving the fake gateway
 * to its callback arriving at the fake REST: the e2e 3-second test and the discord benchmark share it.
 */
import type { FakeDiscord, InjectedInteraction } from "./fakeDiscord.js";
import type { Json } from "./world.js";

export interface BurstResult {
  /** Dispatch -> callback, in milliseconds, for every acknowledged interaction. */
  readonly latenciesMs: number[];
  /** Interactions never acknowledged within the wait. */
  readonly unanswered: readonly InjectedInteraction[];
  /** First dispatch to last callback. */
  readonly elapsedMs: number;
}

export async function runBurst(
  fake: FakeDiscord,
  count: number,
  payloadFor: (index: number) => Json,
  waitMs: number,
): Promise<BurstResult> {
  // Build every payload first, so the injections go out back to back like a real burst.
  const payloads = Array.from({ length: count }, (_, index) => payloadFor(index));
  const injected = payloads.map((payload) => fake.injectInteraction(payload));
  const acknowledged = new Set(fake.callbacks.map((callback) => callback.interaction.id));
  const pending = () => injected.filter((interaction) => !acknowledged.has(interaction.id));
  let seen = fake.callbacks.length;
  await fake
    .waitFor(
      () => {
        for (; seen < fake.callbacks.length; seen++) {
          const callback = fake.callbacks[seen];
          if (callback !== undefined) acknowledged.add(callback.interaction.id);
        }
        return injected.every((interaction) => acknowledged.has(interaction.id));
      },
      waitMs,
      `${count} callbacks`,
    )
    .catch(() => undefined);
  const ids = new Set(injected.map((interaction) => interaction.id));
  const callbacks = fake.callbacks.filter((callback) => ids.has(callback.interaction.id));
  const first = injected[0]?.sentAt ?? 0;
  const last = callbacks.reduce((latest, callback) => Math.max(latest, callback.at), first);
  return {
    latenciesMs: callbacks.map((callback) => callback.at - callback.interaction.sentAt),
    unanswered: pending(),
    elapsedMs: last - first,
  };
}

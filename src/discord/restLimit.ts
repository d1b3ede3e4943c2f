/**
 * A bound on how many HTTP requests the bot has waiting on Discord at once. undici's default
 * agent opens one connection per concurrent request, so a burst of 1,000 interactions opened
 * about 1,000 sockets (each with its own parser and buffers, and against Discord a TLS handshake
 * apiece), which stayed open between bursts. Requests past the bound wait in a FIFO queue; the
 * connections that exist are reused as soon as they are free.
 */
import { DefaultRestOptions, type RESTOptions } from "discord.js";

import { createFifo } from "./fifo.js";

type MakeRequest = RESTOptions["makeRequest"];

/**
 * Enough parallel requests that a burst of 1,000 callbacks clears in about eight round trips to
 * Discord (well inside the 3 s acknowledgement window at a normal latency), few enough that the
 * connection pool stays a few megabytes and a burst costs no more than 128 handshakes.
 */
export const REST_CONCURRENCY_MAX = 128;

/** Wraps `makeRequest` so that at most `max` calls are pending at once; the rest queue in order. */
export function limitConcurrency(max: number, makeRequest: MakeRequest): MakeRequest {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`limitConcurrency: bad bound ${max}`);
  let active = 0;
  const waiting = createFifo<() => void>();
  const release = () => {
    const next = waiting.shift();
    if (next === undefined) active -= 1;
    else next(); // the slot passes straight to the next request
  };
  return async (url, init) => {
    if (active < max) active += 1;
    else
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
      });
    try {
      return await makeRequest(url, init);
    } finally {
      release();
    }
  };
}

/** discord.js's own request strategy (undici), bounded. */
export const boundedMakeRequest = (max: number = REST_CONCURRENCY_MAX): MakeRequest =>
  limitConcurrency(max, (url, init) => DefaultRestOptions.makeRequest(url, init));

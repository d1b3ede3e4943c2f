import { DiscordAPIError, HTTPError, RateLimitError } from "discord.js";
import { describe, expect, test } from "vitest";

import { toDeliveryError } from "../../src/discord/messenger.js";
import { DeliveryError } from "../../src/messenger.js";

const apiError = (status: number, code: number) =>
  new DiscordAPIError({ code, message: `error ${code}` }, code, status, "POST", "/channels/1/messages", {
    body: undefined,
    files: undefined,
  });

describe("toDeliveryError", () => {
  test.each([
    [403, 50001, "missing-access", false],
    [403, 50013, "missing-permissions", false],
    [404, 10003, "unknown-channel", false],
    [404, 10008, "unknown-message", false],
    [429, 0, "rate-limited", true],
    [502, 0, "unavailable", true],
    [400, 50035, "other", false],
  ] as const)("Discord %i / code %i becomes %s (retryable: %s)", (status, code, failure, retryable) => {
    const mapped = toDeliveryError(apiError(status, code));
    expect(mapped).toBeInstanceOf(DeliveryError);
    expect(mapped.failure).toBe(failure);
    expect(mapped.retryable).toBe(retryable);
    if (code !== 0) expect(mapped.code).toBe(code);
  });

  test("HTTP 5xx and network failures are retryable; a rate-limit rejection too", () => {
    expect(
      toDeliveryError(
        new HTTPError(503, "Service Unavailable", "POST", "/x", { body: undefined, files: undefined }),
      ).retryable,
    ).toBe(true);
    expect(
      toDeliveryError(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })),
    ).toMatchObject({ failure: "unavailable", retryable: true });
    const limited = new RateLimitError({
      timeToReset: 1000,
      limit: 5,
      method: "POST",
      hash: "h",
      url: "/x",
      route: "/channels/:id/messages",
      majorParameter: "1",
      global: false,
      retryAfter: 1000,
      sublimitTimeout: 0,
      scope: "user",
    });
    expect(toDeliveryError(limited)).toMatchObject({ failure: "rate-limited", retryable: true });
  });

  test("a DeliveryError passes through unchanged", () => {
    const original = new DeliveryError("missing-access", false, "no", 50001);
    expect(toDeliveryError(original)).toBe(original);
  });
});

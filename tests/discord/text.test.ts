import fc from "fast-check";
import { describe, expect, test } from "vitest";

import {
  ELLIPSIS,
  neutralizeMentions,
  stripMentions,
  suppressLinkPreviews,
  truncate,
} from "../../src/discord/text.js";

describe("truncate", () => {
  test("leaves text that fits alone", () => {
    expect(truncate("short enough", 12)).toBe("short enough");
  });

  test("cuts at the last sentence end when that keeps most of the text", () => {
    const text = "First sentence here. Second sentence is longer than the rest.";
    expect(truncate(text, 40)).toBe(`First sentence here. ${ELLIPSIS}`);
  });

  test("falls back to a word boundary when no sentence end is near", () => {
    expect(truncate("one two three four five six seven", 20)).toBe(`one two three four${ELLIPSIS}`);
  });

  test("never splits a surrogate pair", () => {
    const cut = truncate("😀".repeat(20), 10);
    expect(cut.length).toBeLessThanOrEqual(10);
    expect(cut.endsWith(ELLIPSIS)).toBe(true);
    expect(() => encodeURIComponent(cut)).not.toThrow();
  });

  test("never exceeds the limit and always marks a cut", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), fc.integer({ min: 1, max: 400 }), (text, max) => {
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        if (text.length <= max) expect(cut).toBe(text);
        else expect(cut.endsWith(ELLIPSIS)).toBe(true);
      }),
    );
  });
});

describe("neutralizeMentions", () => {
  test("breaks every mention that is not explicitly allowed", () => {
    const text = "@everyone @here <@111111111111111111> <@!111111111111111111> <@&222222222222222222>";
    const safe = neutralizeMentions(text);
    expect(safe).not.toMatch(/@everyone|@here|<@!?\d+>|<@&\d+>/);
  });

  test("keeps allowed users and roles", () => {
    const safe = neutralizeMentions("<@111111111111111111> <@&222222222222222222> <@333333333333333333>", {
      users: ["111111111111111111"],
      roles: ["222222222222222222"],
    });
    expect(safe).toContain("<@111111111111111111>");
    expect(safe).toContain("<@&222222222222222222>");
    expect(safe).not.toContain("<@333333333333333333>");
  });
});

test("suppressLinkPreviews wraps bare links only once", () => {
  expect(suppressLinkPreviews("a https://x.org/b and <https://y.org>")).toBe(
    "a <https://x.org/b> and <https://y.org>",
  );
});

test("stripMentions removes every kind of mention and collapses the spaces left behind", () => {
  expect(
    stripMentions(
      "<@300000000000000012> @everyone what is  <#300000000000000013> <@&300000000000000014> dongbei? @HERE",
    ),
  ).toBe("what is dongbei?");
  expect(stripMentions("no mentions here")).toBe("no mentions here");
});

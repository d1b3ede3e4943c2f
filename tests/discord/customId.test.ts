import fc from "fast-check";
import { describe, expect, test } from "vitest";

import { defineCustomId, flagArg, idArg, intArg, isIdArg, namespaceOf } from "../../src/customId.js";
import { CUSTOM_ID_MAX_LENGTH } from "../../src/discord/limits.js";
import { feedbackId } from "../../src/interactions/feedback.js";
import { relatedId } from "../../src/interactions/related.js";
import { showParagraphId } from "../../src/interactions/showParagraph.js";
import { suggestionId } from "../../src/interactions/suggestion.js";

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
const hash = fc.stringMatching(/^[0-9a-f]{12}$/);

describe("custom-id codecs", () => {
  const sample = defineCustomId("sample", 3, [idArg, intArg(-5, 500), flagArg]);

  test("encode then decode returns the same arguments", () => {
    fc.assert(
      fc.property(id, fc.integer({ min: -5, max: 500 }), fc.boolean(), (a, b, c) => {
        const encoded = sample.encode(a, b, c);
        expect(encoded.length).toBeLessThanOrEqual(CUSTOM_ID_MAX_LENGTH);
        expect(namespaceOf(encoded)).toBe("sample");
        expect(sample.decode(encoded)).toEqual([a, b, c]);
      }),
    );
  });

  test("the runtime's button codecs round-trip", () => {
    fc.assert(
      fc.property(
        id,
        hash,
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 0, max: 99_998 }),
        (briefing, h, n, offset) => {
          expect(showParagraphId.decode(showParagraphId.encode(briefing, h, n, offset, offset + 1))).toEqual([
            briefing,
            h,
            n,
            offset,
            offset + 1,
          ]);
          expect(relatedId.decode(relatedId.encode(briefing, h, n, 1))).toEqual([briefing, h, n, 1]);
          expect(feedbackId.decode(feedbackId.encode("w", briefing, h, n, 2))).toEqual([
            "w",
            briefing,
            h,
            n,
            2,
          ]);
          expect(suggestionId.decode(suggestionId.encode(briefing, 3))).toEqual([briefing, 3]);
        },
      ),
    );
  });

  test("forged or tampered ids decode to undefined (or to arguments that re-encode identically)", () => {
    const codecs = [sample, showParagraphId, relatedId, feedbackId, suggestionId];
    const valid = showParagraphId.encode("china-rust-belt", "8185b348dfc3", 4, 0, 132);
    const tampered = fc
      .tuple(fc.nat({ max: valid.length }), fc.string({ maxLength: 5 }))
      .map(([at, insert]) => valid.slice(0, at) + insert + valid.slice(at + 1));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 150 }), tampered), (forged) => {
        for (const codec of codecs) {
          const decoded = codec.decode(forged) as readonly (string | number | boolean)[] | undefined;
          if (decoded === undefined) continue;
          expect((codec.encode as (...args: unknown[]) => string)(...decoded)).toBe(forged);
        }
      }),
      { numRuns: 500 },
    );
  });

  test("other versions and wrong arities are rejected", () => {
    expect(showParagraphId.decode("para:v2:china-rust-belt:8185b348dfc3:4:0:132")).toBeUndefined();
    expect(showParagraphId.decode("para:v1:china-rust-belt:8185b348dfc3:4:0")).toBeUndefined();
    expect(feedbackId.decode("fb:v1:x:china-rust-belt:8185b348dfc3:4:1")).toBeUndefined();
  });
});

test("encode refuses arguments its own decoder would reject", () => {
  expect(() => showParagraphId.encode("china-rust-belt", "8185b348dfc3", 4, 0, 100_000)).toThrow(/schemas/);
  expect(() => showParagraphId.encode("china-rust-belt", "not-hex", 4, 0, 1)).toThrow();
});

test("encoding is remembered per arguments, and never lets through what the decoder rejects", () => {
  const codec = defineCustomId("memo", 1, [idArg, intArg(0, 9), flagArg]);
  const first = codec.encode("a", 1, true);
  expect(codec.encode("a", 1, true)).toBe(first);
  expect(first).toBe("memo:v1:a:1:1");
  expect(codec.encode("a", 1, false)).toBe("memo:v1:a:1:0");
  expect(codec.encode("a", 2, true)).toBe("memo:v1:a:2:1");
  // A prefix of a remembered tuple, or a neighbour of one, is still checked.
  expect(() => codec.encode("a", 10, true)).toThrow(/schemas/);
  expect(() => codec.encode("a:1", 1, true)).toThrow(/forbidden/);
  expect(() => (codec.encode as (...args: unknown[]) => string)("a", 1)).toThrow(/expected 3 args/);
  // Past the bound the memory starts over, and ids stay the same.
  for (let index = 0; index < 1_500; index++) codec.encode(`id${index}`, index % 10, index % 2 === 0);
  expect(codec.encode("a", 1, true)).toBe(first);
});

test("isIdArg accepts exactly what the idArg schema accepts", () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 45 }), id), (text) => {
      expect(isIdArg(text)).toBe(idArg.safeParse(text).success);
    }),
  );
});

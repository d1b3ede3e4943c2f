import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { words } from "../../src/knowledge/fold.js";
import { normalizeQuantities, prepareText } from "../../src/knowledge/normalize.js";

const normalize = (text: string) => normalizeQuantities(words(prepareText(text))).join(" ");

describe("prepareText", () => {
  it("reads US in capitals as the country and lower-case us as the pronoun, except before country nouns", () => {
    expect(prepareText("the US rust belt")).toBe("the usa rust belt");
    expect(prepareText("U.S. steel")).toBe("usa steel");
    expect(prepareText("tell us about the us economy")).toBe("tell us about the usa economy");
    expect(prepareText("us president")).toBe("usa president");
  });

  it("spells out percent signs", () => {
    expect(prepareText("7% of GDP")).toBe("7 percent of gdp");
  });
});

describe("normalizeQuantities", () => {
  it.each([
    ["the last three decades", "the last 30 years"],
    ["a decade ago", "10 years ago"],
    ["half a century", "50 years"],
    ["seven pct", "7 percent"],
    ["7 per cent", "7 percent"],
    ["a hundred million people", "100 million people"],
    ["one hundred and twenty", "120"],
    ["twenty five years", "25 years"],
    ["100m people", "100 million people"],
    ["10 mil people", "10 million people"],
    ["world war two", "world war 2"],
    ["one belt one road", "one belt one road"],
    ["since 1980", "since 1980"],
    // Object keys are not numbers.
    ["constructor of the prototype", "constructor of the prototype"],
  ])("%j -> %j", (text, expected) => {
    expect(normalize(text)).toBe(expected);
  });

  it("is idempotent", () => {
    const word = fc.constantFrom(
      "a",
      "one",
      "two",
      "three",
      "twenty",
      "hundred",
      "decades",
      "decade",
      "pct",
      "7",
      "100m",
      "half",
      "century",
      "of",
      "and",
      "x",
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (sequence) => {
        const once = normalizeQuantities(sequence);
        expect(normalizeQuantities(once)).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });
});

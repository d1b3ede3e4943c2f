import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { findFolded, foldText, stem, words } from "../../src/knowledge/fold.js";
import { segmentSentences } from "../../src/knowledge/segment.js";
import { editDistance } from "../../src/knowledge/typo.js";

describe("foldText", () => {
  it("folds NFKC, curly quotes, dashes, whitespace runs and case", () => {
    expect(
      foldText("  Dongbei\u2019s\u00a0neighbors\u200a\u2014\u200aimpoverished \u201cMAGA\u201d\n\tＧＤＰ "),
    ).toBe(`dongbei's neighbors - impoverished "maga" gdp`);
  });

  it("is idempotent and leaves no curly quotes, long dashes or double spaces", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (text) => {
        const folded = foldText(text);
        expect(foldText(folded)).toBe(folded);
        expect(folded).not.toMatch(/[\u2018\u2019\u201c\u201d\u2013\u2014]|\s{2}|^\s|\s$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("findFolded", () => {
  const paragraph = "Dongbei\u2019s neighbors\u200a\u2014\u200aimpoverished North Korea\u00a0and more.";

  it("finds a straight-quoted needle and returns the source's own characters", () => {
    const span = findFolded(paragraph, "dongbei's neighbors - impoverished north korea and");
    expect(span && paragraph.slice(span.start, span.end)).toBe(
      "Dongbei\u2019s neighbors\u200a\u2014\u200aimpoverished North Korea\u00a0and",
    );
  });

  it("returns a span whose folding equals the folded needle, for any substring", () => {
    fc.assert(
      fc.property(fc.nat(paragraph.length), fc.nat(paragraph.length), (a, b) => {
        const needle = paragraph.slice(Math.min(a, b), Math.max(a, b));
        const span = findFolded(paragraph, needle);
        if (foldText(needle) === "") return;
        expect(span).toBeDefined();
        if (span) expect(foldText(paragraph.slice(span.start, span.end))).toBe(foldText(needle));
      }),
    );
  });

  it("does not find what is not there", () => {
    expect(findFolded(paragraph, "South Korea")).toBeUndefined();
    expect(findFolded(paragraph, "   ")).toBeUndefined();
  });
});

describe("words, stem and edit distance", () => {
  it("drops possessives and stems consistently", () => {
    expect(words(foldText("China's Dongbei’s rust-belt"))).toEqual(["china", "dongbei", "rust", "belt"]);
    expect(new Set(["declined", "declining", "decline"].map(stem)).size).toBe(1);
    expect(stem("economically")).toBe(stem("economic"));
    // A four-letter word's final "e" goes like a longer word's: "move" meets "moving", "moved".
    expect(new Set(["move", "moving", "moved", "moves"].map(stem)).size).toBe(1);
    expect(new Set(["rise", "rising"].map(stem)).size).toBe(1);
    // A consonant doubled before -ing/-ed is one letter of the word, not two.
    expect([stem("propping"), stem("stopped"), stem("planning")]).toEqual([
      stem("prop"),
      stem("stop"),
      stem("plan"),
    ]);
    expect(stem("falling")).toBe(stem("fall"));
    expect(stem("1980s")).toBe("1980s");
  });

  it("counts adjacent swaps as one edit", () => {
    expect(editDistance("gpd", "gdp", 2)).toBe(1);
    expect(editDistance("dongbie", "dongbei", 2)).toBe(1);
    expect(editDistance("jinpng", "jinping", 2)).toBe(1);
    expect(editDistance("unemployment", "employment", 1)).toBe(2);
  });
});

describe("segmentSentences", () => {
  it("keeps U.S.-style abbreviations and initials inside sentences", () => {
    const text =
      "The U.S. economy grew. Mr. Xi met John F. Kennedy’s heirs in the 1960s. “It works.” Then it ended!";
    expect(segmentSentences(text).map((sentence) => sentence.text)).toEqual([
      "The U.S. economy grew.",
      "Mr. Xi met John F. Kennedy’s heirs in the 1960s.",
      "“It works.”",
      "Then it ended!",
    ]);
  });

  it("gives offsets that slice back to each sentence", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("Dongbei fell.", "It said “no.”", "U.S. steel rose!", "Why?"), {
          maxLength: 6,
        }),
        (parts) => {
          const text = parts.join(" ");
          for (const sentence of segmentSentences(text)) {
            expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
          }
        },
      ),
    );
  });
});

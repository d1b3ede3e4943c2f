import { describe, expect, it } from "vitest";

import { isAt, positionIn, withoutPositions } from "../../src/knowledge/positions.js";
import type { Citation } from "../../src/knowledge/types.js";

const at = (paragraph: number, sentence: number): Citation => ({
  briefing: "b",
  hash: "h",
  paragraph,
  sentence,
});
/** Three paragraphs of 1, 3 and 2 sentences. */
const layout = [1, 3, 2];

describe("positions", () => {
  it.each([
    ["what does the last paragraph say", { paragraph: "last" }],
    ["the 2nd sentence", { sentence: 2 }],
    ["whats in para two", { paragraph: 2 }],
    ["first sentence of paragraph 3", { paragraph: 3, sentence: 1 }],
    ["the final line", { sentence: "last" }],
  ])("reads %j", (question, expected) => {
    expect(positionIn(question)).toEqual(expected);
  });

  it.each([["what happened in the last 30 years"], ["the paragraph about gdp"], ["a new line of work"]])(
    "finds no place in %j",
    (question) => {
      expect(positionIn(question)).toBeUndefined();
    },
  );

  it("drops the place's words from the question, keeping the rest", () => {
    expect(withoutPositions("what does the last paragraph say about dongbei").replace(/\s+/g, " ")).toBe(
      "what does the say about dongbei",
    );
    expect(withoutPositions("the last 30 years")).toBe("the last 30 years");
  });

  it("matches citations by paragraph, by sentence within it, and by sentence through the briefing", () => {
    expect(isAt({ paragraph: "last" }, at(3, 2), layout)).toBe(true);
    expect(isAt({ paragraph: "last" }, at(2, 3), layout)).toBe(false);
    expect(isAt({ paragraph: 2, sentence: "last" }, at(2, 3), layout)).toBe(true);
    expect(isAt({ paragraph: 2, sentence: 1 }, at(2, 3), layout)).toBe(false);
    // Sentence 3 of the briefing is the second of paragraph 2.
    expect(isAt({ sentence: 3 }, at(2, 2), layout)).toBe(true);
    expect(isAt({ sentence: "last" }, at(3, 2), layout)).toBe(true);
    expect(isAt({ sentence: "last" }, at(3, 1), layout)).toBe(false);
  });
});

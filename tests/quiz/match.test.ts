import { describe, expect, it } from "vitest";

import { answerKey, answerMatches } from "../../src/quiz/match.js";

describe("typed answer matching", () => {
  it("treats 7, 7%, seven percent and about 7 percent as the same answer", () => {
    for (const expected of ["7 percent", "about 7 percent", "7"]) {
      for (const given of [
        "7",
        "7%",
        "7 %",
        "seven percent",
        "about 7 percent",
        "About 7 per cent",
        "roughly seven",
      ]) {
        expect(answerMatches(expected, given), `${expected} / ${given}`).toBe(true);
      }
    }
  });

  it("never confuses different numbers", () => {
    expect(answerMatches("1", "18")).toBe(false);
    expect(answerMatches("18", "1")).toBe(false);
    expect(answerMatches("7 percent", "70")).toBe(false);
    expect(answerMatches("70", "7")).toBe(false);
    expect(answerMatches("7 percent", "7 17")).toBe(false);
    expect(answerMatches("1980", "1908")).toBe(false);
    expect(answerMatches("three", "3")).toBe(true);
    expect(answerMatches("100 million", "100,000,000")).toBe(true);
    expect(answerMatches("more than 100 million", "100 million")).toBe(true);
    expect(answerMatches("more than 100 million", "10 million")).toBe(false);
  });

  it("ignores punctuation, case and curly quotes", () => {
    expect(answerMatches("North Korea", "  north KOREA!! ")).toBe(true);
    expect(answerMatches("export", "“Export.”")).toBe(true);
    expect(answerMatches("Japanese occupiers", "the japanese occupiers")).toBe(true);
  });

  it("matches one-word answers as whole words only", () => {
    expect(answerMatches("air", "chair")).toBe(false);
    expect(answerMatches("tech", "biotech")).toBe(false);
    expect(answerMatches("half", "half")).toBe(true);
    // Listing guesses is not an answer.
    expect(answerMatches("half", "half quarter third")).toBe(false);
    expect(answerMatches("Japanese occupiers", "japanese")).toBe(false);
  });

  it("tolerates one typo in words of five letters or more, not in shorter ones", () => {
    expect(answerMatches("Mongolia", "Mongolai")).toBe(true);
    expect(answerMatches("skids", "skidz")).toBe(true);
    expect(answerMatches("export", "exprot")).toBe(true);
    expect(answerMatches("Mongolia", "Mangolai")).toBe(false);
    expect(answerMatches("tech", "tach")).toBe(false);
    expect(answerMatches("half", "hals")).toBe(false);
  });

  it("accepts listed alternatives and keys equal answers equally", () => {
    expect(answerMatches("True", "yes", ["yes", "t"])).toBe(true);
    expect(answerMatches("True", "no", ["yes", "t"])).toBe(false);
    expect(answerKey("about 7 percent")).toBe(answerKey("7%"));
    expect(answerKey("the Western provinces")).toBe(answerKey("western province"));
  });
});

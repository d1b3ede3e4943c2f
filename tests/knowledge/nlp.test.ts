import { describe, expect, it } from "vitest";

import { loadCorpus } from "../../scripts/eval/corpus.js";
import { analyse } from "../../src/knowledge/nlp.js";

const reading = (text: string) => analyse(text).map((token) => `${token.text}/${token.lemma}/${token.pos}`);

describe("wink-nlp's reading does not depend on what it read before", () => {
  it("splits a possessive the same after meeting it before a comma", () => {
    const question = "What share of China's GDP does Dongbei produce?";
    const before = reading(question);
    expect(before).toContain("'s/'s/PART");
    // wink-nlp learns "China's" as a word from this, and split it no more (seen before the fix).
    analyse("America's rust belt vs China's, how is each one a political issue?");
    expect(reading(question)).toEqual(before);
  });

  it("reads every corpus question the same forwards and backwards", () => {
    const questions = loadCorpus().questions.map((question) => question.q);
    const forwards = questions.map(reading);
    const backwards = [...questions].reverse().map(reading).reverse();
    const differing = questions.filter((_, at) => forwards[at]?.join(" ") !== backwards[at]?.join(" "));
    expect(differing).toEqual([]);
  });
});

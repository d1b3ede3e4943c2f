/** The shipped general resources: word vectors, WordNet relations and names, and the decision model. */
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { decisionModel, decisionModelSchema, logistic, score } from "../../src/knowledge/decide.js";
import { readWordVectors, WORD_VECTORS_FILE, wordVectors } from "../../src/knowledge/wordVectors.js";
import { wordRelations } from "../../src/knowledge/wordRelations.js";

const resources = fileURLToPath(new URL("../../src/knowledge/resources/", import.meta.url));

describe("word vectors", () => {
  const vectors = wordVectors();

  it("holds the 40,000 most frequent words as unit vectors, small enough to ship", () => {
    expect(vectors.size).toBe(40_000);
    expect(vectors.dimensions).toBe(100);
    expect(statSync(WORD_VECTORS_FILE).size).toBeLessThan(5_000_000);
    expect(vectors.rank("the")).toBe(0);
    expect(vectors.similarity("economy", "economy")).toBe(1);
  });

  it("puts synonyms close and unrelated words far", () => {
    expect(vectors.similarity("firms", "companies")).toBeGreaterThan(0.85);
    expect(vectors.similarity("journalists", "reporters")).toBeGreaterThan(0.7);
    expect(vectors.similarity("produce", "output")).toBeGreaterThan(0.5);
    expect(vectors.similarity("journalists", "volcano") ?? 1).toBeLessThan(0.2);
    expect(vectors.similarity("dongbei", "china")).toBeUndefined();
  });

  it("refuses a file that is not a vector table, naming it", () => {
    const file = fileURLToPath(new URL("../../package.json", import.meta.url));
    expect(() => readWordVectors(file)).toThrow(/package\.json: not a word-vector table/);
  });
});

describe("WordNet relations", () => {
  const relations = wordRelations();

  it("relates derivations across parts of speech, and synonyms of the main sense", () => {
    expect(relations.relation("produce", "v", "product", "n")).toBe("relative");
    expect(relations.relation("industry", "n", "industrial", "a")).toBe("relative");
    expect(relations.relation("reduce", "v", "cut", "v")).toBe("synonym");
    expect(relations.relation("firm", "n", "steady", "a")).toBeUndefined();
  });

  it("knows what a word's main sense names, and what names name", () => {
    expect(relations.classOf("minister", "n")).toBe("person");
    expect(relations.classOf("province", "n")).toBe("location");
    expect(relations.classOf("say", "v")).toBe("communication");
    expect(relations.nameClass("vienna")).toBe("place");
    expect(relations.nameClass("nato")).toBe("group");
    expect(relations.acronym("gdp")).toEqual(["gross", "domestic", "product"]);
  });
});

describe("the decision model", () => {
  it("validates, was fitted on the development briefings, and has a threshold between 0 and 1", () => {
    const raw = JSON.parse(readFileSync(`${resources}decision-model.json`, "utf8")) as unknown;
    expect(decisionModelSchema.safeParse(raw).success).toBe(true);
    const model = decisionModel();
    expect(model.trainedOn).toMatch(/development briefings/);
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThan(1);
    expect(model.nearThreshold).toBeLessThanOrEqual(model.threshold);
  });

  it("scores a candidate that meets every word above one that meets none", () => {
    const model = decisionModel();
    const full = {
      exact: 1,
      lexical: 1,
      soft: 1,
      withContext: 1,
      withProfile: 1,
      bm25: 1,
      meaning: 0.9,
      uniform: 1,
      weakest: 1,
    };
    const none = {
      exact: 0,
      lexical: 0,
      soft: 0,
      withContext: 0,
      withProfile: 0,
      bm25: 0,
      meaning: 0,
      uniform: 0,
      weakest: 0,
      unmatched: 0.6,
    };
    expect(score(model.ranker, full)).toBeGreaterThan(score(model.ranker, none));
    expect(logistic(0)).toBe(0.5);
  });
});

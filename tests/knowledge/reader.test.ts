/** Stage 1: reading a briefing, on the shipped briefing and a public one from the evaluation corpus. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { keySentences } from "../../src/knowledge/keySentences.js";
import { loadKnowledge, parseBriefing } from "../../src/knowledge/load.js";
import { analyse } from "../../src/knowledge/nlp.js";
import { findFigures, findTimes } from "../../src/knowledge/quantities.js";
import { readOnce, type ReadSentence } from "../../src/knowledge/reader.js";
import { statementFacts } from "../../src/knowledge/statements.js";
import { repoRoot } from "../helpers/runScript.js";
import { knowledgeDir } from "./helpers.js";

const china = readOnce(loadKnowledge(knowledgeDir).briefings[0] ?? fail());
/** One public briefing of the evaluation corpus, read alone. */
function corpusBriefing(id: string) {
  const file = join(repoRoot, "tests", "knowledge", "general", "briefings", `${id}.md`);
  const problems: string[] = [];
  return parseBriefing(file, readFileSync(file, "utf8"), problems) ?? fail();
}

function fail(): never {
  throw new Error("fixture missing");
}

function sentenceStarting(sentences: readonly ReadSentence[], start: string): ReadSentence {
  return sentences.find((sentence) => sentence.sentence.text.startsWith(start)) ?? fail();
}

const figuresOf = (text: string) => {
  const tokens = analyse(text);
  return findFigures(tokens).map((figure) => ({
    text: tokens
      .slice(figure.start, figure.end)
      .map((token) => token.text)
      .join(" "),
    kind: figure.kind,
    counts: figure.counts,
  }));
};

describe("reading a briefing", () => {
  it("finds figures with their unit and what they count", () => {
    expect(figuresOf("a bloc of 23 oil-producing states")).toEqual([
      { text: "23", kind: "count", counts: "state" },
    ]);
    expect(figuresOf("prices come in at around $70 a barrel")[0]).toMatchObject({
      kind: "money",
      counts: "barrel",
    });
    expect(figuresOf("fallen to about 7 percent since 1980").map((figure) => figure.kind)).toEqual([
      "percent",
      "year",
    ]);
    expect(figuresOf("home to more than 100 million people")[0]).toMatchObject({
      kind: "count",
      counts: "people",
    });
    expect(figuresOf("a five-year presidential term")[0]?.kind).toBe("duration");
    expect(figuresOf("for 90 more days")[0]?.kind).toBe("duration");
    // "per day" is a rate, not a percent.
    expect(figuresOf("1,500 per day")[0]?.kind).toBe("count");
  });

  it("counts the noun a figure is hyphenated to, and stops a counted phrase at a name", () => {
    expect(figuresOf("leaders met at a 47-nation summit Tuesday")[0]).toMatchObject({
      kind: "count",
      counts: "nation",
    });
    expect(figuresOf("after a humbling 17-point defeat")[0]).toMatchObject({
      kind: "count",
      counts: "point",
    });
    expect(figuresOf("the 12 ministers Sunday")[0]).toMatchObject({ kind: "count", counts: "minister" });
    // A name that is the counted noun itself still counts.
    expect(figuresOf("401 MEPs supported her")[0]).toMatchObject({ kind: "count", counts: "meps" });
  });

  it("finds dates and periods, and tells a duration from a point in time", () => {
    const kinds = (text: string) => {
      const tokens = analyse(text);
      return findTimes(tokens, findFigures(tokens)).map((time) => time.kind);
    };
    expect(kinds("the meeting in Vienna on Sunday")).toEqual(["date"]);
    expect(kinds("Riyadh last week told investors")).toEqual(["relative"]);
    expect(kinds("sentenced to 11 years in prison")).toEqual(["duration"]);
    expect(kinds("signed during his first term")).toEqual(["relative"]);
    expect(kinds("it has since fallen")).toEqual([]);
  });

  it("finds names and what they name, from WordNet, titles, appositions and word vectors", () => {
    const kinds = (sentence: ReadSentence) => sentence.names.map((name) => [name.text, name.kind]);
    expect(kinds(sentenceStarting(china.sentences, "Dongbei, a region"))).toEqual([
      ["Dongbei", "place"],
      ["China", "place"],
    ]);
    expect(kinds(sentenceStarting(china.sentences, "Unlike Trump"))).toEqual([
      ["Trump", "person"],
      ["Chinese President Xi Jinping", "person"],
    ]);
    // A slogan in capitals is not a name; a nationality before a noun is not one either.
    expect(kinds(sentenceStarting(china.sentences, "Reviving")).map(([text]) => text)).not.toContain(
      "Make America Great Again",
    );
    const macron = readOnce(corpusBriefing("macron-snap-election-gamble"));
    const people = macron.sentences.flatMap((sentence) =>
      sentence.names.filter((name) => name.kind === "person").map((name) => name.text),
    );
    expect(people).toContain("German Chancellor Olaf Scholz");
    // A surname alone is the person named in full elsewhere ("Macron" is President Emmanuel Macron).
    expect(people).toContain("Macron");
  });

  it("reads which sentence follows from which, and the cues of each", () => {
    const result = sentenceStarting(china.sentences, "As a result");
    const cause = china.sentences[result.position - 1] ?? fail();
    expect(result.follows).toBe(cause.position);
    expect(cause.explains).toBe(true);
    expect(sentenceStarting(china.sentences, "Unlike Trump").cues.contrast).toBe(true);
    expect(sentenceStarting(china.sentences, "Reviving").cues.cause).toBe(false);
  });

  it("reads acronyms as the words they stand for: the briefing's own names first, then WordNet", () => {
    expect(sentenceStarting(china.sentences, "As a result").expansions).toEqual([
      "gross",
      "domestic",
      "product",
    ]);
  });

  it("turns sentences that state something into facts, and picks one key sentence per paragraph", () => {
    const facts = statementFacts(china);
    expect(facts.length).toBeGreaterThanOrEqual(8);
    for (const fact of facts) expect(fact.id).toMatch(/^china-rust-belt-p\d+-s\d+$/);
    const key = keySentences(china.briefing);
    expect(key.map((quote) => quote.citation.paragraph)).toEqual([1, 2, 3, 4, 5, 6]);
    // Not always the opening sentence: the fourth paragraph's point is not its first sentence's alone.
    const opening = china.briefing.paragraphs.map((paragraph) => paragraph.sentences[0]?.number);
    expect(key.map((quote) => quote.citation.sentence)).not.toEqual(opening.slice(0, key.length));
  });
});

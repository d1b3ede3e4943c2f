import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { foldText } from "../../src/knowledge/fold.js";
import { contentHash, KnowledgeLoadError, loadKnowledge } from "../../src/knowledge/load.js";
import { editFile, knowledgeDir, removeDir, tempKnowledgeCopy } from "./helpers.js";

const FACTS = "facts/china-rust-belt.yaml";
const factsPath = (dir: string) => join(dir, FACTS);

function problemsOf(dir: string): string[] {
  try {
    loadKnowledge(dir);
  } catch (error) {
    if (error instanceof KnowledgeLoadError) return error.problems;
    throw error;
  }
  throw new Error("expected the knowledge base to be rejected");
}

describe("the real knowledge base", () => {
  const kb = loadKnowledge(knowledgeDir);
  const briefing = kb.getBriefing("china-rust-belt");

  it("holds the title and six body paragraphs exactly as published", () => {
    expect(briefing?.title).toBe("China's Got a Rust Belt Too, You Know");
    expect(briefing?.publisher).toBe("GZERO Media");
    const source = readFileSync("/work/shared/briefings/china-rust-belt.source.txt", "utf8");
    const published = source.slice(0, source.indexOf("More from GZERO Media")).split(/\n\s*\n/);
    const body = published
      .slice(1)
      .map((block) => block.trim())
      .filter((block) => block !== "");
    expect(briefing?.paragraphs.map((paragraph) => paragraph.text)).toEqual(body);
    // The source's own characters survive: no-break spaces, hair spaces and curly quotes.
    const text = briefing?.paragraphs.map((paragraph) => paragraph.text).join("\n") ?? "";
    expect(text).toContain("\u00a0");
    expect(text).toContain("\u200a—\u200a");
    expect(text).toContain("\u201cMake America Great Again.\u201d");
    expect(text).not.toContain("More from GZERO");
  });

  it("segments sentences, including a quote ending with .” and a decade ending with s.", () => {
    const counts = briefing?.paragraphs.map((paragraph) => paragraph.sentences.length);
    expect(counts).toEqual([2, 2, 2, 3, 1, 1]);
    const first = briefing?.paragraphs[0]?.sentences[0];
    expect(first?.text.endsWith("Again.\u201d")).toBe(true);
    for (const paragraph of briefing?.paragraphs ?? []) {
      for (const sentence of paragraph.sentences) {
        expect(paragraph.text.slice(sentence.start, sentence.end)).toBe(sentence.text);
      }
    }
  });

  it("hashes the body so stale citations are detectable", () => {
    expect(briefing?.hash).toMatch(/^[0-9a-f]{12}$/);
    expect(briefing?.hash).toBe(
      contentHash(briefing?.paragraphs.map((paragraph) => paragraph.text).join("\n\n") ?? ""),
    );
  });

  it("locates every fact and quiz quote verbatim, and facts cover every sentence", () => {
    expect(kb.facts.length).toBeGreaterThanOrEqual(11);
    for (const item of [...kb.facts, ...kb.quizItems]) {
      expect(kb.verifyQuote(item.quote)).toBe(true);
      const paragraph = briefing?.paragraphs[item.quote.citation.paragraph - 1];
      const sentence = paragraph?.sentences[item.quote.citation.sentence - 1];
      expect(sentence?.text).toContain(item.quote.text);
    }
    for (const paragraph of briefing?.paragraphs ?? []) {
      for (const sentence of paragraph.sentences) {
        const covered = kb.facts.some(
          (fact) =>
            fact.quote.citation.paragraph === paragraph.number &&
            fact.quote.citation.sentence === sentence.number,
        );
        expect(covered, sentence.text).toBe(true);
      }
    }
  });

  it("declares the required topics with titles and descriptions", () => {
    const ids = kb.topics.map((topic) => topic.id);
    expect(ids).toEqual(expect.arrayContaining(["dongbei", "gdp", "policy-contrast"]));
    for (const topic of kb.topics) {
      expect(topic.title.length).toBeGreaterThan(0);
      expect(topic.description.length).toBeGreaterThan(0);
    }
  });

  it("has well-formed quiz items", () => {
    expect(kb.quizItems.length).toBeGreaterThanOrEqual(10);
    for (const item of kb.quizItems) {
      if (item.kind === "choice") {
        expect(item.distractors).toHaveLength(3);
        expect(item.distractors.map(foldText)).not.toContain(foldText(item.answer));
      }
      if (item.kind === "truefalse") expect(["true", "false"]).toContain(item.answer);
      if (item.kind === "cloze") expect(foldText(item.quote.text)).toContain(foldText(item.answer));
    }
  });

  it("rejects fabricated, edited and stale quotes", () => {
    const fact = kb.facts[0];
    if (fact === undefined) throw new Error("no facts");
    expect(kb.verifyQuote(fact.quote)).toBe(true);
    expect(kb.verifyQuote({ ...fact.quote, text: `${fact.quote.text} Really.` })).toBe(false);
    expect(kb.verifyQuote({ ...fact.quote, text: "" })).toBe(false);
    expect(
      kb.verifyQuote({ ...fact.quote, citation: { ...fact.quote.citation, hash: "000000000000" } }),
    ).toBe(false);
    expect(kb.verifyQuote({ ...fact.quote, citation: { ...fact.quote.citation, paragraph: 99 } })).toBe(
      false,
    );
    expect(kb.verifyQuote({ ...fact.quote, citation: { ...fact.quote.citation, briefing: "nope" } })).toBe(
      false,
    );
  });
});

describe("load errors name the file, the fact and the problem", () => {
  let dir = "";
  afterEach(() => {
    removeDir(dir);
  });

  it("a quote that is not in the briefing", () => {
    dir = tempKnowledgeCopy();
    editFile(dir, FACTS, (text) =>
      text.replace("to about 7 percent, since 1980", "to about 9 percent, since 1980"),
    );
    expect(problemsOf(dir)).toContain(
      `${factsPath(dir)}: fact gdp-share-fallen: quote not found in the briefing`,
    );
  });

  it("a duplicate fact id", () => {
    dir = tempKnowledgeCopy();
    editFile(dir, FACTS, (text) => text.replace("id: belt-and-road-west", "id: dongbei-neighbors"));
    expect(problemsOf(dir)).toEqual(
      expect.arrayContaining([expect.stringMatching(/fact dongbei-neighbors: duplicate id/)]),
    );
    expect(problemsOf(dir)[0]).toContain(factsPath(dir));
  });

  it("an unknown topic", () => {
    dir = tempKnowledgeCopy();
    editFile(dir, FACTS, (text) => text.replace("topics: [belt-and-road]\n", "topics: [belt-and-rode]\n"));
    expect(problemsOf(dir)).toContain(
      `${factsPath(dir)}: fact belt-and-road-west: unknown topic "belt-and-rode"`,
    );
  });

  it("malformed YAML, with its position", () => {
    dir = tempKnowledgeCopy();
    editFile(dir, FACTS, (text) => `${text}\n  - id: [unclosed\n`);
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(`^${factsPath(dir)}: document: malformed YAML \\(.+ at line \\d+`),
    );
  });

  it("a field of the wrong shape, named by fact id", () => {
    dir = tempKnowledgeCopy();
    editFile(dir, FACTS, (text) => text.replace("id: gdp-share-fallen", "id: GDP_share"));
    expect(problemsOf(dir).join("\n")).toMatch(/fact GDP_share id: must be kebab-case/);
  });

  it("a broken lexicon and a facts file without a briefing", () => {
    dir = tempKnowledgeCopy();
    editFile(dir, "lexicon.yaml", (text) =>
      text.replace("synonyms:\n", "synonyms:\n  - [lonely]\n  - [dongbei, x]\n"),
    );
    editFile(dir, FACTS, (text) => text);
    rmSync(join(dir, "briefings", "china-rust-belt.md"));
    const problems = problemsOf(dir).join("\n");
    expect(problems).toMatch(/lexicon\.yaml: synonyms\.0: a synonym group needs at least two entries/);
    expect(problems).toMatch(/china-rust-belt\.yaml: file: no briefing "china-rust-belt"/);
  });

  it("a briefing without a facts file still loads from its sentences", () => {
    dir = tempKnowledgeCopy();
    rmSync(factsPath(dir));
    const kb = loadKnowledge(dir);
    expect(kb.briefings[0]?.paragraphs).toHaveLength(6);
    // Its sentences that state something (a figure, a date, a name, a cause) become its facts.
    expect(kb.facts.length).toBeGreaterThanOrEqual(5);
    for (const fact of kb.facts) {
      expect(fact.origin).toBe("read");
      expect(kb.verifyQuote(fact.quote)).toBe(true);
    }
    expect(kb.facts.map((fact) => fact.quote.text).join(" ")).toContain("about 7 percent");
  });
});

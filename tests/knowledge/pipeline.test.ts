/** Stages 3-6 and the rules between them, on the real knowledge base. */
import { describe, expect, it } from "vitest";

import { findCandidates, MAX_CANDIDATES } from "../../src/knowledge/candidates.js";
import { decisionModel } from "../../src/knowledge/decide.js";
import { buildKnowledgeBase, loadKnowledge, parseBriefing } from "../../src/knowledge/load.js";
import { asksItself } from "../../src/knowledge/reader.js";
import { AnswerPipeline, PIPELINE_STAGES } from "../../src/knowledge/pipeline.js";
import { knowledgeDir } from "./helpers.js";

const kb = loadKnowledge(knowledgeDir);
const pipeline = new AnswerPipeline(kb, decisionModel());
const decide = (question: string) => pipeline.decide(pipeline.understand(question), () => true);

describe("the answering pipeline", () => {
  it("names its stages in order", () => {
    expect(PIPELINE_STAGES).toEqual(["read", "understand", "candidates", "type check", "decide", "cite"]);
  });

  it("measures each candidate apart by exact words, WordNet relatives and similar words", () => {
    const question = pipeline.understand("What share of China's GDP does Dongbei produce?");
    const candidates = findCandidates(question, pipeline.index, () => true);
    const best = candidates.find((candidate) => candidate.sentence.sentence.text.includes("7 percent"));
    expect(best?.signals.exact).toBeGreaterThan(0);
    // "produce" meets "GDP" only through WordNet: product, and gross domestic product.
    expect(best?.meetings.find((meeting) => meeting.term.lemma === "produce")?.match?.kind).toBe("related");
    expect(candidates.length).toBeLessThanOrEqual(MAX_CANDIDATES);
  });

  it("answers a restated curated question with its fact's sentence, and declines a restated unanswerable one", () => {
    expect(
      decide("How many provinces make up Dongbei?").ranked[0]?.candidate.sentence.sentence.text,
    ).toContain("three provinces");
    // Same words, another ask: "name the provinces" is a curated unanswerable question.
    expect(decide("name the provinces of dongbei").answer).toBe(false);
  });

  it("declines a definition of something the briefing only says something similar to", () => {
    expect(decide("who is the governor?").answer).toBe(false);
    expect(decide("who is xi jinping").answer).toBe(true);
  });

  it("keeps the first pass small however many briefings are loaded", () => {
    const original = kb.briefings[0];
    if (original === undefined) throw new Error("the shipped briefing is missing");
    const many = buildKnowledgeBase(
      Array.from({ length: 30 }, (_, index) => ({ ...original, id: `copy-${index}` })),
      [],
      [],
      [],
      { groups: [] },
      [],
    );
    const wide = new AnswerPipeline(many, decisionModel());
    const candidates = findCandidates(wide.understand("why did dongbei decline"), wide.index, () => true);
    expect(candidates.length).toBeGreaterThan(0);
    // The cause sentence before "As a result" may be added for a "why" question.
    expect(candidates.length).toBeLessThanOrEqual(MAX_CANDIDATES * 2);
  });

  it("never answers with a question the briefing asks itself, and reads the sentence after it as its answer", () => {
    expect(asksItself("Who is Edmundo González?")).toBe(true);
    expect(asksItself('He asked: "Why now?"')).toBe(true);
    expect(asksItself("The vote is on Sunday.")).toBe(false);
    const problems: string[] = [];
    const briefing = parseBriefing(
      "rhetoric.md",
      [
        "---",
        "id: rhetoric",
        'title: "A new port"',
        "publisher: Test",
        "---",
        "",
        "Who is Mara Lindqvist? She is the engineer who designed the port of Tromvik. The port opened in May.",
        "",
        "Lindqvist said the port of Tromvik would double fish exports. Critics disagreed.",
        "",
      ].join("\n"),
      problems,
    );
    if (briefing === undefined) throw new Error(problems.join("; "));
    const pipeline = new AnswerPipeline(
      buildKnowledgeBase([briefing], [], [], [], { groups: [] }, []),
      decisionModel(),
    );
    const ranked = pipeline.rank(pipeline.understand("Who is Mara Lindqvist?"), () => true);
    const texts = ranked.map((entry) => entry.candidate.sentence.sentence.text);
    expect(texts).not.toContain("Who is Mara Lindqvist?");
    // "She is the engineer..." names her only through the question before it.
    expect(texts).toContain("She is the engineer who designed the port of Tromvik.");
    // "The port opened in May." points back in turn: met through the chain, at half the weight.
    expect(texts).toContain("The port opened in May.");
    const answer = ranked.find((entry) => entry.candidate.sentence.sentence.text.startsWith("She is"));
    expect(answer?.candidate.meetings.every((meeting) => meeting.match?.kind === "exact")).toBe(true);
  });
});

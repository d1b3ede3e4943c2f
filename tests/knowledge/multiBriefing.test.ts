import { afterAll, describe, expect, it } from "vitest";

import { createAnswerEngine } from "../../src/knowledge/answer.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { fixtureDir, removeDir, tempKnowledgeCopy } from "./helpers.js";

describe("more than one briefing", () => {
  const dir = tempKnowledgeCopy(fixtureDir);
  const kb = loadKnowledge(dir);
  const engine = createAnswerEngine(kb);
  afterAll(() => {
    removeDir(dir);
  });

  it("loads both briefings with their own facts, topics and hashes", () => {
    expect(kb.briefings.map((briefing) => briefing.id)).toEqual(["china-rust-belt", "iceland-geothermal"]);
    const iceland = kb.getBriefing("iceland-geothermal");
    expect(iceland?.paragraphs.map((paragraph) => paragraph.sentences.length)).toEqual([2, 2, 1]);
    expect(iceland?.hash).not.toBe(kb.getBriefing("china-rust-belt")?.hash);
    expect(kb.facts.filter((fact) => fact.briefing === "iceland-geothermal")).toHaveLength(5);
    expect(kb.topics.find((topic) => topic.id === "heating")?.briefing).toBe("iceland-geothermal");
  });

  it("finds a place in each briefing's own layout", () => {
    // Iceland has 3 paragraphs, China 6: "the last paragraph" is a different number in each.
    const iceland = engine.answer("what's in the last paragraph", { briefing: "iceland-geothermal" });
    expect(iceland.kind === "answer" && iceland.best.citation).toMatchObject({
      briefing: "iceland-geothermal",
      paragraph: 3,
      sentence: 1,
    });
    const china = engine.answer("what's in the last paragraph", { briefing: "china-rust-belt" });
    expect(china.kind === "answer" && china.best.citation).toMatchObject({
      briefing: "china-rust-belt",
      paragraph: 6,
    });
    expect(engine.answer("what does paragraph 5 say", { briefing: "iceland-geothermal" }).kind).toBe(
      "decline",
    );
  });

  it("cites the briefing each answer comes from", () => {
    const iceland = engine.answer("why did aluminium smelters come to iceland?");
    expect(iceland.kind === "answer" && iceland.best.citation).toMatchObject({
      briefing: "iceland-geothermal",
      paragraph: 2,
      sentence: 1,
    });
    const china = engine.answer("what share of GDP does Dongbei contribute?");
    expect(china.kind === "answer" && china.best.citation).toMatchObject({
      briefing: "china-rust-belt",
      paragraph: 4,
    });
    for (const result of [iceland, china]) {
      if (result.kind === "answer") expect(kb.verifyQuote(result.best)).toBe(true);
    }
  });

  it("never answers about one briefing's subject with another briefing's sentence", () => {
    for (const question of ["what is iceland's population", "what's the population of iceland"]) {
      expect(engine.answer(question).kind, question).toBe("decline");
    }
    const share = engine.answer("ninety percent");
    expect(share.kind === "answer" && share.best.citation.briefing).toBe("iceland-geothermal");
    const homes = engine.answer("how many homes in iceland");
    expect(homes.kind === "answer" && homes.best.text).toContain("90 percent of its homes");
  });

  it("can be restricted to one briefing", () => {
    const restricted = engine.answer("what share of GDP does Dongbei contribute?", {
      briefing: "iceland-geothermal",
    });
    expect(restricted.kind).toBe("decline");
    expect(restricted.kind === "decline" && restricted.suggestions.every((q) => !/dongbei/i.test(q))).toBe(
      true,
    );
    expect(engine.suggestQuestions("", 10, { briefing: "iceland-geothermal" }).join(" ")).not.toMatch(
      /dongbei/i,
    );
  });

  it("answers a briefing that has no facts file from its sentences alone", () => {
    const bare = tempKnowledgeCopy();
    try {
      removeDir(`${bare}/facts`);
      const bareEngine = createAnswerEngine(loadKnowledge(bare));
      const result = bareEngine.answer("Belt and Road Initiative transit corridors");
      expect(result.kind === "answer" && result.best.text).toContain("transit corridors");
      expect(bareEngine.answer("sourdough bread recipe").kind).toBe("decline");
    } finally {
      removeDir(bare);
    }
  });
});

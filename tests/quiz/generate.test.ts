import { describe, expect, it } from "vitest";

import { readOnce } from "../../src/knowledge/reader.js";
import { findEntities } from "../../src/quiz/entities.js";
import { allQuestions, generateQuiz, questionsForFact } from "../../src/quiz/generate.js";
import { realKnowledge } from "./helpers.js";

const kb = realKnowledge();
const SEEDS = [1, 2, 3, 42, 1234, 987654];

function fail(): never {
  throw new Error("fixture missing");
}

const PERCENT = /^(about )?\d+ percent$/;
const YEAR = /^(19|20)\d{2}$/;
const DECADE = /^(19|20)\d0s$/;

describe("question generation", () => {
  it("gives every question a citation that verifies against the briefing", () => {
    for (const seed of SEEDS) {
      for (const question of allQuestions(kb, seed)) {
        expect(kb.verifyQuote(question.quote), question.key).toBe(true);
        if (question.kind !== "truefalse" && question.source === "generated") {
          // The reveal quotes the very sentence the answer was blanked out of.
          expect(question.quote.text).toContain(question.answer);
        }
      }
    }
  });

  it("offers distractors of the answer's own type, never the answer again", () => {
    const questions = allQuestions(kb, 42).filter((q) => q.options.length === 4);
    expect(questions.length).toBeGreaterThan(10);
    const typesSeen = new Set<string>();
    for (const question of questions) {
      const answer = question.options[question.answerIndex] ?? "";
      expect(new Set(question.options.map((o) => o.toLowerCase())).size, question.key).toBe(4);
      for (const pattern of [PERCENT, YEAR, DECADE]) {
        if (pattern.test(answer)) {
          typesSeen.add(pattern.source);
          for (const option of question.options) expect(option, question.prompt).toMatch(pattern);
        }
      }
      const sentence = readOnce(kb.briefings[0] ?? fail()).sentences.find(
        (read) =>
          read.paragraph.number === question.quote.citation.paragraph &&
          read.sentence.number === question.quote.citation.sentence,
      );
      const entities = sentence === undefined ? [] : findEntities(sentence);
      if (question.source === "generated" && entities.some((e) => e.type === "place" && e.text === answer)) {
        typesSeen.add("place");
        // Same type: every option is a name, and none that the same sentence names.
        for (const option of question.options)
          expect(option).toMatch(/^(?:the )?\p{Lu}[\p{L}'-]*(?: \p{Lu}[\p{L}'-]*)*$/u);
        const sameSentence = entities.map((e) => e.text);
        for (const option of question.options.filter((o) => o !== answer))
          expect(sameSentence).not.toContain(option);
      }
    }
    expect(typesSeen).toEqual(new Set([PERCENT.source, YEAR.source, DECADE.source, "place"]));
  });

  it("never offers a smaller number where the briefing says 'more than'", () => {
    const population = allQuestions(kb, 5).filter(
      (q) => q.source === "generated" && q.answer === "100 million",
    );
    expect(population.length).toBeGreaterThan(0);
    for (const question of population) {
      for (const option of question.options) expect(Number(option.split(" ")[0])).toBeGreaterThanOrEqual(100);
    }
  });

  it("builds false statements that contradict the briefing, and true ones that are verbatim", () => {
    const tf = SEEDS.flatMap((seed) => allQuestions(kb, seed)).filter(
      (q) => q.kind === "truefalse" && q.source === "generated",
    );
    const statement = (prompt: string) => prompt.replace(/^True or false\? /, "");
    expect(tf.some((q) => q.answer === "True") && tf.some((q) => q.answer === "False")).toBe(true);
    for (const question of tf) {
      if (question.answer === "True") expect(statement(question.prompt)).toBe(question.quote.text);
      else expect(statement(question.prompt)).not.toBe(question.quote.text);
    }
    // The Xi/Trump contrast is swapped into a clearly false statement.
    const swapped = tf.find((q) => q.key.endsWith(":roles") && q.answer === "False");
    expect(swapped?.prompt).toContain(
      "Unlike Chinese President Xi Jinping, who seeks to revive struggling private sector heavy industries, Trump aims",
    );
  });

  it("repeats no question within a game, and covers different sentences first", () => {
    for (const seed of SEEDS) {
      for (const mode of ["buttons", "typed", "mixed"] as const) {
        const game = generateQuiz(kb, { count: 20, seed, mode });
        expect(game).toHaveLength(20);
        expect(new Set(game.map((q) => q.key)).size).toBe(20);
        expect(new Set(game.map((q) => q.prompt)).size).toBe(20);
        if (mode === "buttons") for (const q of game) expect(q.options.length).toBeGreaterThan(0);
      }
      const five = generateQuiz(kb, { count: 5, seed, mode: "mixed" });
      const sentences = five.map((q) => `${q.quote.citation.paragraph}.${q.quote.citation.sentence}`);
      expect(new Set(sentences).size).toBe(5);
    }
  });

  it("is deterministic for a seed and varies between seeds", () => {
    const a = generateQuiz(kb, { count: 10, seed: 99, mode: "mixed" });
    const b = generateQuiz(kb, { count: 10, seed: 99, mode: "mixed" });
    const c = generateQuiz(kb, { count: 10, seed: 100, mode: "mixed" });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("uses curated quiz items and filters by topic", () => {
    const sources = new Set(
      SEEDS.flatMap((seed) => generateQuiz(kb, { count: 20, seed, mode: "mixed" })).map((q) => q.source),
    );
    expect([...sources].filter((s) => s !== "generated").length).toBeGreaterThan(5);
    const gdp = generateQuiz(kb, { count: 20, seed: 3, mode: "mixed", topic: "gdp" });
    expect(gdp.length).toBeGreaterThan(2);
    for (const q of gdp) expect(q.topics).toContain("gdp");
  });

  it("finds the typed spans of a sentence from what the reader found", () => {
    const sentence = readOnce(kb.briefings[0] ?? fail()).sentences.find((read) =>
      read.sentence.text.startsWith("As a result"),
    );
    const spans = findEntities(sentence ?? fail()).map((e) => [e.type, e.text]);
    expect(spans).toEqual([
      ["place", "Dongbei"],
      ["group", "GDP"],
      ["percent", "7 percent"],
      ["year", "1980"],
    ]);
  });

  it("builds button questions on one fact for the Quiz me button", () => {
    const questions = questionsForFact(kb, "gdp-share-fallen", 1);
    expect(questions.length).toBeGreaterThan(0);
    for (const q of questions) {
      expect(q.quote.text).toContain("7 percent");
      expect(q.options.length).toBeGreaterThan(1);
    }
    expect(questionsForFact(kb, "no-such-fact", 1)).toEqual([]);
    // Every curated fact can carry the button (daily posts put it on any of them).
    for (const fact of kb.facts) expect(questionsForFact(kb, fact.id, 1).length, fact.id).toBeGreaterThan(0);
  });
});

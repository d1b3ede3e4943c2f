/** Stage 2: understanding a question: its wrapping, its typing, what it asks for and its focus. */
import { describe, expect, it } from "vitest";

import { understandQuestion } from "../../src/knowledge/question.js";
import { unwrapQuestion } from "../../src/knowledge/questionFrame.js";
import { correctWords, nameAliases, type SpellingContext } from "../../src/knowledge/spelling.js";
import { Speller } from "../../src/knowledge/typo.js";

const briefingWords = new Map(
  [
    "dongbei",
    "province",
    "provinces",
    "northeastern",
    "groups",
    "militant",
    "australia",
    "australian",
    "sheinbaum",
  ].map((word) => [word, 1] as const),
);
const spelling: SpellingContext = {
  briefingWords: new Speller(briefingWords),
  aliases: nameAliases([
    ["wall", "street", "journal"],
    ["australia"],
    ["australian"],
    ["united", "states-mexico-canada", "agreement"],
  ]),
};
const understand = (question: string) => understandQuestion(question, spelling, () => false);

describe("unwrapping what was typed", () => {
  it.each([
    ["hey, quick one: what is dongbei?", "what is dongbei"],
    ["quiz prep: which provinces make up dongbei", "which provinces make up dongbei"],
    ["(2 marks) Why did the region decline?", "Why did the region decline"],
    ["I was reading about protests last night and wondered, who leads the march?", "who leads the march"],
    ["I thought Dongbei made up a quarter of GDP. Is that right?", "Dongbei made up a quarter of GDP"],
    ["so is the tariff happening or not", "is the tariff happening"],
    ["wsj got banned from the opec thing?? fr??", "wsj got banned from the opec thing"],
    ["/ask what is dongbei", "what is dongbei"],
    ["According to the briefing, who banned reporters?", "who banned reporters"],
  ])("%j -> %j", (typed, expected) => {
    expect(unwrapQuestion(typed, () => false)).toBe(expected);
  });

  it("keeps a label that names a subject", () => {
    expect(unwrapQuestion("Dongbei: how big is it", (words) => words.includes("dongbei"))).toBe(
      "Dongbei: how big is it",
    );
  });
});

describe("reading the typing", () => {
  const correct = (typed: string) =>
    correctWords(typed.toLowerCase().split(" "), spelling, typed.split(" ")).join(" ");

  it.each([
    ["wat r they decidin at the summit", "what are they deciding at the summit"],
    ["y did dongbie decline", "why did dongbei decline"],
    ["which grps r the most militant", "which groups are the most militant"],
    ["wsj got banned", "wall street journal got banned"],
    ["what does Aus rely on", "what does australia rely on"],
    ["wat happens to usmca stuff", "what happens to united states mexico canada agreement stuff"],
    ["target 4 2022", "target for 2022"],
    ["rd 3 n 4", "rd 3 and 4"],
  ])("%j -> %j", (typed, expected) => {
    expect(correct(typed)).toBe(expected);
  });

  it("never turns an English word into a name's short form", () => {
    // "is" is not "Islamic State", "for" is not "foreign".
    const aliases = nameAliases([
      ["islamic", "state"],
      ["foreign", "minister"],
    ]);
    const context = { ...spelling, aliases };
    expect(correctWords(["who", "is", "it", "for"], context)).toEqual(["who", "is", "it", "for"]);
    expect(correctWords(["is"], context, ["IS"])).toEqual(["islamic state"]);
  });
});

describe("what a question asks for", () => {
  it.each([
    ["Who banned the reporters?", "person", undefined],
    ["Where is the next OPEC+ meeting?", "place", undefined],
    ["When did the talks start?", "time", undefined],
    ["What year did Navalny return?", "time", "year"],
    ["How many countries are in OPEC+?", "number", "country"],
    ["What share of GDP does Dongbei contribute?", "number", "gdp"],
    ["What is the unemployment rate in Dongbei?", "number", "unemployment"],
    ["What was the oil price last year?", "number", "oil"],
    ["Why did the West object?", "reason", undefined],
    ["What led to the decline?", "reason", undefined],
    ["Which reef keeps causing trouble?", "thing", "reef"],
    ["How is Xi's plan different from Trump's?", "comparison", undefined],
    ["Has solar seen a similar price crash?", "claim", undefined],
    ["What is Dongbei?", "definition", undefined],
    ["Which provinces make up Dongbei?", "place", "province"],
    ["What is the name of the judge?", "person", "judge"],
    ["Who is the head of the UN nuclear watchdog?", "person", "head"],
    ["name the provinces of dongbei", "thing", "province"],
    ["Belt and Road", "topic", undefined],
  ])("%j asks for a %s (focus %s)", (question, askedFor, focus) => {
    const read = understand(question);
    expect(read.askedFor).toBe(askedFor);
    expect(read.focus?.lemma).toBe(focus);
  });

  it("reads the kind of figure and of time asked for", () => {
    expect(understand("How long is his term?").figureKind).toBe("duration");
    expect(understand("How many years was he sentenced to?").figureKind).toBe("duration");
    expect(understand("How much money did Japan give?").figureKind).toBe("money");
    expect(understand("What % of electricity comes from coal?").figureKind).toBe("percent");
    expect(understand("On what date did it start?").timeKind).toBe("date");
  });

  it("marks what a near miss leans on: names asked outright, precision, later outcomes, the past", () => {
    expect(understand("What is the name of the judge?").namesAsked).toBe(true);
    expect(understand("Which specific policies are they protesting?").asksPrecisely).toBe(true);
    expect(understand("Did Marcos rejoin the ICC in the end?").asksOutcome).toBe(true);
    expect(understand("Who won the June 30 election?").past).toBe(true);
    expect(understand("Who will win the election?").past).toBe(false);
  });

  it("keeps a question's own words apart from the words that only ask", () => {
    const read = understand("According to the article, what did Germany say about his death?");
    const weights = new Map(read.terms.map((term) => [term.lemma, term.weight]));
    // "Germany said" is asked about; "the article" only names where it was read.
    expect(weights.get("say") ?? 0).toBeGreaterThan(1);
    expect(weights.has("article")).toBe(false);
    expect(
      understand("What does the article say about Germany?").terms.find((term) => term.lemma === "say")
        ?.weight ?? 0,
    ).toBeLessThan(1);
  });
});

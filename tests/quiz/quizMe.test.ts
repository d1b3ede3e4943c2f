import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { ComponentContext } from "../../src/command.js";
import {
  quizMeAction,
  quizMeAnswerId,
  quizMeAnswerRoute,
  quizMeRoute,
} from "../../src/interactions/quizMe.js";
import { generateQuiz, questionsForFact } from "../../src/quiz/generate.js";
import { createAnswerEngine } from "../../src/knowledge/answer.js";
import { Library } from "../../src/library/library.js";
import type { Services } from "../../src/services.js";
import type { Reply } from "../../src/view.js";
import type { LoadedKnowledge } from "../../src/knowledge/load.js";
import { CHANNEL, GUILD, harness, player, realKnowledge, silentLogger, type Harness } from "./helpers.js";

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => {
  h.cleanup();
});

function context(): ComponentContext {
  const knowledge = realKnowledge() as LoadedKnowledge;
  const services = {
    knowledge,
    library: new Library({
      shipped: knowledge,
      shippedAnswers: createAnswerEngine(knowledge),
      repository: h.store.briefings,
      clock: h.clock,
      logger: silentLogger,
    }),
    clock: h.clock,
    store: h.store,
    quiz: h.service,
  } as unknown as Services;
  return { user: player(1), guildId: GUILD, channelId: CHANNEL, messageId: "m1", can: () => false, services };
}

async function handle(route: typeof quizMeRoute, customId: string): Promise<Reply | undefined> {
  return await route.handle(context(), customId, {});
}

describe("the Quiz me button", () => {
  it("asks one private question on the fact, then reveals it with the quote", async () => {
    const action = quizMeAction("gdp-share-fallen");
    const asked = await handle(quizMeRoute, action.customId);
    if (asked?.kind !== "message") throw new Error("a message expected");
    expect(asked.ephemeral).toBe(true);
    const buttons = asked.view.actions?.[0] ?? [];
    expect(buttons.length).toBeGreaterThan(1);

    // Re-derive the question from the seed in the ids and answer it right and wrong.
    const decoded = buttons.map((button) => quizMeAnswerId.decode(button.customId));
    const seed = decoded[0]?.[1] ?? -1;
    const questions = questionsForFact(realKnowledge(), "gdp-share-fallen", seed);
    const question = questions[seed % questions.length];
    if (question === undefined) throw new Error("question expected");
    const right = await handle(quizMeAnswerRoute, buttons[question.answerIndex]?.customId ?? "");
    expect(right).toMatchObject({ kind: "update", view: { title: "Right!" } });
    const wrongIndex = (question.answerIndex + 1) % question.options.length;
    const wrong = await handle(quizMeAnswerRoute, buttons[wrongIndex]?.customId ?? "");
    if (wrong?.kind !== "update") throw new Error("an update expected");
    expect(wrong.view.title).toMatch(/^Not quite/);
    expect(wrong.view.quotes?.[0]?.quote).toEqual(question.quote);
    expect(realKnowledge().verifyQuote(question.quote)).toBe(true);
  });

  it("refuses an unknown fact and ids that do not decode", async () => {
    expect(await handle(quizMeRoute, quizMeAction("no-such-fact").customId)).toMatchObject({
      kind: "message",
      ephemeral: true,
      view: { tone: "error" },
    });
    expect(await handle(quizMeAnswerRoute, "quiz-me-answer:v1:gdp-share-fallen:12:9")).toBeUndefined();
  });
});

describe("typed answers and crash recovery", () => {
  it("scores a typed answer by meaning, not spelling", async () => {
    const result = await h.service.start({
      guildId: GUILD,
      channelId: CHANNEL,
      starter: player(1),
      questions: 3,
      seconds: 20,
      mode: "typed",
      topic: "gdp",
      seed: 11,
    });
    if (result.kind !== "started") throw new Error(result.kind);
    await h.service.idle();
    const game = await h.store.quiz.getGame(result.gameId);
    const question = (JSON.parse(game?.questionsJson ?? "[]") as { answer: string }[])[0];
    const typed = (text: string, n: number) =>
      h.service.answer({
        gameId: result.gameId,
        roundNo: 1,
        guildId: GUILD,
        channelId: CHANNEL,
        user: player(n),
        typed: text,
      });
    expect(await typed(`${question?.answer ?? ""}.`, 1)).toMatchObject({ kind: "locked" });
    expect(await typed("something else entirely", 2)).toMatchObject({ kind: "locked" });
    // In typed mode there are no buttons: a choice is a forged click.
    expect(
      await h.service.answer({
        gameId: result.gameId,
        roundNo: 1,
        guildId: GUILD,
        channelId: CHANNEL,
        user: player(3),
        choice: 0,
      }),
    ).toEqual({ kind: "forged" });
    const answers = await h.store.quiz.answers(result.gameId, 1);
    expect(answers.map((a) => [a.username, a.correct])).toEqual([
      ["player1", true],
      ["player2", false],
    ]);
  });

  it("takes a typed option letter in mixed mode, where the options are on screen", async () => {
    // The first seed whose game opens with a lettered question (the generator is deterministic).
    const seed = [...Array(50).keys()].find((candidate) => {
      const opening = generateQuiz(realKnowledge(), { count: 20, seed: candidate, mode: "mixed" })[0];
      return opening !== undefined && opening.kind !== "truefalse" && opening.options.length > 0;
    });
    const result = await h.service.start({
      guildId: GUILD,
      channelId: CHANNEL,
      starter: player(1),
      questions: 20,
      seconds: 20,
      mode: "mixed",
      seed: seed ?? 0,
    });
    if (result.kind !== "started") throw new Error(result.kind);
    await h.service.idle();
    const game = await h.store.quiz.getGame(result.gameId);
    const questions = JSON.parse(game?.questionsJson ?? "[]") as {
      kind: string;
      answerIndex: number;
      options: string[];
    }[];
    const first = questions[0];
    if (first === undefined) throw new Error("question expected");
    const letters = ["A", "B", "C", "D"];
    const typed = (text: string, n: number) =>
      h.service.answer({
        gameId: result.gameId,
        roundNo: 1,
        guildId: GUILD,
        channelId: CHANNEL,
        user: player(n),
        typed: text,
      });
    await typed(
      first.kind === "truefalse" || first.options.length === 0
        ? "nonsense"
        : `${letters[first.answerIndex] ?? ""}.`,
      1,
    );
    await typed(letters[(first.answerIndex + 1) % 4] ?? "", 2);
    const answers = await h.store.quiz.answers(result.gameId, 1);
    const expectRight = first.kind !== "truefalse" && first.options.length > 0;
    // The seed was chosen to open with a lettered question; the assertion keeps the test from going vacuous.
    expect(expectRight).toBe(true);
    expect(answers.find((a) => a.username === "player1")?.correct).toBe(expectRight);
    expect(answers.find((a) => a.username === "player2")?.correct).toBe(false);
  });

  it("re-sends a question that was being posted at the crash without posting it twice", async () => {
    const result = await h.service.start({
      guildId: GUILD,
      channelId: CHANNEL,
      starter: player(1),
      questions: 2,
      seconds: 10,
      mode: "buttons",
      seed: 5,
    });
    if (result.kind !== "started") throw new Error(result.kind);
    await h.service.idle();
    // The second question reaches Discord, then the process dies before recording that it is out.
    h.messenger.dieDuringNextSend = true;
    await h.advance(10_000 + 5_000 - 250);
    h.clock.advance(250);
    // Let the post get as far as the send (it never returns), without waiting for it to finish.
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(h.messenger.posts).toHaveLength(2);
    expect((await h.store.quiz.getRound(result.gameId, 2))?.status).toBe("posting");

    await h.restart(1_000, { oldProcessHung: true });
    // Resumed: the re-send carried the same nonce, so Discord returned the first message.
    expect(h.messenger.posts).toHaveLength(2);
    expect((await h.store.quiz.getRound(result.gameId, 2))?.status).toBe("open");
    await h.advance(10_000 + 5_000);
    expect(h.messenger.titles()).toEqual([
      expect.stringContaining("the answer is"),
      expect.stringContaining("the answer is"),
      "Quiz over: final standings",
    ]);
  });
});

/** Quiz questions a member answers wrong become their review cards, unless they turned that off. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { promptSchema } from "../../src/review/cards.js";
import { ReviewService } from "../../src/review/service.js";
import { QuizService } from "../../src/quiz/service.js";
import { questionListSchema } from "../../src/quiz/question.js";
import {
  CHANNEL,
  GUILD,
  harness,
  player,
  realKnowledge,
  silentLogger,
  type Harness,
} from "../quiz/helpers.js";

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => {
  h.cleanup();
});

describe("wrong quiz answers as review cards", () => {
  it("adds the question a member got wrong, with its cited sentence, and nothing for a right answer", async () => {
    const review = new ReviewService({
      repository: h.store.review,
      settings: h.store.settings,
      knowledge: realKnowledge(),
      clock: h.clock,
    });
    const quiz = new QuizService({
      repository: h.store.quiz,
      knowledge: realKnowledge(),
      messenger: h.messenger,
      clock: h.clock,
      logger: silentLogger,
      onWrongAnswer: (guildId, userId, question) => review.addWrongAnswers(guildId, userId, [question]),
    });
    await review.updateMember(GUILD, player(3).id, { addWrongAnswers: false });
    const started = await quiz.start({
      guildId: GUILD,
      channelId: CHANNEL,
      starter: player(1),
      questions: 1,
      seconds: 20,
      mode: "buttons",
      seed: 11,
    });
    if (started.kind !== "started") throw new Error(started.kind);
    await quiz.idle();
    const [question] = questionListSchema.parse(
      JSON.parse((await h.store.quiz.getGame(started.gameId))?.questionsJson ?? "[]"),
    );
    if (question === undefined) throw new Error("no question");
    const wrong = (question.answerIndex + 1) % question.options.length;
    const answer = (n: number, choice: number) =>
      quiz.answer({
        gameId: started.gameId,
        roundNo: 1,
        guildId: GUILD,
        channelId: CHANNEL,
        user: player(n),
        choice,
      });
    h.clock.advance(1_000);
    await answer(1, question.answerIndex); // right: no card
    await answer(2, wrong); // wrong: a card
    await answer(3, wrong); // wrong, but opted out: no card

    const card = await h.store.review.firstDue(GUILD, player(2).id);
    expect(card?.origin).toBe("quiz");
    const prompt = promptSchema.parse(JSON.parse(card?.prompt ?? "{}"));
    expect(prompt.text).toBe(question.prompt);
    expect(prompt.quote).toEqual(question.quote);
    expect(await h.store.review.firstDue(GUILD, player(1).id)).toBeUndefined();
    expect(await h.store.review.firstDue(GUILD, player(3).id)).toBeUndefined();
    await quiz.shutdown();
  });
});

/**
 * "Quiz me": a button any post about a fact can carry (the daily posts do). It asks the clicking
 * user one question built on that fact, privately, and answers it privately. The question is
 * re-derived from (fact id, seed) in the custom id, so nothing needs storing.
 */
import { defineComponent, type ComponentRoute } from "../command.js";
import { defineCustomId, idArg, intArg } from "../customId.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { questionsForFact } from "../quiz/generate.js";
import { optionLabel, type Question } from "../quiz/question.js";
import { seedFromText } from "../quiz/random.js";
import { message, privateError, type ViewAction } from "../view.js";

/** Seeds travel as up to nine digits, which is what the custom-id int codec carries. */
const SEED_MAX = 999_999_999;
const MAX_CHOICE_INDEX = 3;

export const quizMeId = defineCustomId("quiz-me", 1, [idArg]);
export const quizMeAnswerId = defineCustomId("quiz-me-answer", 1, [
  idArg,
  intArg(0, SEED_MAX),
  intArg(0, MAX_CHOICE_INDEX),
]);

/** The "Quiz me" button for a curated fact. */
export function quizMeAction(factId: string): ViewAction {
  return { customId: quizMeId.encode(factId), label: "Quiz me", emoji: "❓", style: "secondary" };
}

function questionFor(knowledge: KnowledgeBase, factId: string, seed: number): Question | undefined {
  const questions = questionsForFact(knowledge, factId, seed);
  return questions[seed % Math.max(1, questions.length)];
}

const expired = () => privateError("This question has expired. Try the button on a newer post.");

export const quizMeRoute: ComponentRoute = defineComponent(quizMeId, async (ctx, [factId]) => {
  const seed =
    seedFromText(`${factId}:${ctx.user.id}:${ctx.services.clock.now().getTime()}`) % (SEED_MAX + 1);
  const { knowledge } = await ctx.services.library.forGuild(ctx.guildId);
  const question = questionFor(knowledge, factId, seed);
  if (question === undefined) return expired();
  return message(
    {
      tone: "info",
      title: "Quiz me",
      description: [
        question.prompt,
        question.kind === "truefalse"
          ? ""
          : question.options
              .map((option, index) => `**${optionLabel(question, index)}** ${option}`)
              .join("\n"),
      ]
        .filter((line) => line !== "")
        .join("\n\n"),
      actions: [
        question.options.map((option, index) => ({
          customId: quizMeAnswerId.encode(factId, seed, index),
          label: question.kind === "truefalse" ? option : optionLabel(question, index),
          style: "primary" as const,
        })),
      ],
    },
    { ephemeral: true },
  );
});

export const quizMeAnswerRoute: ComponentRoute = defineComponent(
  quizMeAnswerId,
  async (ctx, [factId, seed, choice]) => {
    const { knowledge } = await ctx.services.library.forGuild(ctx.guildId);
    const question = questionFor(knowledge, factId, seed);
    if (question === undefined || choice >= question.options.length) return expired();
    const right = choice === question.answerIndex;
    const answer = `${optionLabel(question, question.answerIndex)}${question.kind === "truefalse" ? "" : ` · ${question.answer}`}`;
    return {
      kind: "update",
      view: {
        tone: right ? "success" : "warning",
        title: right ? "Right!" : `Not quite: the answer is ${answer}`,
        description: question.prompt,
        quotes: [{ quote: question.quote, label: "From the briefing" }],
        actions: [],
      },
    };
  },
);

/**
 * Buttons on a decline that ask one of the suggested questions. The custom id names the fact
 * and which of its sample questions, so the question itself never has to fit in 100 characters.
 */
import { defineComponent } from "../command.js";
import { defineCustomId, idArg, intArg, isIdArg } from "../customId.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { message, type ViewAction } from "../view.js";
import { answerView } from "./answerView.js";

/** Sample questions per fact are few; this is a sanity bound for the codec. */
const QUESTION_INDEX_MAX = 99;

export const suggestionId = defineCustomId("askq", 1, [idArg, intArg(0, QUESTION_INDEX_MAX)]);

export function suggestionAction(question: string, knowledge: KnowledgeBase): ViewAction | undefined {
  for (const fact of knowledge.facts) {
    const index = fact.questions.indexOf(question);
    if (index >= 0 && isIdArg(fact.id)) {
      return {
        customId: suggestionId.encode(fact.id, index),
        label: question,
        emoji: "❓",
        style: "primary",
      };
    }
  }
  return undefined;
}

export const suggestionComponent = defineComponent(suggestionId, async (ctx, [factId, index]) => {
  const server = await ctx.services.library.forGuild(ctx.guildId);
  const knowledge = server.knowledge;
  const question = knowledge.facts.find((fact) => fact.id === factId)?.questions[index];
  if (question === undefined) {
    return message(
      { tone: "warning", title: "Expired", description: "That suggestion is no longer available; try /ask." },
      { ephemeral: true },
    );
  }
  const result = server.answers.answer(question);
  return message(answerView(result, { knowledge }), { ephemeral: true });
});

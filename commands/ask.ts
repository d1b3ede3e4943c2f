/** /ask: answers a question with a verbatim, cited quote from the briefing, or declines plainly. */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";

import { defineCommand, type CommandContext, type MessageMenu } from "../src/command.js";
import { answerView } from "../src/interactions/answerView.js";
import { feedbackComponent } from "../src/interactions/feedback.js";
import { relatedComponent } from "../src/interactions/related.js";
import {
  ALL_BRIEFINGS,
  briefingChoices,
  briefingOption,
  chooseBriefing,
} from "../src/interactions/serverBriefings.js";
import { showParagraphComponent } from "../src/interactions/showParagraph.js";
import { suggestionComponent } from "../src/interactions/suggestion.js";
import { AUTOCOMPLETE_CHOICES_MAX } from "../src/discord/limits.js";
import { stripMentions } from "../src/discord/text.js";
import { message, privateError } from "../src/view.js";

/** Long enough for any real question about a briefing, short enough to fit an embed title. */
export const QUESTION_MAX_LENGTH = 200;

const data = {
  name: "ask",
  description: "Ask a question; get the briefing's own words, cited by paragraph.",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: "question",
      description: "What do you want to know?",
      required: true,
      autocomplete: true,
      max_length: QUESTION_MAX_LENGTH,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: "private",
      description: "Only you see the answer (default: everyone in the channel).",
    },
    {
      type: ApplicationCommandOptionType.User,
      name: "mention",
      description: "Show the answer to someone: they are the only one pinged.",
    },
    briefingOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const PLEASE_ASK = "Please type a question, for example: what share of GDP does Dongbei contribute?";

const userOption = z.object({ id: z.string(), username: z.string(), bot: z.boolean() });

const options = z.object({
  question: z
    .string({ error: PLEASE_ASK })
    .trim()
    .min(1, { error: PLEASE_ASK })
    .max(QUESTION_MAX_LENGTH, { error: `Questions can be at most ${QUESTION_MAX_LENGTH} characters.` }),
  private: z.boolean().optional(),
  mention: userOption.optional(),
  briefing: z.string().trim().min(1).optional(),
});

async function ask(
  ctx: CommandContext,
  question: string,
  ephemeral: boolean,
  mention?: z.infer<typeof userOption>,
  requested?: string,
) {
  const chosen = await chooseBriefing(ctx, requested);
  if (!chosen.ok) return chosen.reply;
  const { server, briefing } = chosen;
  // Only the server's own set is searched: the current (or named) briefing, else all it can see.
  const result = server.answers.answer(
    question,
    briefing === undefined ? undefined : { briefing: briefing.id },
  );
  // A private answer pings nobody, so a mention there would only mislead.
  const addressee = ephemeral ? undefined : mention;
  const view = answerView(result, {
    knowledge: server.knowledge,
    asker: ctx.user,
    ...(addressee === undefined ? {} : { mention: addressee }),
    // With several briefings searched, say which one answered.
    ...(briefing === undefined && server.knowledge.briefings.length > 1 ? { nameBriefing: true } : {}),
  });
  return message(view, { ephemeral });
}

/**
 * "Apps → Ask briefbot" on a message: answers that message's text as if it were asked with /ask,
 * so a question someone typed in the channel gets its cited answer without being retyped.
 */
export const askMessageMenu: MessageMenu = {
  data: { type: ApplicationCommandType.Message, name: "Ask briefbot" },
  description: "Answers the question in a message, as /ask would.",
  execute(ctx, target) {
    // Mentions address people ("@sam what share of GDP…?"); they are not part of the question, and
    // the engine declines questions that contain them. The reply pings nobody anyway.
    const question = stripMentions(target.content);
    if (question === "") {
      return privateError("That message has no text to ask about (embeds and attachments aren't read).");
    }
    if (question.length > QUESTION_MAX_LENGTH) {
      return privateError(
        `That message is too long to ask: questions can be at most ${QUESTION_MAX_LENGTH} characters. Try /ask with just the question.`,
      );
    }
    return ask(ctx, question, false);
  },
};

export default defineCommand({
  data,
  options,
  execute: (ctx, { question, private: ephemeral = false, mention, briefing }) =>
    ask(ctx, question, ephemeral, mention, briefing),
  async autocomplete(ctx, focused, raw) {
    const server = await ctx.services.library.forGuild(ctx.guildId);
    if (focused.name === "briefing") return briefingChoices(server, focused.value, { offerAll: true });
    if (focused.name !== "question") return [];
    const requested = typeof raw.briefing === "string" ? raw.briefing : undefined;
    const scope =
      requested === undefined ? server.current?.id : requested === ALL_BRIEFINGS ? undefined : requested;
    return server.answers
      .suggestQuestions(
        focused.value,
        AUTOCOMPLETE_CHOICES_MAX,
        scope === undefined ? undefined : { briefing: scope },
      )
      .map((question) => ({ name: question, value: question }));
  },
  components: [showParagraphComponent, relatedComponent, suggestionComponent, feedbackComponent],
  menus: [askMessageMenu],
});

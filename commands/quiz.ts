/** /quiz: run a quiz round in a channel (start, stop), and see the leaderboard and player stats. */
import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";

import { defineCommand, defineComponent, type CommandContext } from "../src/command.js";
import { quizMeAnswerRoute, quizMeRoute } from "../src/interactions/quizMe.js";
import { briefingChoices, briefingOption, chooseBriefing } from "../src/interactions/serverBriefings.js";
import { findTopic, topicChoices, unknownTopicMessage } from "../src/interactions/topicChoices.js";
import {
  MAX_QUESTIONS,
  quizAnswerId,
  quizTypedId,
  quizTypeId,
  TYPED_ANSWER_FIELD,
} from "../src/quiz/customIds.js";
import type { AnswerOutcome } from "../src/quiz/service.js";
import { playerName } from "../src/quiz/views.js";
import { message, privateError, type Reply } from "../src/view.js";

const DEFAULT_QUESTIONS = 5;
const MIN_SECONDS = 10;
const MAX_SECONDS = 60;
const DEFAULT_SECONDS = 20;
/** Fewer answers than this and an accuracy ranking says more about luck than knowledge. */
export const MIN_ANSWERED_FOR_ACCURACY = 5;
/** A typed answer longer than this is not an answer to a quiz question. */
const TYPED_ANSWER_MAX_LENGTH = 100;

const data = {
  name: "quiz",
  description: "Quiz rounds on the briefing for your study group.",
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "start",
      description: "Start a quiz in this channel.",
      options: [
        {
          type: ApplicationCommandOptionType.Integer,
          name: "questions",
          description: `How many questions (1-${MAX_QUESTIONS}, default ${DEFAULT_QUESTIONS}).`,
          min_value: 1,
          max_value: MAX_QUESTIONS,
        },
        {
          type: ApplicationCommandOptionType.Integer,
          name: "seconds",
          description: `Seconds per question (${MIN_SECONDS}-${MAX_SECONDS}, default ${DEFAULT_SECONDS}).`,
          min_value: MIN_SECONDS,
          max_value: MAX_SECONDS,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: "topic",
          description: "Only questions on this topic.",
          autocomplete: true,
          max_length: 100,
        },
        briefingOption,
        {
          type: ApplicationCommandOptionType.String,
          name: "mode",
          description: "Answer with buttons, by typing, or both (default buttons).",
          choices: [
            { name: "buttons", value: "buttons" },
            { name: "typed", value: "typed" },
            { name: "mixed", value: "mixed" },
          ],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "stop",
      description: "Stop the quiz in this channel.",
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "leaderboard",
      description: "The best quiz players.",
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: "scope",
          description: "This server (default) or this channel.",
          choices: [
            { name: "server", value: "server" },
            { name: "channel", value: "channel" },
          ],
        },
        {
          type: ApplicationCommandOptionType.String,
          name: "sort",
          description: "Rank by points (default), accuracy or games played.",
          choices: [
            { name: "points", value: "points" },
            { name: "accuracy", value: "accuracy" },
            { name: "games", value: "games" },
          ],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "stats",
      description: "Quiz stats for you or another player.",
      options: [
        {
          type: ApplicationCommandOptionType.User,
          name: "user",
          description: "Whose stats (default: yours).",
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const actor = z.object({ id: z.string().min(1), username: z.string(), bot: z.boolean() });

/** A whole number in [min, max], with a message that names the range (zod's default speaks of "number <= 20"). */
const wholeNumber = (min: number, max: number, fallback: number) => {
  const error = `Use a whole number from ${String(min)} to ${String(max)}.`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback);
};

const options = z.discriminatedUnion("subcommand", [
  z.object({
    subcommand: z.literal("start"),
    questions: wholeNumber(1, MAX_QUESTIONS, DEFAULT_QUESTIONS),
    seconds: wholeNumber(MIN_SECONDS, MAX_SECONDS, DEFAULT_SECONDS),
    topic: z.string().trim().min(1).optional(),
    mode: z.enum(["buttons", "typed", "mixed"]).default("buttons"),
    briefing: z.string().trim().min(1).optional(),
  }),
  z.object({ subcommand: z.literal("stop") }),
  z.object({
    subcommand: z.literal("leaderboard"),
    scope: z.enum(["server", "channel"]).default("server"),
    sort: z.enum(["points", "accuracy", "games"]).default("points"),
  }),
  z.object({ subcommand: z.literal("stats"), user: actor.optional() }),
]);

type Options = z.infer<typeof options>;

const serverOnly = () => privateError("Quizzes run in server channels, not in direct messages.");
const ended = () => privateError("This quiz has ended.", "Quiz over");

function answerReply(outcome: AnswerOutcome): Reply {
  switch (outcome.kind) {
    case "locked":
      return message({ tone: "success", description: `Locked in: ${outcome.label}` }, { ephemeral: true });
    case "duplicate":
      return privateError(
        "You have already answered this question. Answers can't be changed.",
        "Already answered",
      );
    case "closed":
      return privateError("Time's up for this question.", "Too late");
    case "ended":
      return ended();
    case "bot":
      return privateError("Bots can't play.");
    case "forged":
      return privateError("That answer doesn't belong to a question in this channel. Nothing was recorded.");
  }
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

async function start(ctx: CommandContext, o: Extract<Options, { subcommand: "start" }>) {
  if (ctx.guildId === null) return serverOnly();
  const { quiz } = ctx.services;
  const chosen = await chooseBriefing(ctx, o.briefing);
  if (!chosen.ok) return chosen.reply;
  const { knowledge } = chosen;
  let topic: string | undefined;
  if (o.topic !== undefined) {
    topic = findTopic(knowledge, o.topic)?.id;
    if (topic === undefined) return privateError(unknownTopicMessage(o.topic));
  }
  const result = await quiz.start({
    guildId: ctx.guildId,
    channelId: ctx.channelId,
    starter: ctx.user,
    questions: o.questions,
    seconds: o.seconds,
    mode: o.mode,
    knowledge,
    ...(topic === undefined ? {} : { topic }),
  });
  switch (result.kind) {
    case "busy":
      return privateError(
        "A quiz is already running in this channel. Join in, or use /quiz stop to end it.",
        "Quiz running",
      );
    case "cannot-post":
      return privateError(`I can't post quiz questions in this channel. ${result.reason}`);
    case "no-questions":
      return privateError("There are no questions for that topic and mode. Try another topic or mode.");
    case "started":
      return message({
        tone: "info",
        title: "Quiz starting",
        description: `${playerName(ctx.user.username)} started a quiz: ${result.questions} question${result.questions === 1 ? "" : "s"}, ${o.seconds} seconds each. The first question is coming up.`,
      });
  }
}

async function execute(ctx: CommandContext, o: Options): Promise<Reply> {
  switch (o.subcommand) {
    case "start":
      return start(ctx, o);
    case "stop": {
      const result = await ctx.services.quiz.stop(ctx.channelId, ctx.user, ctx.can("ManageMessages"));
      if (result.kind === "none") return privateError("There is no quiz running in this channel.");
      if (result.kind === "not-allowed") {
        return privateError(
          "Only the player who started the quiz, or someone who can manage messages, can stop it.",
        );
      }
      return message({ tone: "info", description: `${playerName(ctx.user.username)} stopped the quiz.` });
    }
    case "leaderboard": {
      if (ctx.guildId === null) return serverOnly();
      const entries = await ctx.services.store.scores.leaderboard(ctx.guildId, {
        scope: o.scope,
        channelId: ctx.channelId,
        sort: o.sort,
        minAnsweredForAccuracy: MIN_ANSWERED_FOR_ACCURACY,
      });
      const names = await ctx.services.store.quiz.playerNames(entries.map((entry) => entry.userId));
      const lines = entries.map((entry) => {
        const figure =
          o.sort === "accuracy"
            ? `${percent(entry.accuracy)} right (${entry.correct}/${entry.answered})`
            : o.sort === "games"
              ? `${entry.gamesPlayed} games`
              : `${entry.points} points`;
        return `${entry.rank}. ${playerName(names.get(entry.userId) ?? "a player")}: ${figure}`;
      });
      return message({
        tone: "info",
        title: `Quiz leaderboard: ${o.scope === "server" ? "this server" : "this channel"}, by ${o.sort}`,
        description:
          lines.length > 0
            ? lines.join("\n")
            : o.sort === "accuracy"
              ? `Nobody has answered ${MIN_ANSWERED_FOR_ACCURACY} questions yet.`
              : "No scores yet. Start a round with /quiz start.",
        ...(o.sort === "accuracy"
          ? { footer: `Players need ${MIN_ANSWERED_FOR_ACCURACY} answers to rank by accuracy.` }
          : {}),
      });
    }
    case "stats": {
      if (ctx.guildId === null) return serverOnly();
      const who = o.user ?? ctx.user;
      const stats = await ctx.services.store.scores.stats(ctx.guildId, who.id);
      return message({
        tone: "info",
        title: "Quiz stats",
        description: playerName(who.username === "" ? "this player" : who.username),
        fields: [
          { name: "Games", text: String(stats.gamesPlayed), inline: true },
          { name: "Answers", text: String(stats.answered), inline: true },
          { name: "Accuracy", text: stats.answered > 0 ? percent(stats.accuracy) : "-", inline: true },
          { name: "Best streak", text: String(stats.bestStreak), inline: true },
          { name: "Points", text: String(stats.points), inline: true },
          { name: "Rank", text: stats.rank === null ? "-" : `#${stats.rank}`, inline: true },
        ],
      });
    }
  }
}

export default defineCommand({
  data,
  options,
  execute,
  async autocomplete(ctx, focused) {
    const server = await ctx.services.library.forGuild(ctx.guildId);
    if (focused.name === "briefing") return briefingChoices(server, focused.value, { offerAll: true });
    if (focused.name !== "topic") return [];
    return topicChoices(server.scoped(server.current?.id), focused.value);
  },
  components: [
    defineComponent(quizAnswerId, async (ctx, [gameId, roundNo, choice]) =>
      answerReply(
        await ctx.services.quiz.answer({
          gameId,
          roundNo,
          guildId: ctx.guildId,
          channelId: ctx.channelId,
          user: ctx.user,
          choice,
        }),
      ),
    ),
    defineComponent(quizTypeId, async (ctx, [gameId, roundNo]): Promise<Reply> => {
      const game = await ctx.services.store.quiz.getGame(gameId);
      if (game === undefined || game.status === "ended") return ended();
      if (game.channelId !== ctx.channelId) return answerReply({ kind: "forged" });
      return {
        kind: "modal",
        modal: {
          customId: quizTypedId.encode(gameId, roundNo),
          title: `Question ${roundNo}: your answer`,
          inputs: [
            {
              customId: TYPED_ANSWER_FIELD,
              label: "Your answer",
              style: "short",
              required: true,
              maxLength: TYPED_ANSWER_MAX_LENGTH,
            },
          ],
        },
      };
    }),
    defineComponent(quizTypedId, async (ctx, [gameId, roundNo], fields) =>
      answerReply(
        await ctx.services.quiz.answer({
          gameId,
          roundNo,
          guildId: ctx.guildId,
          channelId: ctx.channelId,
          user: ctx.user,
          typed: fields[TYPED_ANSWER_FIELD] ?? "",
        }),
      ),
    ),
    quizMeRoute,
    quizMeAnswerRoute,
  ],
});

/**
 * /review: spaced-repetition review of cited facts, privately. `next` shows the member's next due
 * card (prompt, Show answer, then Again / Hard / Good / Easy), `add` makes cards of a topic or a
 * briefing, `settings` sets the member's preferences (and, for admins, the server's desired
 * retention), `remind on|off` the opt-in daily DM.
 */
import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";

import { defineCommand, defineComponent, type CommandContext } from "../src/command.js";
import { AUTOCOMPLETE_CHOICES_MAX } from "../src/discord/limits.js";
import { rememberRoute } from "../src/interactions/remember.js";
import { findTopic, topicChoices, unknownTopicMessage } from "../src/interactions/topicChoices.js";
import { reviewGradeId, reviewNextId, reviewShowId } from "../src/review/customIds.js";
import { DEFAULT_DESIRED_RETENTION } from "../src/review/scheduler.js";
import { deckOf } from "../src/review/service.js";
import { cardBackView, MOVED_ON, nextView } from "../src/review/views.js";
import { MAX_DESIRED_RETENTION, MIN_DESIRED_RETENTION } from "../src/store/settings.js";
import { message, privateError, type Reply } from "../src/view.js";
import { suggestTimeZones } from "./daily.js";

const data = {
  name: "review",
  description: "Spaced-repetition review of facts you chose to remember.",
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "next",
      description: "Your next due card, privately.",
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "add",
      description: "Add every fact of a topic or briefing to your cards.",
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: "topic",
          description: "Only this topic's facts.",
          autocomplete: true,
          max_length: 100,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: "briefing",
          description: "Only this briefing's sentences.",
          autocomplete: true,
          max_length: 100,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "settings",
      description: "Your review preferences (and the server's target recall, for admins).",
      options: [
        {
          type: ApplicationCommandOptionType.Boolean,
          name: "wrong_answers",
          description: "Add quiz questions you answer wrong to your cards (default on).",
        },
        {
          type: ApplicationCommandOptionType.Boolean,
          name: "show_name",
          description: "Show your name in /progress server and let others see your /progress.",
        },
        {
          type: ApplicationCommandOptionType.Number,
          name: "retention",
          description: `Server: recall to schedule for, ${MIN_DESIRED_RETENTION}-${MAX_DESIRED_RETENTION} (default ${DEFAULT_DESIRED_RETENTION}). Manage Server.`,
          min_value: MIN_DESIRED_RETENTION,
          max_value: MAX_DESIRED_RETENTION,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: "remind",
      description: "A daily direct message when cards are due (opt-in).",
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: "on",
          description: "One DM a day at your local time, when cards are due.",
          options: [
            {
              type: ApplicationCommandOptionType.String,
              name: "time",
              description: "Your local time, HH:MM (default 09:00).",
              max_length: 5,
            },
            {
              type: ApplicationCommandOptionType.String,
              name: "timezone",
              description: "Your IANA time zone, e.g. Europe/Berlin (default UTC).",
              autocomplete: true,
              max_length: 64,
            },
          ],
        },
        { type: ApplicationCommandOptionType.Subcommand, name: "off", description: "No more reminders." },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const options = z.object({
  subcommandGroup: z.enum(["remind"]).optional(),
  subcommand: z.enum(["next", "add", "settings", "on", "off"]),
  topic: z.string().trim().min(1).optional(),
  briefing: z.string().trim().min(1).optional(),
  wrong_answers: z.boolean().optional(),
  show_name: z.boolean().optional(),
  retention: z.number().min(MIN_DESIRED_RETENTION).max(MAX_DESIRED_RETENTION).optional(),
  time: z.string().trim().optional(),
  timezone: z.string().trim().optional(),
});
type Options = z.infer<typeof options>;

const privately = (view: Parameters<typeof message>[0]) => message(view, { ephemeral: true });

async function next(ctx: CommandContext): Promise<Reply> {
  const notice = await ctx.services.reminders.takeNotice(ctx.user.id);
  return privately(nextView(await ctx.services.review.next(deckOf(ctx.guildId), ctx.user.id), notice));
}

async function add(ctx: CommandContext, opts: Options): Promise<Reply> {
  const { knowledge } = ctx.services;
  const topic = opts.topic === undefined ? undefined : findTopic(knowledge, opts.topic);
  if (opts.topic !== undefined && topic === undefined) return privateError(unknownTopicMessage(opts.topic));
  const briefing =
    opts.briefing === undefined
      ? undefined
      : knowledge.briefings.find(
          (b) => b.id === opts.briefing || b.title.toLowerCase() === opts.briefing?.toLowerCase(),
        );
  if (opts.briefing !== undefined && briefing === undefined)
    return privateError(`There is no briefing called "${opts.briefing}".`);
  const { added, sentences } = await ctx.services.review.addAll(deckOf(ctx.guildId), ctx.user.id, {
    ...(topic === undefined ? {} : { topic: topic.id }),
    ...(briefing === undefined ? {} : { briefing: briefing.id }),
  });
  const what = topic?.title ?? briefing?.title ?? "every briefing";
  return privately({
    tone: added > 0 ? "success" : "info",
    title: "Review cards",
    description:
      sentences === 0
        ? `There are no sentences to learn in ${what}.`
        : `Added ${added} new card${added === 1 ? "" : "s"} from ${what} (${sentences - added} you had already). Use \`/review next\` to start.`,
  });
}

async function settings(ctx: CommandContext, opts: Options): Promise<Reply> {
  const deck = deckOf(ctx.guildId);
  const lines: string[] = [];
  if (opts.retention !== undefined) {
    if (ctx.guildId === null)
      return privateError("The target recall is a server setting: use it in a server.");
    if (!ctx.can("ManageGuild"))
      return privateError(
        "You need the **Manage Server** permission to set the server's target recall.",
        "Not allowed",
      );
    await ctx.services.store.settings.update(
      ctx.guildId,
      { desiredRetention: opts.retention },
      ctx.services.clock.now(),
    );
  }
  const member = await ctx.services.review.updateMember(deck, ctx.user.id, {
    ...(opts.wrong_answers === undefined ? {} : { addWrongAnswers: opts.wrong_answers }),
    ...(opts.show_name === undefined
      ? {}
      : { showName: opts.show_name, displayName: opts.show_name ? ctx.user.username : null }),
  });
  const retention = await ctx.services.review.retention(deck);
  lines.push(
    `Quiz questions you answer wrong become cards: **${member.addWrongAnswers ? "on" : "off"}**`,
    `Your name in /progress server: **${member.showName ? "shown" : "hidden (counted anonymously)"}**`,
    `Cards are scheduled for **${Math.round(retention * 100)}%** recall (the server's setting).`,
  );
  return privately({ tone: "info", title: "Review settings", description: lines.join("\n") });
}

async function remind(ctx: CommandContext, opts: Options): Promise<Reply> {
  const result = await ctx.services.reminders.set(
    ctx.user.id,
    opts.subcommand === "on",
    opts.time,
    opts.timezone,
  );
  if (result.kind === "invalid") return privateError(result.reason, "Nothing was saved");
  if (result.kind === "off")
    return privately({ tone: "info", title: "Reminders off", description: "No more review reminders." });
  const { reminder } = result;
  return privately({
    tone: "success",
    title: "Reminders on",
    description: `On days when cards are due, I'll send you one direct message at ${reminder.localTime} (${reminder.timeZone}). First one <t:${Math.floor(reminder.nextAt.getTime() / 1000)}:R>, if anything is due then. \`/review remind off\` stops them.`,
  });
}

const movedOn = () => privateError(MOVED_ON, "This card has moved on");

const showRoute = defineComponent(reviewShowId, async (ctx, [cardId, revision]) => {
  const shown = await ctx.services.review.shown(deckOf(ctx.guildId), ctx.user.id, cardId, revision);
  if (shown === undefined) return movedOn();
  return { kind: "update", view: cardBackView(shown) };
});

const gradeRoute = defineComponent(reviewGradeId, async (ctx, [cardId, revision, rating]) => {
  const outcome = await ctx.services.review.grade(
    deckOf(ctx.guildId),
    ctx.user.id,
    cardId,
    revision,
    rating as 1 | 2 | 3 | 4,
  );
  if (outcome.kind === "moved-on") return movedOn();
  // The next due card follows in the same private message, until none is due.
  return { kind: "update", view: nextView(await ctx.services.review.next(deckOf(ctx.guildId), ctx.user.id)) };
});

const nextRoute = defineComponent(reviewNextId, async (ctx) => ({
  kind: "update",
  view: nextView(await ctx.services.review.next(deckOf(ctx.guildId), ctx.user.id)),
}));

export default defineCommand({
  data,
  options,
  execute(ctx, opts) {
    if (opts.subcommandGroup === "remind") return remind(ctx, opts);
    switch (opts.subcommand) {
      case "add":
        return add(ctx, opts);
      case "settings":
        return settings(ctx, opts);
      default:
        return next(ctx);
    }
  },
  autocomplete(ctx, focused) {
    const { knowledge } = ctx.services;
    if (focused.name === "topic") return topicChoices(knowledge, focused.value);
    if (focused.name === "timezone") return suggestTimeZones(focused.value, "UTC");
    if (focused.name !== "briefing") return [];
    const typed = focused.value.toLowerCase();
    return knowledge.briefings
      .filter((b) => `${b.id} ${b.title}`.toLowerCase().includes(typed))
      .slice(0, AUTOCOMPLETE_CHOICES_MAX)
      .map((b) => ({ name: b.title.slice(0, 100), value: b.id }));
  },
  components: [rememberRoute, showRoute, gradeRoute, nextRoute],
});

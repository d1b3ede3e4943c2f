/** /briefing: browse a briefing by topic, compare its two sides, or read a paragraph. */
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";

import { defineCommand } from "../src/command.js";
import { AUTOCOMPLETE_CHOICES_MAX } from "../src/discord/limits.js";
import {
  briefingListView,
  contrastView,
  matchBriefings,
  paragraphView,
  summaryView,
  topicView,
} from "../src/interactions/briefingViews.js";
import { message, privateError } from "../src/view.js";

/** Briefings are a handful of paragraphs; this only keeps the number sane. */
const PARAGRAPH_OPTION_MAX = 999;

const briefingOption = {
  type: ApplicationCommandOptionType.String,
  name: "briefing",
  description: "Which briefing (when several are loaded).",
  autocomplete: true,
  max_length: 100,
} as const satisfies APIApplicationCommandBasicOption;

const data = {
  name: "briefing",
  description: "Browse the briefing: summary, topics, the policy contrast, or one paragraph.",
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "summary",
      description: "The briefing at a glance, a cited line per topic.",
      options: [briefingOption],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "dongbei",
      description: "The Dongbei region, from its cited facts.",
      options: [briefingOption],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "gdp",
      description: "GDP shares and how they changed, with citations.",
      options: [briefingOption],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "contrast",
      description: "The two sides' policies side by side, every line cited.",
      options: [briefingOption],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "source",
      description: "Read one paragraph of the briefing, word for word.",
      options: [
        {
          type: ApplicationCommandOptionType.Integer,
          name: "paragraph",
          description: "Paragraph number, from 1.",
          required: true,
          min_value: 1,
          max_value: PARAGRAPH_OPTION_MAX,
        },
        briefingOption,
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "list",
      description: "The briefings loaded.",
      options: [],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const briefingId = z.string().trim().min(1).optional();

const options = z.discriminatedUnion(
  "subcommand",
  [
    z.object({ subcommand: z.enum(["summary", "dongbei", "gdp", "contrast"]), briefing: briefingId }),
    z.object({
      subcommand: z.literal("source"),
      paragraph: z
        .number({ error: "Give the paragraph as a number, for example 4." })
        .int({ error: "Give the paragraph as a whole number, for example 4." })
        .min(1, { error: "Paragraphs are numbered from 1." }),
      briefing: briefingId,
    }),
    z.object({ subcommand: z.literal("list") }),
  ],
  { error: "Choose what to show: summary, dongbei, gdp, contrast, source or list." },
);

export default defineCommand({
  data,
  options,
  execute(ctx, input) {
    const { knowledge } = ctx.services;
    if (input.subcommand === "list") return message(briefingListView(knowledge));
    const briefing =
      input.briefing === undefined ? knowledge.briefings[0] : knowledge.getBriefing(input.briefing);
    if (briefing === undefined) {
      return privateError(
        input.briefing === undefined
          ? "No briefing is loaded."
          : `There is no briefing "${input.briefing}". Try /briefing list.`,
      );
    }
    switch (input.subcommand) {
      case "summary":
        return message(summaryView(knowledge, briefing));
      case "dongbei":
      case "gdp":
        return message(topicView(knowledge, briefing, input.subcommand));
      case "contrast":
        return message(contrastView(knowledge, briefing));
      case "source": {
        const view = paragraphView(briefing, input.paragraph);
        return message(view, { ephemeral: view.tone === "error" });
      }
    }
  },
  autocomplete(ctx, focused) {
    if (focused.name !== "briefing") return [];
    return matchBriefings(ctx.services.knowledge, focused.value)
      .slice(0, AUTOCOMPLETE_CHOICES_MAX)
      .map((briefing) => ({ name: briefing.title, value: briefing.id }));
  },
});

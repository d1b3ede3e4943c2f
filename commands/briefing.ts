/**
 * /briefing: browse a briefing (summary, topics, contrast, a paragraph), list what the server can
 * see, and manage the server's own briefings: add one from a file, choose the current one, remove one.
 */
import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";

import { defineCommand, type CommandContext } from "../src/command.js";
import { contrastView, paragraphView, summaryView, topicView } from "../src/interactions/briefingViews.js";
import {
  confirmRemoval,
  NEEDS_MANAGE_SERVER,
  removeBriefingComponent,
} from "../src/interactions/removeBriefing.js";
import {
  addedView,
  ALL_BRIEFINGS,
  briefingChoices,
  briefingOption,
  chooseBriefing,
  findBriefing,
  serverBriefingListView,
} from "../src/interactions/serverBriefings.js";
import { answerableQuestions } from "../src/library/library.js";
import { message, privateError, type Reply } from "../src/view.js";

/** Briefings are a handful of paragraphs; this only keeps the number sane. */
const PARAGRAPH_OPTION_MAX = 999;
/** Titles and publishers of plain-text briefings: a line, not a paragraph. */
const LABEL_MAX_LENGTH = 200;
/** Questions shown after /briefing add: enough to show what it can answer, few enough to read. */
const ADDED_QUESTIONS = 3;

const data = {
  name: "briefing",
  description: "Browse the briefing, list this server's briefings, or add, choose and remove one.",
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
      description: "The briefings this server can use; the current one is marked.",
      options: [],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "add",
      description: "Add a briefing to this server from a .md or .txt file (Manage Server).",
      options: [
        {
          type: ApplicationCommandOptionType.Attachment,
          name: "file",
          description: "A .md file with front matter, or a .txt file.",
          required: true,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: "title",
          description: "For a .txt file: the briefing's title.",
          max_length: LABEL_MAX_LENGTH,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: "publisher",
          description: "For a .txt file: who published it.",
          max_length: LABEL_MAX_LENGTH,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "use",
      description: "Choose the briefing /ask, /fact, /quiz and the daily post use here.",
      options: [{ ...briefingOption, required: true, description: 'A briefing, or "all" to use every one.' }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "remove",
      description: "Remove a briefing added to this server (Manage Server).",
      options: [{ ...briefingOption, required: true, description: "One of this server's own briefings." }],
    },
  ],
  // Anyone may browse; add and remove are checked again at run time (Manage Server).
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const briefingId = z.string().trim().min(1).optional();
const label = z.string().trim().min(1).max(LABEL_MAX_LENGTH).optional();

/** A Discord attachment, or (console) a local path standing in for one. */
const attachment = z.union(
  [
    z.object({
      url: z.url({ error: "The attachment has no URL." }),
      filename: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
    }),
    z.object({ path: z.string().trim().min(1) }),
  ],
  { error: "Attach the briefing as a .md or .txt file." },
);

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
    z.object({ subcommand: z.literal("add"), file: attachment, title: label, publisher: label }),
    z.object({
      subcommand: z.enum(["use", "remove"]),
      briefing: z.string({ error: "Name a briefing." }).trim().min(1),
    }),
  ],
  { error: "Choose what to do: summary, dongbei, gdp, contrast, source, list, add, use or remove." },
);

type Options = z.infer<typeof options>;

async function add(ctx: CommandContext, input: Extract<Options, { subcommand: "add" }>): Promise<Reply> {
  if (ctx.guildId === null) return privateError("Briefings are added to a server; use this in one.");
  if (!ctx.can("ManageGuild")) return privateError(NEEDS_MANAGE_SERVER);
  const { fileName, result } = await ctx.services.attachments.read(input.file);
  if (!result.ok) return privateError(result.problem, "Not added");
  const added = await ctx.services.library.add(
    ctx.guildId,
    {
      fileName,
      text: result.text,
      ...(input.title === undefined ? {} : { title: input.title }),
      ...(input.publisher === undefined ? {} : { publisher: input.publisher }),
    },
    ctx.user.id,
  );
  if (!added.ok) return privateError(added.problem, "Not added");
  const questions = answerableQuestions(added.library.answers, added.briefing.id, ADDED_QUESTIONS);
  return message(addedView(added.briefing, questions, added.readMs), { ephemeral: true });
}

async function use(ctx: CommandContext, requested: string): Promise<Reply> {
  if (ctx.guildId === null) return privateError("A current briefing belongs to a server; use this in one.");
  const server = await ctx.services.library.forGuild(ctx.guildId);
  const briefing = requested === ALL_BRIEFINGS ? undefined : findBriefing(server.knowledge, requested);
  if (requested !== ALL_BRIEFINGS && briefing === undefined) {
    return privateError(`There is no briefing "${requested}" here. Try /briefing list.`);
  }
  const chosen = await ctx.services.library.use(ctx.guildId, briefing?.id ?? null, ctx.user.id);
  if (!chosen.ok) return privateError(chosen.problem);
  return message({
    tone: "success",
    title: briefing === undefined ? "No current briefing" : `Now studying "${briefing.title}"`,
    description:
      briefing === undefined
        ? "/ask searches every briefing here and says which one it quoted."
        : "/ask, /fact, /quiz start and the daily post use it unless told otherwise.",
  });
}

async function browse(
  ctx: CommandContext,
  input: Extract<
    Options,
    { briefing?: string | undefined; subcommand: "summary" | "dongbei" | "gdp" | "contrast" | "source" }
  >,
): Promise<Reply> {
  const chosen = await chooseBriefing(ctx, input.briefing);
  if (!chosen.ok) return chosen.reply;
  const { server } = chosen;
  const briefing = chosen.briefing ?? server.knowledge.briefings[0];
  if (briefing === undefined) return privateError("No briefing is loaded.");
  const knowledge = server.knowledge;
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
}

export default defineCommand({
  data,
  options,
  // Downloading and reading a new briefing can take longer than Discord's 3 s.
  defer: (input) => (input.subcommand === "add" ? { ephemeral: true } : undefined),
  async execute(ctx, input) {
    switch (input.subcommand) {
      case "list":
        return message(serverBriefingListView(await ctx.services.library.forGuild(ctx.guildId)));
      case "add":
        return add(ctx, input);
      case "use":
        return use(ctx, input.briefing);
      case "remove":
        if (ctx.guildId === null) return privateError("Briefings belong to a server; use this in one.");
        if (!ctx.can("ManageGuild")) return privateError(NEEDS_MANAGE_SERVER);
        return confirmRemoval(ctx, input.briefing);
      default:
        return browse(ctx, input);
    }
  },
  async autocomplete(ctx, focused, raw) {
    if (focused.name !== "briefing") return [];
    const server = await ctx.services.library.forGuild(ctx.guildId);
    return briefingChoices(server, focused.value, {
      ownOnly: raw.subcommand === "remove",
      offerAll: raw.subcommand === "use",
    });
  },
  components: [removeBriefingComponent],
});

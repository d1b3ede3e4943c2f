/**
 * /progress: a member's (or the whole server's) learning as a PNG chart, with the same figures as
 * text for screen readers and the console: cards by state, retention over 30 days, due cards over
 * the next 14. Another member's progress is shown only if they chose to appear by name.
 */
import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";

import { defineCommand, type CommandContext } from "../src/command.js";
import { progressChart } from "../src/review/chart.js";
import { figuresText, progressFigures } from "../src/review/progress.js";
import { deckOf } from "../src/review/service.js";
import type { Scope } from "../src/store/review.js";
import { message, privateError, type Reply } from "../src/view.js";

/** Named members listed under a server chart; the rest are counted. */
const MAX_NAMED_MEMBERS = 15;

const data = {
  name: "progress",
  description: "Your review progress as a chart: cards, retention, what's due.",
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "member",
      description: "Your progress, or another member's if they share it.",
      options: [
        {
          type: ApplicationCommandOptionType.User,
          name: "user",
          description: "Whose progress (default you).",
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "server",
      description: "The whole server's progress (members who opted in by name).",
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const options = z.object({
  subcommand: z.enum(["member", "server"]),
  user: z.object({ id: z.string().min(1), username: z.string(), bot: z.boolean() }).optional(),
});

async function chartReply(ctx: CommandContext, scope: Scope, title: string, extra: string[]): Promise<Reply> {
  const figures = await progressFigures(ctx.services.store.review, scope, ctx.services.clock.now());
  const lines = figuresText(figures);
  return message(
    {
      tone: "info",
      title,
      description: [...lines, ...extra].join("\n"),
      files: [{ name: "progress.png", data: progressChart(figures, title), description: lines.join(" ") }],
    },
    { ephemeral: true },
  );
}

async function server(ctx: CommandContext): Promise<Reply> {
  if (ctx.guildId === null) return privateError("Server progress needs a server: use it in one.");
  const [members, named] = await Promise.all([
    ctx.services.store.review.members(ctx.guildId),
    ctx.services.store.review.namedMembers(ctx.guildId),
  ]);
  const names = new Map(named.map((m) => [m.userId, m.displayName ?? "a member"]));
  const shown = members.filter((m) => names.has(m.userId)).slice(0, MAX_NAMED_MEMBERS);
  const anonymous = members.length - shown.length;
  const extra = [
    ...(shown.length === 0 ? [] : ["", "Members:"]),
    ...shown.map((m) => `• ${names.get(m.userId) ?? ""}: ${m.cards} cards, ${m.reviews} reviews`),
    ...(anonymous === 0 ? [] : [`${anonymous} more member${anonymous === 1 ? "" : "s"} (not shown by name)`]),
  ];
  return chartReply(ctx, { guildId: ctx.guildId, userId: null }, "Server review progress", extra);
}

export default defineCommand({
  data,
  options,
  // Drawing the chart takes tens of milliseconds, and the reads may wait on a busy database.
  defer: () => ({ ephemeral: true }),
  async execute(ctx, opts) {
    if (opts.subcommand === "server") return server(ctx);
    const deck = deckOf(ctx.guildId);
    const target = opts.user ?? ctx.user;
    if (target.id !== ctx.user.id) {
      const member = await ctx.services.review.member(deck, target.id);
      if (!member.showName)
        return privateError(
          `${target.username} hasn't chosen to share their progress (\`/review settings show_name\`).`,
        );
    }
    const title = target.id === ctx.user.id ? "Your review progress" : `${target.username}'s review progress`;
    return chartReply(ctx, { guildId: deck, userId: target.id }, title, []);
  },
});

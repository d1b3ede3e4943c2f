/**
 * /briefing remove asks first: a private "Remove it" button whose custom id names the briefing and
 * its hash. Pressing it checks the permission again and that the server still has that very text;
 * a stale or forged id gets "this has expired".
 */
import { defineComponent, type CommandContext } from "../command.js";
import { defineCustomId, idArg } from "../customId.js";
import { message, privateError, type Reply } from "../view.js";
import { hashArg } from "./showParagraph.js";

export const removeBriefingId = defineCustomId("brfrm", 1, [idArg, hashArg]);

export const NEEDS_MANAGE_SERVER =
  "Only members who can Manage Server can add or remove this server's briefings.";

/** The confirmation, or why there is nothing to remove. */
export async function confirmRemoval(ctx: CommandContext, requested: string): Promise<Reply> {
  const server = await ctx.services.library.forGuild(ctx.guildId);
  const briefing = server.knowledge.getBriefing(requested);
  if (briefing === undefined || !server.isOwn(briefing.id)) {
    return privateError(
      server.knowledge.getBriefing(requested) === undefined
        ? `This server has no briefing "${requested}". Try /briefing list.`
        : `"${briefing?.title ?? requested}" ships with the bot; only briefings added here can be removed.`,
    );
  }
  return message(
    {
      tone: "warning",
      title: `Remove "${briefing.title}"?`,
      description:
        "It will no longer be searched, quizzed on or posted here. Quotes already given from it (quiz results) are kept, marked as from a removed briefing.",
      actions: [
        [
          {
            customId: removeBriefingId.encode(briefing.id, briefing.hash),
            label: "Remove it",
            style: "danger",
            emoji: "🗑️",
          },
        ],
      ],
    },
    { ephemeral: true },
  );
}

export const removeBriefingComponent = defineComponent(removeBriefingId, async (ctx, [briefingId, hash]) => {
  if (ctx.guildId === null) return privateError("Briefings belong to a server.");
  if (!ctx.can("ManageGuild")) return privateError(NEEDS_MANAGE_SERVER);
  const server = await ctx.services.library.forGuild(ctx.guildId);
  const briefing = server.knowledge.getBriefing(briefingId);
  if (briefing?.hash !== hash || !server.isOwn(briefingId)) {
    return privateError("This has expired: that briefing is no longer here.", "Expired");
  }
  const removed = await ctx.services.library.remove(ctx.guildId, briefingId, ctx.user.id);
  if (removed === undefined)
    return privateError("This has expired: that briefing is no longer here.", "Expired");
  return {
    kind: "update",
    view: {
      tone: "success",
      title: `Removed "${removed.title}"`,
      description: "It is no longer searched, quizzed on or posted here.",
    },
  };
});

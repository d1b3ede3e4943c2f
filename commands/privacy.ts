/**
 * /privacy: what briefbot keeps about the member, and Delete my data (after a confirmation), which
 * erases them from every table that holds a user (src/store/privacy.ts).
 */
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord-api-types/v10";
import { z } from "zod";

import { defineCommand, defineComponent, type CommandContext } from "../src/command.js";
import { defineCustomId, snowflakeArg } from "../src/customId.js";
import { USER_DATA, userDataKey, type UserDataCounts } from "../src/store/privacy.js";
import { message, privateError, type Reply } from "../src/view.js";

const data = {
  name: "privacy",
  description: "What I store about you, and deleting it.",
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** The member's id travels in the ids so a button can only ever delete its own member's data. */
const deleteId = defineCustomId("privacy-delete", 1, [snowflakeArg]);
const confirmId = defineCustomId("privacy-confirm", 1, [snowflakeArg]);
const cancelId = defineCustomId("privacy-cancel", 1, []);

const EXPIRED = "This button has expired. Run /privacy again.";

function countsText(counts: UserDataCounts): string {
  const held = USER_DATA.filter((entry) => (counts[userDataKey(entry)] ?? 0) > 0);
  if (held.length === 0) return "Nothing: I don't store anything about you.";
  return held.map((entry) => `• ${entry.describes}: ${counts[userDataKey(entry)] ?? 0}`).join("\n");
}

async function overview(ctx: CommandContext): Promise<Reply> {
  const counts = await ctx.services.store.privacy.describe(ctx.user.id);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return message(
    {
      tone: "info",
      title: "Your data",
      description: `What I store about you, in every server:\n${countsText(counts)}\n\nYour questions to /ask are not stored, only the feedback you give on answers.`,
      ...(total === 0
        ? {}
        : {
            actions: [
              [{ customId: deleteId.encode(ctx.user.id), label: "Delete my data", style: "danger" as const }],
            ],
          }),
    },
    { ephemeral: true },
  );
}

const deleteRoute = defineComponent(deleteId, (ctx, [userId]) => {
  if (userId !== ctx.user.id) return privateError(EXPIRED);
  return {
    kind: "update",
    view: {
      tone: "warning",
      title: "Delete all your data?",
      description:
        "This removes your quiz scores and answers, review cards and history, feedback and reminder settings, in every server. Quiz games you started stay for the other players, without your name. It can't be undone.",
      actions: [
        [
          { customId: confirmId.encode(ctx.user.id), label: "Yes, delete everything", style: "danger" },
          { customId: cancelId.encode(), label: "Cancel", style: "secondary" },
        ],
      ],
    },
  };
});

const confirmRoute = defineComponent(confirmId, async (ctx, [userId]) => {
  if (userId !== ctx.user.id) return privateError(EXPIRED);
  const erased = await ctx.services.store.privacy.forget(ctx.user.id);
  const total = Object.values(erased).reduce((a, b) => a + b, 0);
  ctx.services.logger.info({ userId: ctx.user.id, rows: total }, "privacy: a member's data was deleted");
  return {
    kind: "update",
    view: {
      tone: "success",
      title: "Your data is deleted",
      description: `Removed ${total} record${total === 1 ? "" : "s"}:\n${countsText(erased)}`,
    },
  };
});

const cancelRoute = defineComponent(cancelId, () => ({
  kind: "update",
  view: { tone: "info", title: "Nothing was deleted", description: "Your data is as it was." },
}));

export default defineCommand({
  data,
  options: z.object({}),
  execute: overview,
  components: [deleteRoute, confirmRoute, cancelRoute],
});

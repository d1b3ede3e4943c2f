/** /help: what each command does, generated from the loaded command data. */
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord-api-types/v10";
import { z } from "zod";

import { defineCommand } from "../src/command.js";
import { message } from "../src/view.js";

const data = {
  name: "help",
  description: "What each of my commands does.",
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export default defineCommand({
  data,
  options: z.object({}),
  execute(ctx) {
    const catalog = ctx.services.commandCatalog ?? [];
    const lines = catalog.map((command) => {
      const subcommands = command.subcommands
        .map((sub) => `\n  · \`${sub.name}\` — ${sub.description}`)
        .join("");
      const name = command.kind === "slash" ? `/${command.name}` : `Apps → ${command.name}`;
      return `**${name}** — ${command.description}${subcommands}`;
    });
    return message(
      {
        tone: "info",
        title: "briefbot commands",
        description: lines.join("\n"),
        footer: "Answers quote the briefing word for word, with the paragraph they come from.",
      },
      { ephemeral: true },
    );
  },
});

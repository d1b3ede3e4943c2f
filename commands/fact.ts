/** /fact: a random cited fact from the briefing, optionally from one topic. */
import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";

import { defineCommand } from "../src/command.js";
import { findTopic, topicChoices, unknownTopicMessage } from "../src/interactions/topicChoices.js";
import { briefingChoices, briefingOption, chooseBriefing } from "../src/interactions/serverBriefings.js";
import { showParagraphAction } from "../src/interactions/showParagraph.js";
import { message, privateError } from "../src/view.js";

const data = {
  name: "fact",
  description: "A random fact from the briefing, quoted and cited.",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: "topic",
      description: "Pick the fact from this topic.",
      autocomplete: true,
      max_length: 100,
    },
    briefingOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const options = z.object({
  topic: z.string().trim().min(1).optional(),
  briefing: z.string().trim().min(1).optional(),
});

export default defineCommand({
  data,
  options,
  async execute(ctx, { topic, briefing: requested }) {
    const chosen = await chooseBriefing(ctx, requested);
    if (!chosen.ok) return chosen.reply;
    // The current (or named) briefing's facts; with none chosen, every briefing the server can see.
    const { knowledge } = chosen;
    const chosenTopic = topic === undefined ? undefined : findTopic(knowledge, topic);
    if (topic !== undefined && chosenTopic === undefined) return privateError(unknownTopicMessage(topic));
    const facts = knowledge.facts.filter(
      (fact) =>
        chosenTopic === undefined ||
        (fact.topics.includes(chosenTopic.id) && fact.briefing === chosenTopic.briefing),
    );
    const fact = facts[Math.floor(Math.random() * facts.length)];
    if (fact === undefined) return privateError("There are no curated facts to pick from yet.");
    const briefing = knowledge.getBriefing(fact.briefing);
    const titles = fact.topics
      .map(
        (id) =>
          knowledge.topics.find((candidate) => candidate.id === id && candidate.briefing === fact.briefing)
            ?.title,
      )
      .filter((title) => title !== undefined);
    const action = showParagraphAction(fact.quote, chosen.server.knowledge);
    return message({
      tone: "info",
      title: chosenTopic === undefined ? "A fact from the briefing" : `A fact about ${chosenTopic.title}`,
      quotes: [{ quote: fact.quote }],
      ...(titles.length > 0
        ? { footer: `Topics: ${titles.join(", ")}${briefing === undefined ? "" : ` · ${briefing.title}`}` }
        : {}),
      ...(action === undefined ? {} : { actions: [[action]] }),
    });
  },
  async autocomplete(ctx, focused) {
    const server = await ctx.services.library.forGuild(ctx.guildId);
    if (focused.name === "briefing") return briefingChoices(server, focused.value, { offerAll: true });
    if (focused.name !== "topic") return [];
    return topicChoices(server.scoped(server.current?.id), focused.value);
  },
});

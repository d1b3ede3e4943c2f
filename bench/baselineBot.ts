/**
 * The smallest useful discord.js bot: it answers every interaction with "ok" and nothing else.
 * It is the baseline of `npm run bench -- discord` and the first client the e2e suite runs
 * against the fake Discord, to show the fake itself speaks the protocol.
 */
import { Client, Events, GatewayIntentBits, MessageFlags } from "discord.js";

export interface BaselineBot {
  readonly client: Client;
  /** Number of interactions it failed to answer (a REST error). */
  readonly failures: () => number;
  stop(): Promise<void>;
}

export async function startBaselineBot(apiUrl: string, token = "baseline-token"): Promise<BaselineBot> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    // Interaction callbacks bypass @discordjs/rest's global 50/s throttle, so the defaults are fair.
    rest: { api: apiUrl },
  });
  let failures = 0;
  client.on(Events.InteractionCreate, (interaction) => {
    const answer = interaction.isAutocomplete()
      ? interaction.respond([{ name: "ok", value: "ok" }])
      : interaction.isRepliable()
        ? interaction.reply({ content: "ok", flags: MessageFlags.Ephemeral })
        : Promise.resolve();
    answer.catch(() => {
      failures += 1;
    });
  });
  const ready = new Promise<void>((resolve) =>
    client.once(Events.ClientReady, () => {
      resolve();
    }),
  );
  await client.login(token);
  await ready;
  return {
    client,
    failures: () => failures,
    stop: () => client.destroy(),
  };
}

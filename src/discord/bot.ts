/**
 * Runs briefbot on Discord: builds the app around a discord.js client, routes interactions, and
 * shuts down in order (in-flight interactions, jobs, client, database) leaving no timers behind.
 */
import { Events, type Client, type Interaction } from "discord.js";

import { createApp, type App } from "../app.js";
import { systemClock, type Clock } from "../clock.js";
import type { Config } from "../config.js";
import { createLogger, type Logger } from "../log.js";
import type { Services } from "../services.js";
import { interactionResponder, toIncoming } from "./adapter.js";
import { createClient } from "./client.js";
import { guardInteractionPackets } from "./interactionGuard.js";
import { createDiscordMessenger } from "./messenger.js";
import { privateError } from "../view.js";
import { createRouter } from "./router.js";
import { createTurnQueue } from "./turns.js";

export interface RunningBot {
  readonly client: Client;
  readonly services: Services;
  /** Waits for in-flight interactions, stops jobs, destroys the client, closes the database. */
  stop(): Promise<void>;
}

export interface BotOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export class BotStartError extends Error {
  override readonly name = "BotStartError";
}

export async function startBot(config: Config, overrides: BotOverrides = {}): Promise<RunningBot> {
  const token = config.discordToken;
  if (token === undefined) throw new BotStartError("DISCORD_TOKEN is not set");
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;

  const client = createClient(config);
  guardInteractionPackets(client, logger);
  // The messenger renders with the knowledge base, which only exists once the app is built.
  const built: { app?: App } = {};
  const messenger = createDiscordMessenger(client, {
    knowledge: () => {
      if (built.app === undefined) throw new Error("messenger used before the app was built");
      return built.app.services.library.quotes;
    },
    logger,
  });
  const app = await createApp(config, { clock, logger, messenger });
  built.app = app;
  const { services } = app;
  const router = createRouter({ commands: app.commands, services });
  // Quotes are checked against every server's loaded briefings; each server only ever got its own.
  const render = { knowledge: services.library.quotes, logger };

  // Interactions are answered in turns, so replies go out (and REST responses come in) while
  // the rest of a burst waits; see turns.ts.
  const turns = createTurnQueue({
    onError: (err) => {
      logger.error({ err }, "interaction turn failed");
    },
  });
  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  /** Keeps `work` in the in-flight set until it settles; `onError` logs a failure (one `then`). */
  const track = (work: Promise<void>, onError: (err: unknown) => void) => {
    const task: Promise<void> = work.then(
      () => {
        inFlight.delete(task);
      },
      (err: unknown) => {
        inFlight.delete(task);
        onError(err);
      },
    );
    inFlight.add(task);
  };
  const onInteraction = (interaction: Interaction) => {
    if (!accepting) {
      // Shutting down: a quick private note beats Discord's "This interaction failed".
      if (interaction.isRepliable()) {
        const note = privateError("I'm restarting. Please try again in a minute.", "Restarting");
        track(interactionResponder(interaction, render).respond(note), (err) => {
          logger.warn({ err }, "could not answer an interaction");
        });
      }
      return;
    }
    let incoming;
    try {
      incoming = toIncoming(interaction);
    } catch (err) {
      // A malformed interaction must never take the bot down; there is nothing sane to answer.
      logger.warn(
        { err, userId: interaction.user.id, guildId: interaction.guildId },
        "could not read an interaction",
      );
      return;
    }
    if (incoming === undefined) return;
    const routed = incoming;
    // Never throws: a failure of any kind rejects, and is logged below.
    const answer = async () => router.handle(routed, interactionResponder(interaction, render));
    // Tracked from now, so a shutdown waits for interactions still waiting for their turn.
    const answered = new Promise<void>((resolve) => {
      turns.push(() => {
        resolve(answer());
      });
    });
    track(answered, (err) => {
      logger.error(
        { err, userId: interaction.user.id, guildId: interaction.guildId },
        "interaction handler crashed",
      );
    });
  };
  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.Error, (err) => {
    logger.error({ err }, "discord client error");
  });
  client.on(Events.Warn, (message) => {
    logger.warn({ message }, "discord client warning");
  });

  const ready = new Promise<void>((resolve) => {
    client.once(Events.ClientReady, () => {
      resolve();
    });
  });
  try {
    await client.login(token);
    await ready;
    await app.startJobs();
  } catch (error) {
    await client.destroy().catch(() => undefined);
    await app.close();
    throw error;
  }
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "briefbot is ready");

  let stopping: Promise<void> | undefined;
  return {
    client,
    services,
    stop() {
      stopping ??= (async () => {
        accepting = false;
        // Drain: interactions arriving meanwhile get the restart note, tracked like any other.
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        client.off(Events.InteractionCreate, onInteraction);
        await app.stopJobs();
        await client.destroy();
        await app.close();
        logger.info("briefbot stopped");
      })();
      return stopping;
    },
  };
}

/**
 * The composition root: builds every service once, for the Discord bot and the offline console
 * alike. Feature work adds its service and background jobs here with small edits.
 */
import { ApplicationCommandOptionType } from "discord-api-types/v10";

import { systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import { DeliveryError, type Messenger } from "./messenger.js";
import { loadCommands, type LoadedCommands } from "./discord/loader.js";
import { createAnswerEngine } from "./knowledge/answer.js";
import { loadKnowledge } from "./knowledge/load.js";
import { discordAttachments, type AttachmentSource } from "./library/attachments.js";
import { attachmentPolicy } from "./library/download.js";
import { dailyKnowledge, Library } from "./library/library.js";
import { createDailyService } from "./daily/service.js";
import { createLogger, type Logger } from "./log.js";
import type { CommandSummary, Services } from "./services.js";
import { quizJob } from "./quiz/job.js";
import { QuizService } from "./quiz/service.js";
import { ReviewReminders } from "./review/reminders.js";
import { DIRECT_DECK, ReviewService } from "./review/service.js";
import { connectStore, storeTarget } from "./store/index.js";

/** Work that runs beside interactions (daily posts, quiz timers): started once ready, stopped on shutdown. */
export interface BackgroundJob {
  readonly name: string;
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export interface App {
  readonly services: Services;
  readonly commands: LoadedCommands;
  readonly jobs: BackgroundJob[];
  /** Starts every job, in order. */
  startJobs(): Promise<void>;
  /** Stops every started job, last first. Safe to call twice. */
  stopJobs(): Promise<void>;
  /** Stops the jobs, then closes the database. Safe to call twice. */
  close(): Promise<void>;
}

export interface AppOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly messenger?: Messenger;
  /** Where /briefing add reads files from; Discord attachments (within DISCORD_API_URL's reach) by default. */
  readonly attachments?: AttachmentSource;
  /** Where command modules live; commands/ by default. */
  readonly commandsDir?: string;
}

/** Used until a transport provides a real messenger: posting fails clearly instead of vanishing. */
const noMessenger: Messenger = {
  send: () => Promise.reject(new DeliveryError("unavailable", false, "no messenger is connected")),
  edit: () => Promise.reject(new DeliveryError("unavailable", false, "no messenger is connected")),
  checkCanPost: () => Promise.resolve({ ok: false, reason: "not connected to Discord" }),
  servesGuild: () => false,
};

function summarize(commands: LoadedCommands): CommandSummary[] {
  const slash = commands.list.map(({ data }): CommandSummary => ({
    name: data.name,
    description: data.description,
    subcommands: (data.options ?? [])
      .filter((option) => option.type === ApplicationCommandOptionType.Subcommand)
      .map((option) => ({ name: option.name, description: option.description })),
    kind: "slash",
  }));
  const menus = commands.menus.map((menu): CommandSummary => ({
    name: menu.data.name,
    description: menu.description,
    subcommands: [],
    kind: "message-menu",
  }));
  return [...slash, ...menus];
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  const commands = await loadCommands(overrides.commandsDir);
  const knowledge = loadKnowledge(config.knowledgeDir);
  const answers = createAnswerEngine(knowledge);
  const store = await connectStore(storeTarget(config), {
    onError: (err) => {
      logger.warn({ err }, "database connection lost; the pool will reconnect");
    },
  });

  const messenger = overrides.messenger ?? noMessenger;
  const library = new Library({
    shipped: knowledge,
    shippedAnswers: answers,
    repository: store.briefings,
    clock,
    logger,
  });
  const review = new ReviewService({
    repository: store.review,
    settings: store.settings,
    knowledge,
    // A card's sentence may come from the server's own briefing (DIRECT_DECK sees the shipped ones).
    knowledgeFor: async (deck) => (await library.forGuild(deck === DIRECT_DECK ? null : deck)).knowledge,
    clock,
  });
  const reminders = new ReviewReminders({ repository: store.review, messenger, clock, logger });
  const quiz = new QuizService({
    repository: store.quiz,
    knowledge,
    messenger,
    clock,
    logger,
    onWrongAnswer: (guildId, userId, question) => review.addWrongAnswers(guildId, userId, [question]),
  });
  const daily = createDailyService({
    repository: store.daily,
    knowledge,
    knowledgeFor: dailyKnowledge(library),
    messenger,
    clock,
    logger,
  });

  const services: Services = {
    config,
    logger,
    clock,
    knowledge,
    answers,
    library,
    attachments: overrides.attachments ?? discordAttachments(attachmentPolicy(config.discordApiUrl)),
    messenger,
    store,
    quiz,
    daily,
    review,
    reminders,
    commandCatalog: summarize(commands),
  };
  const jobs: BackgroundJob[] = [quizJob(quiz), daily.job, reminders.job()];

  const started: BackgroundJob[] = [];
  let closed = false;
  const stopJobs = async () => {
    for (const job of started.splice(0).reverse()) {
      try {
        await job.stop();
      } catch (err) {
        logger.error({ job: job.name, err }, "job failed to stop cleanly");
      }
    }
  };
  return {
    services,
    commands,
    jobs,
    async startJobs() {
      for (const job of jobs) {
        if (started.includes(job)) continue;
        await job.start();
        started.push(job);
      }
    },
    stopJobs,
    async close() {
      if (closed) return;
      closed = true;
      await stopJobs();
      await store.close();
    },
  };
}

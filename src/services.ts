/**
 * Everything a command may call, built once at start-up by the composition root
 * (src/app.ts) and shared by the Discord runtime and the offline console.
 * Feature services are added here as they land.
 */
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { AnswerEngine, KnowledgeBase } from "./knowledge/types.js";
import type { Logger } from "./log.js";
import type { Messenger } from "./messenger.js";

export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly knowledge: KnowledgeBase;
  readonly answers: AnswerEngine;
  readonly messenger: Messenger;
}

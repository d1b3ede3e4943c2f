/** The real shipped knowledge, the upload fixtures, and a Library over a real store. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import pino from "pino";

import { ManualClock } from "../../src/clock.js";
import { createAnswerEngine } from "../../src/knowledge/answer.js";
import { loadKnowledge, type LoadedKnowledge } from "../../src/knowledge/load.js";
import type { AnswerEngine } from "../../src/knowledge/types.js";
import { Library } from "../../src/library/library.js";
import type { Upload } from "../../src/library/upload.js";
import type { Store } from "../../src/store/index.js";
import { repoRoot } from "../helpers/runScript.js";

export const silentLogger = pino({ level: "silent" });

let shipped: { knowledge: LoadedKnowledge; answers: AnswerEngine } | undefined;
export function shippedKnowledge(): { knowledge: LoadedKnowledge; answers: AnswerEngine } {
  if (shipped === undefined) {
    const knowledge = loadKnowledge(join(repoRoot, "knowledge"));
    shipped = { knowledge, answers: createAnswerEngine(knowledge) };
  }
  return shipped;
}

export const uploadsDir = join(repoRoot, "tests", "fixtures", "uploads");

/** A Markdown briefing with front matter: "The Harbour Eel Case". */
export const eels = (): Upload => ({
  fileName: "harbour-eels.md",
  text: readFileSync(join(uploadsDir, "harbour-eels.md"), "utf8"),
});

/** A plain-text briefing, given its title and publisher: "Stolen Munch Returned". */
export const museum = (): Upload => ({
  fileName: "museum-theft.txt",
  text: readFileSync(join(uploadsDir, "museum-theft.txt"), "utf8"),
  title: "Stolen Munch Returned",
  publisher: "Nordic Desk",
});

/** The question both fixtures answer, each with its own story. */
export const SAME_QUESTION = "Why did they arrest two men?";

/** What a Library needs, over `store` and `clock`. */
export function shippedDeps(store: Store, clock: ManualClock) {
  const { knowledge, answers } = shippedKnowledge();
  return {
    shipped: knowledge,
    shippedAnswers: answers,
    repository: store.briefings,
    clock,
    logger: silentLogger,
  };
}

export function libraryOver(store: Store, clock = new ManualClock(new Date("2026-12-01T09:00:00Z"))) {
  const { knowledge, answers } = shippedKnowledge();
  return {
    clock,
    library: new Library({
      shipped: knowledge,
      shippedAnswers: answers,
      repository: store.briefings,
      clock,
      logger: silentLogger,
    }),
  };
}

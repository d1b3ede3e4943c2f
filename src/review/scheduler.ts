/**
 * FSRS through ts-fsrs, with its default parameters: only the desired retention is a setting.
 * Converts between ts-fsrs's Card and the store's MemoryState so that what is stored is exactly
 * what ts-fsrs computed (tests compare the two step by step).
 */
import {
  createEmptyCard,
  fsrs,
  generatorParameters,
  Rating,
  State,
  type Card,
  type FSRS,
  type Grade,
} from "ts-fsrs";

import type { GradeWrite, MemoryState, RatingCode } from "../store/review.js";

/** FSRS's own default (ts-fsrs's default_request_retention): recall nine times in ten. */
export const DEFAULT_DESIRED_RETENTION = 0.9;

const schedulers = new Map<number, FSRS>();

/** One scheduler per retention: they are stateless, so every card of a server can share one. */
export function schedulerFor(retention: number): FSRS {
  let scheduler = schedulers.get(retention);
  if (scheduler === undefined) {
    scheduler = fsrs(generatorParameters({ request_retention: retention }));
    schedulers.set(retention, scheduler);
  }
  return scheduler;
}

const GRADES: Readonly<Record<RatingCode, Grade>> = {
  1: Rating.Again,
  2: Rating.Hard,
  3: Rating.Good,
  4: Rating.Easy,
};
const STATES: Readonly<Record<MemoryState["state"], State>> = {
  0: State.New,
  1: State.Learning,
  2: State.Review,
  3: State.Relearning,
};
const STATE_CODES = new Map<State, MemoryState["state"]>([
  [State.New, 0],
  [State.Learning, 1],
  [State.Review, 2],
  [State.Relearning, 3],
]);

/*
 * elapsed_days and last_elapsed_days are deprecated in ts-fsrs 5 but still part of its Card and
 * ReviewLog: they are stored so that a card reads back exactly as ts-fsrs computed it.
 */
export function toMemory(card: Card): MemoryState {
  return {
    state: STATE_CODES.get(card.state) ?? 0,
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- stored as ts-fsrs computed it (see above)
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    lastReview: card.last_review ?? null,
  };
}

export function toFsrsCard(memory: MemoryState): Card {
  return {
    state: STATES[memory.state],
    due: memory.due,
    stability: memory.stability,
    difficulty: memory.difficulty,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- stored as ts-fsrs computed it (see above)
    elapsed_days: memory.elapsedDays,
    scheduled_days: memory.scheduledDays,
    learning_steps: memory.learningSteps,
    reps: memory.reps,
    lapses: memory.lapses,
    ...(memory.lastReview === null ? {} : { last_review: memory.lastReview }),
  };
}

/** A new card, due at once. */
export const newMemory = (now: Date): MemoryState => toMemory(createEmptyCard(now));

/** One FSRS step: what to store for grading `memory` with `rating` at `now`. */
export function step(
  memory: MemoryState,
  rating: RatingCode,
  now: Date,
  retention: number,
): Pick<GradeWrite, "before" | "after" | "lastElapsedDays" | "rating" | "reviewedAt"> {
  const { card, log } = schedulerFor(retention).next(toFsrsCard(memory), now, GRADES[rating]);
  return {
    rating,
    before: memory,
    after: toMemory(card),
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- stored as ts-fsrs computed it (see above)
    lastElapsedDays: log.last_elapsed_days,
    reviewedAt: now,
  };
}

/** Points for one answer: a base for being right, plus bonuses for speed and for a streak. */

/** What a right answer is worth on its own. */
export const BASE_POINTS = 100;
/** The most a right answer earns for speed: all of it at once, none at the buzzer. */
export const SPEED_BONUS_MAX = 50;
/** Extra points per right answer in a row before this one, in the same game... */
export const STREAK_BONUS_PER_ANSWER = 10;
/** ...up to this much, so a long streak helps without deciding the game alone. */
export const STREAK_BONUS_MAX = 50;

export interface Points {
  readonly base: number;
  readonly speed: number;
  readonly streak: number;
  readonly total: number;
}

export const NO_POINTS: Points = { base: 0, speed: 0, streak: 0, total: 0 };

export function scoreAnswer(input: {
  readonly correct: boolean;
  readonly elapsedMs: number;
  readonly limitMs: number;
  /** Right answers in a row this player gave in the previous rounds of this game. */
  readonly streakBefore: number;
}): Points {
  if (!input.correct) return NO_POINTS;
  const remaining = Math.min(1, Math.max(0, 1 - input.elapsedMs / input.limitMs));
  const speed = Math.round(SPEED_BONUS_MAX * remaining);
  const streak = Math.min(STREAK_BONUS_MAX, STREAK_BONUS_PER_ANSWER * input.streakBefore);
  return { base: BASE_POINTS, speed, streak, total: BASE_POINTS + speed + streak };
}

/**
 * A member's (or a server's) learning in figures: cards by state, retention over the last 30
 * days, and cards due over the next 14. The same figures feed the chart and its text, so the
 * picture and the words never disagree.
 */
import { DAY_MS, type ReviewRepository, type Scope } from "../store/review.js";

/** How far back retention is shown: a month evens out a few bad days. */
export const RETENTION_DAYS = 30;
/** How far ahead due cards are shown: two weeks is what a member plans a study week around. */
export const DUE_DAYS = 14;

export interface StateCounts {
  readonly new: number;
  readonly learning: number;
  readonly review: number;
  readonly relearning: number;
}

export interface RetentionDay {
  /** Days since the Unix epoch (UTC). */
  readonly day: number;
  readonly reviews: number;
  readonly recalled: number;
  readonly matured: number;
}

export interface ProgressFigures {
  readonly states: StateCounts;
  readonly total: number;
  /** Oldest first, RETENTION_DAYS entries ending today. */
  readonly days: readonly RetentionDay[];
  readonly reviews: number;
  /** Recalled / matured reviews over the period; null with no matured reviews. */
  readonly retention: number | null;
  /** Cards due on each of the next DUE_DAYS days; today's count includes overdue cards. */
  readonly due: readonly number[];
  /** The first day of `due` (UTC). */
  readonly today: number;
}

export async function progressFigures(
  repository: ReviewRepository,
  scope: Scope,
  now: Date,
): Promise<ProgressFigures> {
  const today = Math.floor(now.getTime() / DAY_MS);
  const tomorrow = new Date((today + 1) * DAY_MS);
  const [counts, reviewed, dueRows] = await Promise.all([
    repository.countsByState(scope),
    repository.reviewsByDay(scope, new Date((today - RETENTION_DAYS + 1) * DAY_MS), tomorrow),
    repository.dueByDay(scope, now, new Date((today + DUE_DAYS) * DAY_MS)),
  ]);
  const states = { new: counts[0], learning: counts[1], review: counts[2], relearning: counts[3] };
  const byDay = new Map(reviewed.map((row) => [row.day, row]));
  const days = Array.from({ length: RETENTION_DAYS }, (_, i): RetentionDay => {
    const day = today - RETENTION_DAYS + 1 + i;
    const row = byDay.get(day);
    return { day, reviews: row?.count ?? 0, recalled: row?.recalled ?? 0, matured: row?.matured ?? 0 };
  });
  const due = Array.from({ length: DUE_DAYS }, () => 0);
  for (const row of dueRows) {
    const index = row.day - today;
    if (index >= 0 && index < DUE_DAYS) due[index] = (due[index] ?? 0) + row.count;
  }
  const matured = days.reduce((n, d) => n + d.matured, 0);
  const recalled = days.reduce((n, d) => n + d.recalled, 0);
  return {
    states,
    total: states.new + states.learning + states.review + states.relearning,
    days,
    reviews: days.reduce((n, d) => n + d.reviews, 0),
    retention: matured === 0 ? null : recalled / matured,
    due,
    today,
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const dayLabel = (day: number) => new Date(day * DAY_MS).toISOString().slice(5, 10);

/** The figures in words: the chart's alt text, and what the console prints. */
export function figuresText(figures: ProgressFigures): string[] {
  const { states } = figures;
  const upcoming = figures.due
    .map((count, i) =>
      count === 0 ? undefined : `${i === 0 ? "today" : dayLabel(figures.today + i)} ${count}`,
    )
    .filter((entry) => entry !== undefined);
  return [
    `Cards: ${figures.total} (new ${states.new}, learning ${states.learning}, review ${states.review}, relearning ${states.relearning})`,
    `Last ${RETENTION_DAYS} days: ${figures.reviews} reviews; retention ${figures.retention === null ? "not measured yet (no cards in review)" : percent(figures.retention)}`,
    `Due in the next ${DUE_DAYS} days: ${figures.due.reduce((a, b) => a + b, 0)}${upcoming.length === 0 ? "" : ` (${upcoming.join(", ")})`}`,
  ];
}

/**
 * Spaced-repetition review, the contract: members' cards with their FSRS state, every grade, their
 * review preferences and reminders. Shared by sqlite/review.ts and postgres/review.ts; the FSRS
 * arithmetic itself lives in src/review (the store only keeps what it computed).
 */
import { z } from "zod";

/** ts-fsrs's State: 0 new, 1 learning, 2 review, 3 relearning. */
export type CardStateCode = 0 | 1 | 2 | 3;
/** ts-fsrs's Rating without Manual: 1 again, 2 hard, 3 good, 4 easy. */
export type RatingCode = 1 | 2 | 3 | 4;
export type CardOrigin = "remember" | "quiz" | "add";

/** A card's memory state exactly as ts-fsrs's Card holds it. */
export interface MemoryState {
  readonly state: CardStateCode;
  readonly due: Date;
  readonly stability: number;
  readonly difficulty: number;
  readonly elapsedDays: number;
  readonly scheduledDays: number;
  readonly learningSteps: number;
  readonly reps: number;
  readonly lapses: number;
  readonly lastReview: Date | null;
}

export interface NewCard {
  readonly id: string;
  readonly guildId: string;
  readonly userId: string;
  /** "briefing:paragraph.sentence": one card per sentence per member and server. */
  readonly factKey: string;
  readonly briefingId: string;
  readonly origin: CardOrigin;
  /** The drawn question as JSON (src/quiz/question.ts), kept so the card always asks the same. */
  readonly prompt: string;
  readonly memory: MemoryState;
  readonly createdAt: Date;
}

export interface StoredCard extends NewCard {
  /** Bumped by every grade; buttons carry it, so a stale button grades nothing. */
  readonly revision: number;
}

/** One grade: the card's state before it (as ts-fsrs's ReviewLog) and after it. */
export interface GradeWrite {
  readonly cardId: string;
  readonly userId: string;
  /** The revision the grade was shown at; the write happens only if the card is still there. */
  readonly fromRevision: number;
  readonly rating: RatingCode;
  readonly before: MemoryState;
  readonly lastElapsedDays: number;
  readonly after: MemoryState;
  readonly reviewedAt: Date;
}

export interface ReviewMember {
  readonly guildId: string;
  readonly userId: string;
  readonly addWrongAnswers: boolean;
  readonly showName: boolean;
  readonly displayName: string | null;
}

export interface Reminder {
  readonly userId: string;
  readonly enabled: boolean;
  /** HH:MM in timeZone. */
  readonly localTime: string;
  readonly timeZone: string;
  readonly nextAt: Date;
  /** Why reminders turned themselves off, until the member has been told. */
  readonly offReason: string | null;
  readonly lastSentAt: Date | null;
}

/** Whose figures: one member, or a whole server (userId null). */
export interface Scope {
  readonly guildId: string;
  readonly userId: string | null;
}

export interface DayCount {
  /** Days since the Unix epoch (UTC). */
  readonly day: number;
  readonly count: number;
}

export interface ReviewDay extends DayCount {
  /** Reviews of cards already in review (not new or learning) that were recalled (not Again). */
  readonly recalled: number;
  /** Reviews of cards already in review: the denominator of retention. */
  readonly matured: number;
}

export interface MemberTotals {
  readonly userId: string;
  readonly cards: number;
  readonly reviews: number;
}

export interface ReviewRepository {
  /** Adds cards a member does not have yet (same server and sentence); returns how many were new. */
  addCards(cards: readonly NewCard[]): Promise<number>;
  card(id: string): Promise<StoredCard | undefined>;
  /** The member's card due first (possibly not yet due), or undefined when they have none. */
  firstDue(guildId: string, userId: string): Promise<StoredCard | undefined>;
  /** Cards due at or before `at`. */
  countDue(guildId: string, userId: string, at: Date): Promise<number>;
  /** Whether the member has a card due at `at` in any server (for reminders). */
  hasDueAnywhere(userId: string, at: Date): Promise<boolean>;
  /**
   * Records a grade if the card is still at `fromRevision` and belongs to the user: the card's new
   * state and its log row commit together. False when it had moved on (graded already).
   */
  grade(write: GradeWrite): Promise<boolean>;

  countsByState(scope: Scope): Promise<Record<CardStateCode, number>>;
  /** Reviews per UTC day in [from, to). */
  reviewsByDay(scope: Scope, from: Date, to: Date): Promise<ReviewDay[]>;
  /** Cards due per UTC day in [from, to); cards due before `from` are counted on from's day. */
  dueByDay(scope: Scope, from: Date, to: Date): Promise<DayCount[]>;
  /** Every member of a server with cards, with their totals. */
  members(guildId: string): Promise<MemberTotals[]>;

  member(guildId: string, userId: string): Promise<ReviewMember>;
  /** Members of a server who chose to appear by name. */
  namedMembers(guildId: string): Promise<ReviewMember[]>;
  setMember(member: ReviewMember, at: Date): Promise<void>;

  reminder(userId: string): Promise<Reminder | undefined>;
  setReminder(reminder: Reminder, at: Date): Promise<void>;
  /** Enabled reminders whose time has come, earliest first. */
  dueReminders(at: Date, limit: number): Promise<Reminder[]>;
  /** Moves a reminder from `expected` to `next`; false if another process did first. */
  claimReminder(userId: string, expected: Date, next: Date, sentAt: Date): Promise<boolean>;
  /** Turns reminders off, with the reason to tell the member at their next /review. */
  disableReminder(userId: string, reason: string, at: Date): Promise<void>;
  /** Forgets the reason once the member has been told. */
  clearReminderNotice(userId: string, at: Date): Promise<void>;
}

export const DEFAULT_MEMBER = (guildId: string, userId: string): ReviewMember => ({
  guildId,
  userId,
  addWrongAnswers: true,
  showName: false,
  displayName: null,
});

const id = z.string().min(1);
const instant = z.date().refine((d) => !Number.isNaN(d.getTime()), { error: "must be a valid date" });
export const memorySchema = z.object({
  state: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  due: instant,
  stability: z.number().min(0),
  difficulty: z.number().min(0),
  elapsedDays: z.number().int().min(0),
  scheduledDays: z.number().int().min(0),
  learningSteps: z.number().int().min(0),
  reps: z.number().int().min(0),
  lapses: z.number().int().min(0),
  lastReview: instant.nullable(),
});
export const newCardSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { error: "card id must be 1-40 url-safe characters" }),
  guildId: id,
  userId: id,
  factKey: id,
  briefingId: id,
  origin: z.enum(["remember", "quiz", "add"]),
  prompt: z.string().min(2),
  memory: memorySchema,
  createdAt: instant,
});
export const gradeSchema = z.object({
  cardId: id,
  userId: id,
  fromRevision: z.number().int().min(0),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  before: memorySchema,
  lastElapsedDays: z.number().int().min(0),
  after: memorySchema,
  reviewedAt: instant,
});
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const reminderSchema = z.object({
  userId: id,
  enabled: z.boolean(),
  localTime: z.string().regex(HH_MM, { error: "a reminder time is HH:MM, 00:00 to 23:59" }),
  timeZone: z.string().min(1),
  nextAt: instant,
  offReason: z.string().nullable(),
  lastSentAt: instant.nullable(),
});
export const memberSchema = z.object({
  guildId: id,
  userId: id,
  addWrongAnswers: z.boolean(),
  showName: z.boolean(),
  displayName: z.string().max(100).nullable(),
});

/** A card row as both dialects return it (instants as epoch milliseconds). */
export interface CardRecord {
  id: string;
  guild_id: string;
  user_id: string;
  fact_key: string;
  briefing_id: string;
  origin: CardOrigin;
  prompt: string;
  state: CardStateCode;
  due_at: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  last_review_at: number | null;
  revision: number;
  created_at: number;
}

export const toCard = (r: CardRecord): StoredCard => ({
  id: r.id,
  guildId: r.guild_id,
  userId: r.user_id,
  factKey: r.fact_key,
  briefingId: r.briefing_id,
  origin: r.origin,
  prompt: r.prompt,
  memory: {
    state: r.state,
    due: new Date(r.due_at),
    stability: r.stability,
    difficulty: r.difficulty,
    elapsedDays: r.elapsed_days,
    scheduledDays: r.scheduled_days,
    learningSteps: r.learning_steps,
    reps: r.reps,
    lapses: r.lapses,
    lastReview: r.last_review_at === null ? null : new Date(r.last_review_at),
  },
  revision: r.revision,
  createdAt: new Date(r.created_at),
});

/** The values of a card row, in CARD_COLUMNS order. */
export const CARD_COLUMNS = [
  "id",
  "guild_id",
  "user_id",
  "fact_key",
  "briefing_id",
  "origin",
  "prompt",
  "state",
  "due_at",
  "stability",
  "difficulty",
  "elapsed_days",
  "scheduled_days",
  "learning_steps",
  "reps",
  "lapses",
  "last_review_at",
  "created_at",
] as const;

export function cardValues(input: NewCard): unknown[] {
  const c = newCardSchema.parse(input);
  const m = c.memory;
  return [
    c.id,
    c.guildId,
    c.userId,
    c.factKey,
    c.briefingId,
    c.origin,
    c.prompt,
    m.state,
    m.due.getTime(),
    m.stability,
    m.difficulty,
    m.elapsedDays,
    m.scheduledDays,
    m.learningSteps,
    m.reps,
    m.lapses,
    m.lastReview?.getTime() ?? null,
    c.createdAt.getTime(),
  ];
}

/** The card's new state (SET values in order) and the log row's values, for both dialects. */
export function gradeValues(input: GradeWrite): { after: unknown[]; log: unknown[]; valid: GradeWrite } {
  const g = gradeSchema.parse(input);
  const a = g.after;
  const b = g.before;
  return {
    valid: g,
    after: [
      a.state,
      a.due.getTime(),
      a.stability,
      a.difficulty,
      a.elapsedDays,
      a.scheduledDays,
      a.learningSteps,
      a.reps,
      a.lapses,
      a.lastReview?.getTime() ?? null,
    ],
    log: [
      g.cardId,
      g.fromRevision,
      g.rating,
      b.state,
      b.due.getTime(),
      b.stability,
      b.difficulty,
      b.elapsedDays,
      g.lastElapsedDays,
      b.scheduledDays,
      b.learningSteps,
      g.reviewedAt.getTime(),
    ],
  };
}

export interface ReminderRecord {
  user_id: string;
  enabled: number;
  local_time: string;
  time_zone: string;
  next_at: number;
  off_reason: string | null;
  last_sent_at: number | null;
}

export const toReminder = (r: ReminderRecord): Reminder => ({
  userId: r.user_id,
  enabled: r.enabled === 1,
  localTime: r.local_time,
  timeZone: r.time_zone,
  nextAt: new Date(r.next_at),
  offReason: r.off_reason,
  lastSentAt: r.last_sent_at === null ? null : new Date(r.last_sent_at),
});

export interface MemberRecord {
  guild_id: string;
  user_id: string;
  add_wrong_answers: number;
  show_name: number;
  display_name: string | null;
}

export const toMember = (r: MemberRecord): ReviewMember => ({
  guildId: r.guild_id,
  userId: r.user_id,
  addWrongAnswers: r.add_wrong_answers === 1,
  showName: r.show_name === 1,
  displayName: r.display_name,
});

export const DAY_MS = 86_400_000;

export function stateCounts(rows: readonly { state: number; n: number }[]): Record<CardStateCode, number> {
  const counts: Record<CardStateCode, number> = { 0: 0, 1: 0, 2: 0, 3: 0 };
  for (const row of rows) counts[row.state as CardStateCode] = row.n;
  return counts;
}

/**
 * Each server's own briefings (/briefing add) and which briefing it studies (/briefing use): the
 * contract both dialects implement. A removed briefing keeps its row (marked removed), so quotes
 * already given from it can still be checked and shown as from a removed briefing.
 */
import { z } from "zod";

export interface StoredBriefing {
  readonly guildId: string;
  readonly briefingId: string;
  /** The citation hash of its body (first 12 hex digits of the sha256). */
  readonly hash: string;
  readonly title: string;
  /** The briefing file as added: YAML front matter, then the body. */
  readonly source: string;
  readonly addedBy: string;
  readonly addedAt: Date;
  readonly removedBy: string | null;
  readonly removedAt: Date | null;
}

export interface NewBriefing {
  readonly guildId: string;
  readonly briefingId: string;
  readonly hash: string;
  readonly title: string;
  readonly source: string;
  readonly addedBy: string;
  readonly at: Date;
}

export type AddOutcome =
  | { readonly kind: "added"; readonly briefing: StoredBriefing }
  /** The server already has a briefing with this id. */
  | { readonly kind: "duplicate-id"; readonly existing: StoredBriefing }
  /** The server already has this text, under `existing.briefingId`. */
  | { readonly kind: "duplicate-text"; readonly existing: StoredBriefing }
  /** The server already has `limit` briefings. */
  | { readonly kind: "full"; readonly limit: number };

export interface BriefingChoice {
  /** What /ask, /fact and /quiz start use when not told otherwise; null: every briefing it can see. */
  readonly current: string | null;
  /** What the daily post draws from; null: the current briefing. */
  readonly daily: string | null;
}

export const NO_CHOICE: BriefingChoice = { current: null, daily: null };

export interface GuildBriefingRepository {
  /** The server's briefings in use, oldest first. */
  list(guildId: string): Promise<StoredBriefing[]>;
  /**
   * Stores a briefing unless the server already has one with its id or its text, or has `limit`
   * already; checked and written atomically, so two admins adding at once cannot pass the limit.
   * Adding the text of a removed briefing under its old id brings that row back.
   */
  add(input: NewBriefing, limit: number): Promise<AddOutcome>;
  /**
   * Marks a briefing removed; a current or daily choice naming it is cleared in the same step.
   * Undefined when the server has no such briefing in use.
   */
  remove(guildId: string, briefingId: string, by: string, at: Date): Promise<StoredBriefing | undefined>;
  /** One stored briefing by id and hash, removed or not (to show old quotes as from a removed one). */
  find(guildId: string, briefingId: string, hash: string): Promise<StoredBriefing | undefined>;
  choice(guildId: string): Promise<BriefingChoice>;
  /** Sets what is given; a missing field stays as it is, null clears it. */
  choose(guildId: string, changes: Partial<BriefingChoice>, by: string, at: Date): Promise<BriefingChoice>;
}

/** Discord snowflakes in production; the console and tests use short names. */
const idText = z.string().min(1).max(100);

export const newBriefingSchema = z.strictObject({
  guildId: idText,
  briefingId: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: "must be kebab-case" })
    .max(100),
  hash: z.string().regex(/^[0-9a-f]{12}$/, { error: "must be 12 hex digits" }),
  title: z.string().min(1),
  source: z.string().min(1),
  addedBy: idText,
  at: z.date(),
});

export const limitSchema = z.number().int().min(1);

export const choiceChangesSchema = z.strictObject({
  current: z.string().min(1).nullable().optional(),
  daily: z.string().min(1).nullable().optional(),
});

export interface BriefingRow {
  guild_id: string;
  briefing_id: string;
  hash: string;
  title: string;
  source: string;
  added_by: string;
  added_at: number;
  removed_by: string | null;
  removed_at: number | null;
}

export interface ChoiceRow {
  current_briefing: string | null;
  daily_briefing: string | null;
}

export const toStoredBriefing = (row: BriefingRow): StoredBriefing => ({
  guildId: row.guild_id,
  briefingId: row.briefing_id,
  hash: row.hash,
  title: row.title,
  source: row.source,
  addedBy: row.added_by,
  addedAt: new Date(row.added_at),
  removedBy: row.removed_by,
  removedAt: row.removed_at === null ? null : new Date(row.removed_at),
});

export const toChoice = (row: ChoiceRow | undefined): BriefingChoice =>
  row === undefined ? NO_CHOICE : { current: row.current_briefing, daily: row.daily_briefing };

/** Which of the server's briefings in use stands in the way of adding `input`, if any. */
export function conflictWith(
  active: readonly StoredBriefing[],
  input: NewBriefing,
  limit: number,
): AddOutcome | undefined {
  const sameId = active.find((row) => row.briefingId === input.briefingId);
  if (sameId !== undefined) return { kind: "duplicate-id", existing: sameId };
  const sameText = active.find((row) => row.hash === input.hash);
  if (sameText !== undefined) return { kind: "duplicate-text", existing: sameText };
  if (active.length >= limit) return { kind: "full", limit };
  return undefined;
}

/**
 * A member's right to see and erase what briefbot keeps about them. USER_DATA names every table
 * that holds a user's id or name; tests/store/privacy.test.ts reads the schema itself (both
 * dialects) and fails when a table with a user column is missing here, so a table added later
 * cannot be forgotten.
 */
export interface UserDataTable {
  readonly table: string;
  /** The column holding the member's id. */
  readonly column: string;
  /** Every other column of the row that describes the member (erased with it). */
  readonly alsoHolds: readonly string[];
  /**
   * "delete" removes the member's rows; "anonymize" keeps a row other members' data depends on
   * (a quiz game others played in) and overwrites the member's id with FORGOTTEN_USER.
   */
  readonly action: "delete" | "anonymize";
  /** What it is, in the member's words, for /privacy. */
  readonly describes: string;
}

/** What an anonymised row says instead of the member's id: not a snowflake, so it matches nobody. */
export const FORGOTTEN_USER = "forgotten";

/**
 * In deletion order: rows that reference others (review_log -> review_cards) go first, so the
 * foreign keys hold at every step.
 */
export const USER_DATA: readonly UserDataTable[] = [
  {
    table: "review_log",
    column: "user_id",
    alsoHolds: [],
    action: "delete",
    describes: "review history (every grade)",
  },
  { table: "review_cards", column: "user_id", alsoHolds: [], action: "delete", describes: "review cards" },
  {
    table: "review_members",
    column: "user_id",
    alsoHolds: ["display_name"],
    action: "delete",
    describes: "review settings (per server)",
  },
  {
    table: "review_reminders",
    column: "user_id",
    alsoHolds: [],
    action: "delete",
    describes: "reminder settings",
  },
  {
    table: "scores",
    column: "user_id",
    alsoHolds: [],
    action: "delete",
    describes: "quiz scores (per channel)",
  },
  {
    table: "quiz_answers",
    column: "user_id",
    alsoHolds: ["username"],
    action: "delete",
    describes: "quiz answers",
  },
  {
    table: "quiz_games",
    column: "starter_id",
    alsoHolds: [],
    action: "anonymize",
    describes: "quiz games you started (kept for the other players, without your id)",
  },
  {
    table: "answer_feedback",
    column: "user_id",
    alsoHolds: [],
    action: "delete",
    describes: "answer feedback",
  },
  {
    table: "guild_briefings",
    column: "added_by",
    alsoHolds: [],
    action: "anonymize",
    describes: "briefings you added to a server (kept for the server, without your id)",
  },
  {
    table: "guild_briefings",
    column: "removed_by",
    alsoHolds: [],
    action: "anonymize",
    describes: "briefings you removed from a server (the record is kept, without your id)",
  },
  {
    table: "guild_briefing_choices",
    column: "updated_by",
    alsoHolds: [],
    action: "anonymize",
    describes: "a server's briefing choice you last changed (kept, without your id)",
  },
];

/** Counts are kept per table and column: a table may hold the member in two columns (added_by, removed_by). */
export const userDataKey = ({ table, column }: Pick<UserDataTable, "table" | "column">): string =>
  `${table}.${column}`;

/** How many rows of each table hold the member, by userDataKey (table.column). */
export type UserDataCounts = Readonly<Record<string, number>>;

export interface PrivacyRepository {
  /** What is stored about the member, counted per table. */
  describe(userId: string): Promise<UserDataCounts>;
  /** Erases the member from every table of USER_DATA in one transaction; returns rows per table. */
  forget(userId: string): Promise<UserDataCounts>;
}

/** A member's data in SQLite: counted, and erased in one transaction. */
import { settle } from "../async.js";
import type { Database } from "../database.js";
import {
  FORGOTTEN_USER,
  USER_DATA,
  userDataKey,
  type PrivacyRepository,
  type UserDataCounts,
} from "../privacy.js";

export class SqlitePrivacyRepository implements PrivacyRepository {
  constructor(private readonly db: Database) {}

  describe(userId: string): Promise<UserDataCounts> {
    return settle(() =>
      Object.fromEntries(
        USER_DATA.map(({ table, column }) => [
          userDataKey({ table, column }),
          this.db
            .prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`)
            .get(userId)?.n ?? 0,
        ]),
      ),
    );
  }

  forget(userId: string): Promise<UserDataCounts> {
    return settle(() =>
      this.db.transaction(() =>
        Object.fromEntries(
          USER_DATA.map(({ table, column, action }) => [
            userDataKey({ table, column }),
            action === "delete"
              ? this.db.prepare(`DELETE FROM ${table} WHERE ${column} = ?`).run(userId).changes
              : this.db
                  .prepare(`UPDATE ${table} SET ${column} = ? WHERE ${column} = ?`)
                  .run(FORGOTTEN_USER, userId).changes,
          ]),
        ),
      )(),
    );
  }
}

/** A member's data in PostgreSQL: counted, and erased in one transaction. */
import type pg from "pg";

import {
  FORGOTTEN_USER,
  USER_DATA,
  userDataKey,
  type PrivacyRepository,
  type UserDataCounts,
} from "../privacy.js";
import { changes, first, inTransaction } from "./pool.js";

export class PgPrivacyRepository implements PrivacyRepository {
  constructor(private readonly pool: pg.Pool) {}

  async describe(userId: string): Promise<UserDataCounts> {
    const counts: Record<string, number> = {};
    for (const { table, column } of USER_DATA) {
      const row = await first<{ n: number }>(
        this.pool,
        `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = $1`,
        [userId],
      );
      counts[userDataKey({ table, column })] = row?.n ?? 0;
    }
    return counts;
  }

  forget(userId: string): Promise<UserDataCounts> {
    return inTransaction(this.pool, async (client) => {
      const counts: Record<string, number> = {};
      for (const { table, column, action } of USER_DATA) {
        counts[userDataKey({ table, column })] =
          action === "delete"
            ? await changes(client, `DELETE FROM ${table} WHERE ${column} = $1`, [userId])
            : await changes(client, `UPDATE ${table} SET ${column} = $1 WHERE ${column} = $2`, [
                FORGOTTEN_USER,
                userId,
              ]);
      }
      return counts;
    });
  }
}

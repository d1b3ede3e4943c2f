/**
 * The right to be forgotten: every table with a user column is in USER_DATA (read from the schema
 * itself, in both dialects), and forgetting a member leaves their id in no column of any table.
 */
import { describe, expect, it } from "vitest";

import { FORGOTTEN_USER, USER_DATA, userDataKey } from "../../src/store/privacy.js";
import type { Store } from "../../src/store/index.js";
import { newMemory, step } from "../../src/review/scheduler.js";
import { BACKENDS, useDatabases, type TestDatabase } from "./backends.js";

/** Column names that hold a person: ids, names, and "who did it" columns. */
const USER_COLUMN =
  /^(user_id|username|display_name|starter_id)$|(^|_)(user|member|author|owner|player)(_id|_name)$|_by$/;
/** Bookkeeping of the migrations, not user data. */
const INTERNAL_TABLES = new Set(["schema_migrations"]);

async function columns(db: TestDatabase): Promise<{ table: string; column: string; type: string }[]> {
  if (db.dialect === "sqlite") {
    const tables = await db.rows<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    const all: { table: string; column: string; type: string }[] = [];
    for (const { name } of tables) {
      for (const col of await db.rows<{ name: string; type: string }>(`PRAGMA table_info(${name})`))
        all.push({ table: name, column: col.name, type: col.type.toUpperCase() });
    }
    return all;
  }
  return (
    await db.rows<{ table_name: string; column_name: string; data_type: string }>(
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()",
    )
  ).map((r) => ({ table: r.table_name, column: r.column_name, type: r.data_type.toUpperCase() }));
}

const U = "111111111111111111";
const V = "222222222222222222";
const at = new Date("2026-05-01T12:00:00Z");

async function seed(store: Store, userId: string, name: string): Promise<void> {
  // A server's own briefings: one the member added and removed, and the server's choice they made.
  const guildId = `guild-${userId.slice(0, 4)}`;
  for (const [briefingId, hash] of [
    ["kept", "aaaaaaaaaaaa"],
    ["gone", "bbbbbbbbbbbb"],
  ] as const) {
    await store.briefings.add(
      {
        guildId,
        briefingId,
        hash,
        title: briefingId,
        source: `---\nid: ${briefingId}\n---\n\nText of ${briefingId}.`,
        addedBy: userId,
        at,
      },
      50,
    );
  }
  await store.briefings.remove(guildId, "gone", userId, at);
  await store.briefings.choose(guildId, { current: "kept" }, userId, at);
  await store.scores.addResult({ guildId: "g", channelId: "c", userId, points: 10, correct: true, at });
  await store.feedback.record({ question: "q?", citation: null, userId, guildId: "g", vote: "up", at });
  const gameId = `game-${userId.slice(0, 4)}`;
  await store.quiz.createGame({
    id: gameId,
    guildId: "g",
    channelId: `chan-${userId}`,
    starterId: userId,
    mode: "buttons",
    seconds: 20,
    topic: null,
    seed: 1,
    questionsJson: "[]",
    at,
  });
  await store.quiz.beginRound(gameId, 1, at);
  await store.quiz.openRound(gameId, 1, "m1", new Date(at.getTime() + 20_000));
  for (const player of [U, V]) {
    await store.quiz.recordAnswer({
      gameId,
      roundNo: 1,
      guildId: "g",
      channelId: `chan-${userId}`,
      userId: player,
      username: player === U ? "ursula" : "victor",
      choice: 0,
      typed: null,
      correct: true,
      basePoints: 10,
      speedPoints: 0,
      streakPoints: 0,
      at,
    });
  }
  const memory = newMemory(at);
  const cardId = `card-${userId.slice(0, 4)}`;
  await store.review.addCards([
    {
      id: cardId,
      guildId: "g",
      userId,
      factKey: "b:1.1",
      briefingId: "b",
      origin: "add",
      prompt: "{}",
      memory,
      createdAt: at,
    },
  ]);
  expect(await store.review.grade({ cardId, userId, fromRevision: 0, ...step(memory, 3, at, 0.9) })).toBe(
    true,
  );
  await store.review.setMember(
    { guildId: "g", userId, addWrongAnswers: false, showName: true, displayName: name },
    at,
  );
  await store.review.setReminder(
    {
      userId,
      enabled: true,
      localTime: "08:00",
      timeZone: "UTC",
      nextAt: at,
      offReason: null,
      lastSentAt: null,
    },
    at,
  );
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`PrivacyRepository on ${backend.title}`, () => {
    const fresh = useDatabases(backend);

    it("lists every table with a user column, as the schema itself has them", async () => {
      const db = await fresh();
      await db.open();
      const found = (await columns(db)).filter(
        (c) => !INTERNAL_TABLES.has(c.table) && USER_COLUMN.test(c.column),
      );
      const tables = [...new Set(found.map((c) => c.table))].sort();
      expect(tables.length).toBeGreaterThanOrEqual(8);
      expect(tables).toEqual([...new Set(USER_DATA.map((t) => t.table))].sort());
      for (const c of found) {
        const held = USER_DATA.filter((t) => t.table === c.table).flatMap((t) => [t.column, ...t.alsoHolds]);
        expect(held, `${c.table}.${c.column}`).toContain(c.column);
      }
    });

    it("forgets a member everywhere and keeps everyone else", async () => {
      const db = await fresh();
      const store = await db.open();
      await seed(store, U, "ursula");
      await seed(store, V, "victor");
      const before = await store.privacy.describe(U);
      for (const entry of USER_DATA)
        expect(before[userDataKey(entry)], userDataKey(entry)).toBeGreaterThan(0);

      const erased = await store.privacy.forget(U);
      expect(erased).toEqual(before);
      const after = await store.privacy.describe(U);
      for (const entry of USER_DATA) expect(after[userDataKey(entry)], userDataKey(entry)).toBe(0);

      // Nothing anywhere still says who they were: no text column of any table holds the id or name.
      const textColumns = (await columns(db)).filter((c) => /TEXT|CHAR/.test(c.type));
      for (const { table, column } of textColumns) {
        const hits = await db.rows<{ n: number }>(
          `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} IN ('${U}', 'ursula')`,
        );
        expect(Number(hits[0]?.n), `${table}.${column}`).toBe(0);
      }
      const kept = await store.privacy.describe(V);
      for (const entry of USER_DATA) expect(kept[userDataKey(entry)], userDataKey(entry)).toBeGreaterThan(0);
      expect(await db.rows("SELECT starter_id FROM quiz_games ORDER BY starter_id")).toEqual([
        { starter_id: V },
        { starter_id: FORGOTTEN_USER },
      ]);
    });
  });
}

import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

import { startCheckpointer } from "../../src/store/checkpointer.js";

const dir = mkdtempSync(join(tmpdir(), "briefbot-checkpointer-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const PAGE = 4096;
/** One batch of writes: 2,000 rows of 1 kB, about 500 pages of WAL. */
const ROWS = 2_000;
const BATCHES = 4;
/** A short period keeps the test quick; the bot's is CHECKPOINT_EVERY_MS. */
const EVERY_MS = 150;

/** Writes BATCHES batches with pauses longer than the checkpoint period; returns the WAL's size in pages. */
async function walPagesAfterBatches(file: string, withCheckpointer: boolean): Promise<number> {
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  // Nothing checkpoints on commit: only the checkpointer (when there is one) copies the WAL back.
  db.pragma("wal_autocheckpoint = 0");
  db.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO rows (body) VALUES (?)");
  const batch = db.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run("x".repeat(1_000));
  });
  const checkpointer = withCheckpointer ? startCheckpointer(file, EVERY_MS) : undefined;
  try {
    for (let i = 0; i < BATCHES; i++) {
      batch();
      await new Promise((resolve) => setTimeout(resolve, EVERY_MS * 3));
    }
    return Math.round(statSync(`${file}-wal`).size / PAGE);
  } finally {
    await checkpointer?.stop();
    db.close();
  }
}

describe("the checkpointer thread", () => {
  it("copies the WAL back between writes, so the log is reused instead of growing", async () => {
    const without = await walPagesAfterBatches(join(dir, "without.sqlite"), false);
    const withIt = await walPagesAfterBatches(join(dir, "with.sqlite"), true);
    // Without it, every batch appends (about 500 pages each); with it, each batch starts the log over.
    expect(without).toBeGreaterThan(BATCHES * 400);
    expect(withIt).toBeLessThan(without / 2);
  }, 30_000);

  it("runs a last checkpoint when stopped, and can be stopped twice", async () => {
    const file = join(dir, "stop.sqlite");
    const db = new BetterSqlite3(file);
    db.pragma("journal_mode = WAL");
    db.pragma("wal_autocheckpoint = 0");
    db.exec("CREATE TABLE t (x TEXT)");
    const write = db.prepare("INSERT INTO t VALUES (?)");
    write.run("y".repeat(200_000));
    const before = statSync(`${file}-wal`).size;
    // Its period is far away: only the checkpoint made on stopping can copy the log back.
    const checkpointer = startCheckpointer(file, 60_000);
    await checkpointer.stop();
    await checkpointer.stop();
    // A checkpointed log is started over by the next write, so it does not grow.
    write.run("z".repeat(200_000));
    expect(statSync(`${file}-wal`).size).toBeLessThanOrEqual(before);
    db.close();
  });
});

import { describe, expect, it } from "vitest";

import { spawnScript } from "../helpers/runScript.js";
import { BACKENDS, useDatabases } from "./backends.js";
import { CRASH_CHANNEL, CRASH_GUILD, CRASH_PLAYERS } from "./fixtures/crashPlayers.js";

/**
 * Enough commits that the kill lands in a busy write loop, few enough to keep the test quick. A
 * PostgreSQL commit of 50 upserts makes 52 round trips (about 10 ms), so it gets fewer.
 */
const COMMITS_BEFORE_KILL = { sqlite: 300, postgres: 60 } as const;
/** Up to this much later than the threshold: a few transactions' worth of time. */
const MAX_KILL_DELAY_MS = 5;
/** Each round kills the writer, checks the database, and lets the next writer resume from it. */
const ROUNDS = 5;

interface WriterRun {
  /** The last transaction number the writer printed (so certainly committed). */
  lastPrinted: number;
  resumedFrom: number;
}

/** Starts the writer, SIGKILLs it once it is well into its loop, and collects everything it printed. */
function runAndKill(target: string, commitsBeforeKill: number): Promise<WriterRun> {
  return new Promise((resolve, reject) => {
    const child = spawnScript("tests/store/fixtures/scoreWriter.ts", [target]);
    let buffered = "";
    let stderr = "";
    let resumedFrom: number | undefined;
    let lastPrinted = 0;
    let writerPid: number | undefined;
    let killed = false;
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const start = /^start (\d+) pid (\d+)$/.exec(line);
        if (start !== null) {
          resumedFrom = Number(start[1]);
          writerPid = Number(start[2]);
        } else lastPrinted = Number(line);
      }
      if (!killed && writerPid !== undefined && resumedFrom !== undefined) {
        if (lastPrinted >= resumedFrom + commitsBeforeKill) {
          killed = true;
          const pid = writerPid;
          // A random extra delay, so the kill lands at an arbitrary point of the writer's loop rather
          // than just after it printed. Kill the writer itself, not tsx's launcher: that is the
          // process holding the database.
          setTimeout(() => process.kill(pid, "SIGKILL"), Math.random() * MAX_KILL_DELAY_MS);
        }
      }
    });
    child.on("error", reject);
    // "close" waits for the pipes to drain, so lastPrinted includes everything printed before death.
    child.on("close", (code, signal) => {
      if (!killed || resumedFrom === undefined) {
        reject(
          new Error(`writer ended on its own (code ${String(code)}, signal ${String(signal)}): ${stderr}`),
        );
        return;
      }
      resolve({ lastPrinted, resumedFrom });
    });
  });
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`crash safety on ${backend.title}`, () => {
    const fresh = useDatabases(backend);

    it("keeps every committed transaction and no half-written one after SIGKILL, round after round", async () => {
      const db = await fresh();
      const target = db.target.dialect === "sqlite" ? db.target.path : db.target.url;
      let previous = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const run = await runAndKill(target, COMMITS_BEFORE_KILL[db.dialect]);
        expect(run.resumedFrom).toBe(previous);

        if (db.dialect === "sqlite") {
          expect(await db.rows("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
        }
        const store = await db.open();
        const rows = await Promise.all(
          CRASH_PLAYERS.map((userId) => store.scores.stats(CRASH_GUILD, userId)),
        );
        await store.close();
        const committed = rows[0]?.answered ?? -1;
        // Printed means committed; the kill may fall between a commit and its print, never more.
        expect(committed).toBeGreaterThanOrEqual(run.lastPrinted);
        expect(committed).toBeLessThanOrEqual(run.lastPrinted + 1);
        for (const row of rows) {
          // All players' rows were written by the same transactions: all or none of each.
          expect(row.answered).toBe(committed);
          // Transaction n gave n points: the sum 1..N proves none is missing or repeated.
          expect(row.points).toBe((committed * (committed + 1)) / 2);
          expect(row.correct).toBe(Math.floor(committed / 2));
          expect(row.channels.map((channel) => channel.channelId)).toEqual([CRASH_CHANNEL]);
        }
        previous = committed;
      }
      expect(previous).toBeGreaterThanOrEqual(ROUNDS * COMMITS_BEFORE_KILL[db.dialect]);
    }, 60_000);
  });
}

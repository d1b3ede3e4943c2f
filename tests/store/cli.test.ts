import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";

import { openStore } from "../../src/store/index.js";
import { runScript } from "../helpers/runScript.js";
import { useTempDir } from "./tempDb.js";

const tempDir = useTempDir();
const at = new Date("2026-03-01T12:00:00Z");

/** Every user table's rows, in a stable order, so two databases can be compared whole. */
function dump(path: string): Record<string, unknown[]> {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all();
    return Object.fromEntries(
      tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2, 3`).all()]),
    );
  } finally {
    db.close();
  }
}

async function seed(path: string): Promise<void> {
  const store = openStore(path);
  try {
    await store.settings.update("g1", { timezone: "Asia/Shanghai", quizCooldownSeconds: 60 }, at);
    for (let index = 0; index < 40; index++) {
      await store.scores.addResult({
        guildId: "g1",
        channelId: `c${index % 3}`,
        userId: `u${index % 7}`,
        points: index,
        correct: index % 4 !== 0,
        at,
      });
    }
    const citation = { briefing: "china-rust-belt", hash: "0123456789ab", paragraph: 4, sentence: 2 };
    await store.feedback.record({
      question: "What share of GDP?",
      citation,
      userId: "u1",
      guildId: "g1",
      vote: "up",
      at,
    });
    await store.feedback.record({
      question: "What share of GDP?",
      citation,
      userId: "u2",
      guildId: "g1",
      vote: "down",
      at,
    });
    await store.feedback.record({
      question: "What is Dongbei's unemployment rate?",
      citation: null,
      userId: "u3",
      guildId: null,
      vote: "down",
      at,
    });
  } finally {
    await store.close();
  }
}

describe("npm run db:backup", () => {
  it("copies every row while the bot holds the database open", async () => {
    const dir = tempDir();
    const database = join(dir, "data", "bot.sqlite");
    await seed(database);
    // The bot keeps its connection (and WAL) open during a backup; the copy must still be whole.
    const live = openStore(database);
    try {
      await live.scores.addResult({
        guildId: "g1",
        channelId: "c9",
        userId: "late",
        points: 5,
        correct: true,
        at,
      });
      const backup = join(dir, "backup.sqlite");
      const result = runScript("src/cli/dbBackup.ts", [backup], { env: { DATABASE_PATH: database } });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^db:backup: wrote .*backup\.sqlite \(\d+ pages, \d+ bytes\)/);
      const copied = dump(backup);
      expect(copied).toEqual(dump(database));
      // 40 answers cover all 7 users x 3 channels, plus the late one written during the backup.
      expect(copied.scores).toHaveLength(22);
      // The backup opens as a store of its own.
      const restored = openStore(backup);
      expect((await restored.scores.stats("g1", "late")).points).toBe(5);
      await restored.close();

      const again = runScript("src/cli/dbBackup.ts", [backup], { env: { DATABASE_PATH: database } });
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/already exists; choose a new file or pass --force/);
      const forced = runScript("src/cli/dbBackup.ts", [backup, "--force"], {
        env: { DATABASE_PATH: database },
      });
      expect(forced.status).toBe(0);
    } finally {
      await live.close();
    }
  });

  it("fails clearly without a file, without a database or with an unwritable folder", () => {
    const dir = tempDir();
    const missingArg = runScript("src/cli/dbBackup.ts", [], {
      env: { DATABASE_PATH: join(dir, "x.sqlite") },
    });
    expect(missingArg.status).toBe(2);
    expect(missingArg.stderr).toMatch(/missing the backup file\nusage: npm run db:backup -- <file>/);

    const noDb = runScript("src/cli/dbBackup.ts", [join(dir, "b.sqlite")], {
      env: { DATABASE_PATH: join(dir, "absent.sqlite") },
    });
    expect(noDb.status).toBe(1);
    expect(noDb.stderr).toBe(`db:backup: no database at ${join(dir, "absent.sqlite")}\n`);

    const database = join(dir, "bot.sqlite");
    void openStore(database).close();
    // Root ignores folder permissions, so this case only means something for other users.
    if (process.getuid?.() !== 0) {
      const locked = join(dir, "locked");
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      const unwritable = runScript("src/cli/dbBackup.ts", [join(locked, "b.sqlite")], {
        env: { DATABASE_PATH: database },
      });
      chmodSync(locked, 0o700);
      expect(unwritable.status).toBe(1);
      expect(unwritable.stderr).toMatch(/cannot write to the folder .*locked: missing or not writable/);
    }
    const noFolder = runScript("src/cli/dbBackup.ts", [join(dir, "nowhere", "b.sqlite")], {
      env: { DATABASE_PATH: database },
    });
    expect(noFolder.status).toBe(1);
    expect(noFolder.stderr).toMatch(/cannot write to the folder .*nowhere/);
    expect(noFolder.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("npm run feedback:export", () => {
  it("writes stored feedback as eval questions, one JSON object per line", async () => {
    const dir = tempDir();
    const database = join(dir, "bot.sqlite");
    await seed(database);
    const result = runScript("src/cli/feedbackExport.ts", [], { env: { DATABASE_PATH: database } });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("feedback:export: 3 of 3 votes\n");
    const lines = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      {
        id: "feedback-1",
        kind: "feedback",
        q: "What share of GDP?",
        expect: "answer",
        must_quote_any: [],
        vote: "up",
        citation: { briefing: "china-rust-belt", hash: "0123456789ab", paragraph: 4, sentence: 2 },
      },
      expect.objectContaining({ id: "feedback-2", expect: "decline", vote: "down" }),
      expect.objectContaining({ id: "feedback-3", expect: "answer", vote: "down", citation: null }),
    ]);

    const downOnly = runScript("src/cli/feedbackExport.ts", ["--vote", "down"], {
      env: { DATABASE_PATH: database },
    });
    expect(downOnly.stdout.trimEnd().split("\n")).toHaveLength(2);
  });

  it("refuses a missing database instead of creating an empty one", () => {
    const dir = tempDir();
    const result = runScript("src/cli/feedbackExport.ts", [], {
      env: { DATABASE_PATH: join(dir, "typo.sqlite") },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`feedback:export: no database at ${join(dir, "typo.sqlite")}\n`);
    expect(existsSync(join(dir, "typo.sqlite"))).toBe(false);
  });
});

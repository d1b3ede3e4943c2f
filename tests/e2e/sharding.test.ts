/**
 * `npm start` as a shard manager (discord.js's ShardingManager) against a fake Discord serving 4
 * shards: SHARD_COUNT=auto reads the fake's recommended count, SHARDS_PER_PROCESS=2 makes two shard
 * processes, each serving only its shards' servers, on one SQLite file (one machine). SIGTERM to
 * the manager reaches every shard process; each finishes in-flight interactions and exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { isAlive, type BotProcess } from "./botProcess.js";
import { sentPayloadProblems } from "./checks.js";
import { startFakeDiscord, type FakeDiscord } from "./fakeDiscord.js";
import {
  askOnEveryShard,
  shardProcesses,
  spawnShardManager,
  SHARDED_START_MS,
  type ShardProcess,
} from "./shardedBot.js";
import { snowflakeOnShard } from "./snowflake.js";
import { makeUser } from "./world.js";

const SHARDS = 4;
/** After SIGTERM, the manager and its shard processes must be gone within this. */
const EXIT_MS = 30_000;
/** Each reply's REST call is held this long, so that SIGTERM lands while replies are in flight. */
const SLOW_CALLBACK_MS = 2_000;
/** When the shard processes are checked to be still finishing those replies. */
const STILL_FINISHING_MS = 1_000;

describe("sharded npm start: one manager, two shard processes of two shards each", () => {
  let fake: FakeDiscord;
  let manager: BotProcess;
  let processes: ShardProcess[];

  beforeAll(async () => {
    // Two servers per shard; max_concurrency 16, so no shard waits to identify.
    const guilds = Array.from({ length: SHARDS * 2 }, (_, index) => ({
      id: snowflakeOnShard(index % SHARDS, SHARDS),
    }));
    fake = await startFakeDiscord({ guilds, recommendedShards: SHARDS, maxConcurrency: 16 });
    manager = spawnShardManager(fake, { SHARD_COUNT: "auto", SHARDS_PER_PROCESS: "2" });
    await fake.waitForShards([0, 1, 2, 3], SHARDED_START_MS);
    processes = shardProcesses(manager);
  }, SHARDED_START_MS + 10_000);

  afterAll(async () => {
    await manager.stop("SIGKILL", 0);
    for (const { pid } of processes) if (isAlive(pid)) process.kill(pid, "SIGKILL");
    await fake.close();
  });

  it("runs each group of shards in its own process, started by the manager", () => {
    expect(processes.map((shardProcess) => shardProcess.shards)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(new Set(processes.map((shardProcess) => shardProcess.pid)).size).toBe(2);
    expect(processes.map((shardProcess) => shardProcess.pid)).not.toContain(manager.child.pid);
  });

  it("answers /ask on every shard", async () => {
    const answers = await askOnEveryShard(fake, [0, 1, 2, 3], SHARDS);
    for (let shard = 0; shard < SHARDS; shard++)
      expect(answers[shard], `shard ${shard}`).toContain("7 percent");
  });

  it(
    "stops every shard process on SIGTERM, after the interactions in flight, and exits 0",
    async () => {
      fake.delayResponses("interaction-callback", SLOW_CALLBACK_MS);
      const inFlight = fake.guilds.map((guild, index) =>
        fake.injectInteraction(
          fake.slash(
            "ask",
            { options: { question: "How many people live in Dongbei?" } },
            { guild, user: makeUser(`late-${index}`) },
          ),
        ),
      );
      // Wait until every reply is on its way (the fake holds its answer), then stop.
      await fake.waitFor(
        () =>
          inFlight.every((sent) => fake.callbacks.some((callback) => callback.interaction.id === sent.id)),
        10_000,
        "every reply to be sent",
      );
      const stopped = manager.stop("SIGTERM", EXIT_MS);
      // A second later the replies are still held: the shard processes must still be waiting for them.
      await new Promise((resolve) => setTimeout(resolve, STILL_FINISHING_MS));
      for (const { pid } of processes) expect(isAlive(pid), `shard process ${pid} while replying`).toBe(true);
      const exit = await stopped;
      const stderr = manager.stderr();
      expect(exit.exitedOnItsOwn, stderr).toBe(true);
      expect(exit.code, stderr).toBe(0);
      for (const { pid } of processes) expect(isAlive(pid), `shard process ${pid}`).toBe(false);
      await fake.waitForGatewayClosed();
      // No process logged an error, none was restarted, and each said it stopped for SIGTERM.
      expect(stderr).not.toMatch(/"level":5\d/);
      expect(stderr).not.toMatch(/died; restarting/);
      expect(sentPayloadProblems(fake)).toEqual([]);
    },
    EXIT_MS + 10_000,
  );
});

describe("a shard process whose manager is gone", () => {
  it(
    "stops on its own instead of running unsupervised",
    async () => {
      const fake = await startFakeDiscord({ recommendedShards: 1 });
      const manager = spawnShardManager(fake, { SHARDS_PER_PROCESS: "1" });
      let orphans: ShardProcess[] = [];
      try {
        await fake.waitForShards([0], SHARDED_START_MS);
        orphans = shardProcesses(manager);
        expect(orphans).toHaveLength(1);
        await manager.stop("SIGKILL", 0);
        await fake.waitFor(
          () => orphans.every(({ pid }) => !isAlive(pid)),
          EXIT_MS,
          "the shard process to stop after its manager died",
        );
        await fake.waitForGatewayClosed();
      } finally {
        for (const { pid } of orphans) if (isAlive(pid)) process.kill(pid, "SIGKILL");
        await manager.stop("SIGKILL", 0);
        await fake.close();
      }
    },
    SHARDED_START_MS + EXIT_MS,
  );
});

describe("a shard manager that cannot start", () => {
  it(
    "exits 1 with one line when Discord refuses the token",
    async () => {
      const fake = await startFakeDiscord({ rejectTokens: ["e2e-token"] });
      const manager = spawnShardManager(fake, { SHARDS_PER_PROCESS: "2" });
      try {
        const exited = await new Promise<number | null>((resolve) => manager.child.once("exit", resolve));
        expect(exited).toBe(1);
        expect(manager.stderr()).toBe(
          "briefbot: could not start the shard processes: GET /gateway/bot answered 401 Unauthorized\n",
        );
        expect(fake.gatewayConnections).toBe(0);
      } finally {
        await manager.stop("SIGKILL", 0);
        await fake.close();
      }
    },
    SHARDED_START_MS,
  );
});

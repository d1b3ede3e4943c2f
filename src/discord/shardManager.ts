/**
 * The shard manager: with SHARDS_PER_PROCESS or SHARD_IDS, `npm start` runs this instead of the
 * bot. It asks Discord (or DISCORD_API_URL) for the shard count when SHARD_COUNT is auto, splits
 * this machine's shards into groups of SHARDS_PER_PROCESS, and runs one shard process per group
 * with discord.js's own ShardingManager, which restarts a process that dies. SIGTERM (or SIGINT)
 * reaches every shard process; each finishes its in-flight interactions and exits 0, then so does
 * the manager.
 *
 * discord.js's ShardingManager runs one Shard per process and gives it one shard id. Here each of
 * its "shards" is a process slot: the manager is told there are as many shards as processes, and
 * each slot's environment names its real shard ids (SHARDS) and the real total (SHARD_COUNT),
 * which the discord.js Client in the shard process reads.
 */
import { ChildProcess } from "node:child_process";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";

import { ShardingManager, type Shard } from "discord.js";
import { z } from "zod";

import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { machineShardIds, shardGroups, spawnDelayMs, type ShardLayout } from "../sharding/layout.js";

/**
 * How long a shard process may take to log in and become ready. discord.js waits up to 15 s for
 * guilds that stay unavailable, and a fresh process first transpiles or loads the knowledge base;
 * 60 s is twice that worst case, on a busy machine.
 */
export const SHARD_READY_TIMEOUT_MS = 60_000;
/**
 * How long shard processes get to finish in-flight interactions after SIGTERM before they are
 * killed. An interaction is acknowledged within 3 s and finished within a few more; a due-check or
 * quiz step in flight is a few database round trips.
 */
export const SHUTDOWN_GRACE_MS = 20_000;

const gatewayBotSchema = z.object({
  shards: z.number().int().min(1),
  session_start_limit: z.object({ max_concurrency: z.number().int().min(1) }),
});

export interface GatewayBot {
  /** Discord's recommended shard count. */
  readonly shards: number;
  /** How many shards may identify at once (one per bucket, shard id % this). */
  readonly maxConcurrency: number;
}

/** GET /gateway/bot from DISCORD_API_URL: the recommended shard count and identify concurrency. */
export async function fetchGatewayBot(apiUrl: string, token: string): Promise<GatewayBot> {
  const response = await fetch(`${apiUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${token}` } });
  if (!response.ok) throw new Error(`GET /gateway/bot answered ${response.status} ${response.statusText}`);
  const parsed = gatewayBotSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error("GET /gateway/bot answered without a shard count");
  return { shards: parsed.data.shards, maxConcurrency: parsed.data.session_start_limit.max_concurrency };
}

/** The shard process entry, next to this module's folder, as .ts (tsx) or .js (npm start, build). */
const shardEntry = () =>
  fileURLToPath(new URL(`../shardProcess${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

export interface ShardManager {
  /** Fetches the shard count if needed and spawns every shard process; rejects if one cannot start. */
  start(): Promise<void>;
  /** Stops every shard process (SIGTERM, then SIGKILL after the grace); resolves with the exit code to use. */
  stop(): Promise<number>;
}

type ShardedLayout = Extract<ShardLayout, { kind: "sharded" }>;

export function createShardManager(
  config: Config,
  layout: ShardedLayout,
  logger: Logger,
  entryFile: string = shardEntry(),
): ShardManager {
  const token = config.discordToken;
  if (token === undefined) throw new Error("DISCORD_TOKEN is not set");
  const log = logger.child({ component: "shard-manager" });
  let manager: ShardingManager | undefined;
  let stopping: Promise<number> | undefined;
  /** Processes that exited with a code other than 0 (or a signal) while stopping. */
  let unclean = 0;

  const describe = (shard: Shard, groups: readonly number[][]) =>
    `shard process ${shard.id} (shards ${(groups[shard.id] ?? []).join(",")})`;

  function watch(shard: Shard, groups: readonly number[][], total: number): void {
    const group = groups[shard.id] ?? [];
    // The slot's environment: its real shard ids and the real total, for the discord.js Client.
    const env = shard.env as Record<string, string | undefined>;
    env.SHARDS = JSON.stringify(group);
    env.SHARD_COUNT = String(total);
    // A shard process is one process: it must not read these and start a manager of its own.
    delete env.SHARDS_PER_PROCESS;
    delete env.SHARD_IDS;
    // Always child processes: the manager runs in "process" mode, never worker threads.
    shard.on("spawn", (child) => {
      if (!(child instanceof ChildProcess)) return;
      log.info({ shards: group, pid: child.pid }, `${describe(shard, groups)} started`);
      // Spawned while stopping (a restart racing the signal): it stops straight away too.
      if (stopping !== undefined) child.kill("SIGTERM");
    });
    shard.on("death", (child) => {
      if (!(child instanceof ChildProcess)) return;
      const exit = { code: child.exitCode, signal: child.signalCode, shards: group };
      if (stopping !== undefined) {
        if (child.exitCode !== 0) unclean++;
        log.info(exit, `${describe(shard, groups)} stopped`);
      } else {
        log.warn(exit, `${describe(shard, groups)} died; restarting it`);
      }
    });
    shard.on("error", (err: unknown) => {
      log.error({ err, shards: group }, `${describe(shard, groups)} could not be restarted`);
    });
  }

  return {
    async start() {
      // Asked even for a fixed count: its identify concurrency says whether processes may start together.
      const gateway = await fetchGatewayBot(config.discordApiUrl, token);
      const total = layout.shardCount === "auto" ? gateway.shards : layout.shardCount;
      const ids = machineShardIds(layout.shardIds, total);
      const groups = shardGroups(ids, layout.shardsPerProcess);
      log.info({ shardCount: total, shards: ids, processes: groups.length }, "starting shard processes");
      const spawned = new ShardingManager(entryFile, {
        totalShards: groups.length,
        shardList: groups.map((_, slot) => slot),
        mode: "process",
        respawn: true,
        // The same Node flags as this process (npm start's heap limits, or tsx's loader).
        execArgv: process.execArgv,
        token,
      });
      manager = spawned;
      spawned.on("shardCreate", (shard) => {
        watch(shard, groups, total);
      });
      try {
        await spawned.spawn({
          amount: groups.length,
          delay: spawnDelayMs(gateway.maxConcurrency, ids),
          timeout: SHARD_READY_TIMEOUT_MS,
        });
      } catch (error) {
        if (stopping === undefined) throw error;
      }
      if (stopping === undefined) log.info({ processes: groups.length }, "every shard process is ready");
    },

    stop() {
      stopping ??= (async () => {
        const running = manager;
        if (running === undefined) return 0;
        running.respawn = false;
        const alive = [...running.shards.values()].filter((shard) => shard.process !== null);
        const deaths = alive.map(
          (shard) =>
            new Promise<void>((resolve) => {
              shard.once("death", () => {
                resolve();
              });
            }),
        );
        for (const shard of alive) shard.process?.kill("SIGTERM");
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          Promise.all(deaths).then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => {
              resolve(true);
            }, SHUTDOWN_GRACE_MS);
          }),
        ]);
        clearTimeout(timer);
        if (timedOut) {
          log.error({ graceMs: SHUTDOWN_GRACE_MS }, "shard processes did not stop in time; killing them");
          for (const shard of alive) shard.process?.kill("SIGKILL");
          await Promise.all(deaths);
          return 1;
        }
        return unclean === 0 ? 0 : 1;
      })();
      return stopping;
    },
  };
}

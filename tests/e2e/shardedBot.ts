/**
 * A sharded briefbot against the fake Discord: `npm start` with SHARDS_PER_PROCESS (or SHARD_IDS)
 * runs the shard manager, which spawns shard processes. These helpers start one, wait for its
 * shards, find its shard processes (with the shard ids each serves) and ask about them.
 */
import { blockQuotes, messageTexts } from "./briefingText.js";
import { childPids, processEnv, spawnBot, type BotProcess } from "./botProcess.js";
import type { FakeDiscord } from "./fakeDiscord.js";
import { makeUser } from "./world.js";

/** A manager starts its processes one after another, each loading the knowledge base: generous for CI. */
export const SHARDED_START_MS = 90_000;

export interface ShardProcess {
  readonly pid: number;
  readonly shards: readonly number[];
}

/** Starts `npm start` as a shard manager with `env` (SHARD_COUNT, SHARDS_PER_PROCESS, SHARD_IDS...). */
export function spawnShardManager(fake: FakeDiscord, env: Readonly<Record<string, string>>): BotProcess {
  return spawnBot(fake, "briefbot", [], { kind: "start" }, env);
}

/** The manager's shard processes, each with the shard ids in its environment, by first shard id. */
export function shardProcesses(manager: BotProcess): ShardProcess[] {
  return childPids(manager.child.pid ?? 0)
    .map((pid) => {
      const shards = processEnv(pid, "SHARDS");
      return { pid, shards: shards === undefined ? [] : (JSON.parse(shards) as number[]) };
    })
    .filter((shardProcess) => shardProcess.shards.length > 0)
    .sort((a, b) => (a.shards[0] ?? 0) - (b.shards[0] ?? 0));
}

/** Asks /ask on every listed shard (a server of each) and returns, per shard, the cited quote or a problem. */
export async function askOnEveryShard(
  fake: FakeDiscord,
  shards: readonly number[],
  shardCount: number,
): Promise<Record<number, string>> {
  const answers: Record<number, string> = {};
  await Promise.all(
    shards.map(async (shard) => {
      const guild = fake.guildsOn([shard, shardCount])[0];
      if (guild === undefined) {
        answers[shard] = "no server on this shard";
        return;
      }
      const sent = fake.injectInteraction(
        fake.slash(
          "ask",
          { options: { question: "What share of GDP does Dongbei contribute?" } },
          { guild, user: makeUser(`asker-${shard}`) },
        ),
      );
      const callback = await fake.callbackFor(sent, SHARDED_START_MS);
      const quote = messageTexts(callback.data ?? {}).flatMap((text) => blockQuotes(text))[0];
      answers[shard] = quote?.text ?? "no quote";
    }),
  );
  return answers;
}

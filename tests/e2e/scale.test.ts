/**
 * Two machines' worth of briefbot on one PostgreSQL database: a fake Discord serving 4 shards and
 * two shard managers (`npm start` with SHARD_COUNT=4 SHARDS_PER_PROCESS=2 and SHARD_IDS=0-1 or
 * 2-3), so two bot processes of two shards each.
 * - 200 servers with a daily post due in the same minute each get exactly one post, none twice,
 *   although one bot process is killed with SIGKILL while posting and its manager restarts it;
 * - a quiz answered by 50 players whose clicks arrive at both processes (some twice, once at each)
 *   counts every answer once, and the leaderboard adds up;
 * - /ask is answered on every shard; SIGTERM stops both managers and their processes with code 0.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { localDateOf } from "../../src/daily/localTime.js";
import { connectStore, type Store } from "../../src/store/index.js";
import { pgTypes } from "../../src/store/postgres/pool.js";
import { freshDatabase, closeAdminPool, postgresSkipNote, TEST_DATABASE_URL } from "../helpers/postgres.js";
import { isAlive, type BotProcess } from "./botProcess.js";
import { sentPayloadProblems } from "./checks.js";
import { startFakeDiscord, type FakeDiscord, type InjectedInteraction } from "./fakeDiscord.js";
import { askOnEveryShard, shardProcesses, spawnShardManager, SHARDED_START_MS } from "./shardedBot.js";
import { snowflakeOnShard } from "./snowflake.js";
import { makeUser, type FakeGuild, type Json } from "./world.js";

const SHARDS = 4;
const SERVERS = 200;
const PLAYERS = 50;
/** Players who click twice, once at each process. */
const DOUBLE_CLICKERS = 10;
/** The daily posts fall due this long after they are saved: every process is up by then. */
const DUE_IN_MS = 2_000;
/**
 * Each post's REST answer is held this long, so a process's 100 posts take seconds (4 at a time)
 * and the SIGKILL lands while some are sent but not yet marked sent.
 */
const POST_RESPONSE_MS = 150;
/** Posts of the killed process's servers already made when it is killed. */
const KILL_AFTER_POSTS = 10;
/** Claimed posts wait for their 30 s send lease to run out before the restarted process retries them. */
const ALL_POSTS_MS = 90_000;
const QUIZ_SECONDS = 20;

type Embed = { title?: string; description?: string };
type Row = { components: { custom_id?: string; label?: string }[] };
const embedOf = (message: Json | undefined) => ((message?.embeds ?? []) as Embed[])[0] ?? {};
const buttonsOf = (message: Json) => ((message.components ?? []) as Row[]).flatMap((row) => row.components);

/** Polls an async condition (a database read) every 50 ms until it holds; fails after `timeoutMs`. */
async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A zone where it is not close to midnight, so the posts' local date cannot change during the test. */
function zoneAwayFromMidnight(now: Date): string {
  for (const zone of ["UTC", "Asia/Tokyo", "America/New_York", "Asia/Kolkata"]) {
    const hour = Number(
      new Intl.DateTimeFormat("en-GB", { hour: "2-digit", hourCycle: "h23", timeZone: zone }).format(now),
    );
    if (hour >= 1 && hour <= 22) return zone;
  }
  return "UTC";
}

function localHhMm(at: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: zone,
  }).format(at);
}

describe.skipIf(TEST_DATABASE_URL === undefined)(
  `two machines, four shards, one PostgreSQL database${postgresSkipNote}`,
  () => {
    let fake: FakeDiscord;
    let database: { url: string; drop: () => Promise<void> };
    let store: Store;
    let sql: pg.Client;
    let machineA: BotProcess;
    let machineB: BotProcess;
    let quizGuild: FakeGuild;
    const pidsSeen = new Set<number>();

    const generalOf = (guild: FakeGuild) => guild.channels[0]?.id ?? "";
    const postsIn = (channelId: string) =>
      fake.messages.filter((entry) => entry.source === "channel-post" && entry.channelId === channelId);
    const dailyGuilds = () => fake.guilds.slice(0, SERVERS);

    beforeAll(async () => {
      database = await freshDatabase();
      const guilds = Array.from({ length: SERVERS }, (_, index) => ({
        id: snowflakeOnShard(index % SHARDS, SHARDS),
        channels: index === 2 ? [{ name: "general" }, { name: "quiz" }] : [{ name: "general" }],
      }));
      fake = await startFakeDiscord({ guilds, recommendedShards: SHARDS, maxConcurrency: 16 });
      const quiz = fake.guilds[2];
      if (quiz === undefined) throw new Error("no quiz server");
      quizGuild = quiz;
      const common = { DATABASE_URL: database.url, SHARD_COUNT: String(SHARDS), SHARDS_PER_PROCESS: "2" };
      machineA = spawnShardManager(fake, { ...common, SHARD_IDS: "0-1" });
      machineB = spawnShardManager(fake, { ...common, SHARD_IDS: "2-3" });
      await fake.waitForShards([0, 1, 2, 3], SHARDED_START_MS);
      for (const shardProcess of [...shardProcesses(machineA), ...shardProcesses(machineB)]) {
        pidsSeen.add(shardProcess.pid);
      }
      store = await connectStore({ dialect: "postgres", url: database.url });
      sql = new pg.Client({ connectionString: database.url, types: pgTypes });
      await sql.connect();
    }, SHARDED_START_MS + 30_000);

    afterAll(async () => {
      for (const manager of [machineA, machineB]) await manager.stop("SIGKILL", 0);
      for (const pid of pidsSeen) if (isAlive(pid)) process.kill(pid, "SIGKILL");
      await sql.end();
      await store.close();
      await fake.close();
      await database.drop();
      await closeAdminPool();
    }, 30_000);

    it("runs one process of two shards per machine, each on its own shards", () => {
      expect(shardProcesses(machineA).map((shardProcess) => shardProcess.shards)).toEqual([[0, 1]]);
      expect(shardProcesses(machineB).map((shardProcess) => shardProcess.shards)).toEqual([[2, 3]]);
    });

    it(
      "keeps posting when a process is killed mid-run: the manager restarts it",
      async () => {
        fake.delayResponses("channel-message-post", POST_RESPONSE_MS);
        const now = new Date();
        const zone = zoneAwayFromMidnight(now);
        const due = new Date(now.getTime() + DUE_IN_MS);
        for (const guild of dailyGuilds()) {
          await store.daily.saveSettings(
            {
              guildId: guild.id,
              channelId: generalOf(guild),
              localTime: localHhMm(due, zone),
              timeZone: zone,
              roleId: null,
              next: { at: due, localDate: localDateOf(due, zone) },
            },
            now,
          );
        }
        const aGuilds = dailyGuilds().filter(
          (guild) => fake.guildsOn([0, SHARDS]).includes(guild) || fake.guildsOn([1, SHARDS]).includes(guild),
        );
        const postedForA = () => aGuilds.filter((guild) => postsIn(generalOf(guild)).length > 0).length;
        await fake.waitFor(
          () => postedForA() >= KILL_AFTER_POSTS,
          30_000,
          `${KILL_AFTER_POSTS} posts of machine A`,
        );
        const [victim] = shardProcesses(machineA);
        if (victim === undefined) throw new Error("machine A has no shard process");
        process.kill(victim.pid, "SIGKILL");
        const postedAtKill = postedForA();
        process.stdout.write(
          `scale e2e: machine A killed after ${postedAtKill} of its ${aGuilds.length} posts\n`,
        );
        // Killed mid-run: some of its servers were posted, not all.
        expect(postedAtKill).toBeGreaterThanOrEqual(KILL_AFTER_POSTS);
        expect(postedAtKill).toBeLessThan(aGuilds.length);

        await fake.waitFor(
          () => {
            const [restarted] = shardProcesses(machineA);
            return (
              restarted !== undefined && restarted.pid !== victim.pid && fake.readyShards.join() === "0,1,2,3"
            );
          },
          SHARDED_START_MS,
          "machine A's shard process to be restarted and ready",
        );
        for (const shardProcess of shardProcesses(machineA)) pidsSeen.add(shardProcess.pid);
        expect(machineA.stderr()).toMatch(/shard process 0 \(shards 0,1\) died; restarting it/);
      },
      SHARDED_START_MS + 60_000,
    );

    it(
      "counts each of 50 players' answers once when their clicks arrive at both processes",
      async () => {
        const channel = quizGuild.channels[1];
        if (channel === undefined) throw new Error("no quiz channel");
        // The quiz server is the third one, so on shard 2 (machine B), which runs the game's timers.
        const ownerShard = 2;
        const otherShard = 0;
        const starter = makeUser("quizmaster");
        const start = fake.injectInteraction(
          fake.slash(
            "quiz",
            { subcommand: "start", options: { questions: 1, seconds: QUIZ_SECONDS } },
            { guild: quizGuild, channel, user: starter },
          ),
        );
        await fake.callbackFor(start, 10_000);
        const question = await fake.waitFor(
          () =>
            postsIn(channel.id).find((entry) =>
              buttonsOf(entry.message).some((b) => b.custom_id?.startsWith("quiz:")),
            ),
          10_000,
          "the question",
        );
        // Answers count once the bot has the question's message id and opened the round.
        await until(
          async () => (await sql.query("SELECT 1 FROM quiz_rounds WHERE status = 'open'")).rowCount === 1,
          10_000,
          "the round to open",
        );
        const choices = buttonsOf(question.message).filter((button) => button.custom_id?.startsWith("quiz:"));
        const players = Array.from({ length: PLAYERS }, (_, index) => makeUser(`player${index}`));
        const clicks: InjectedInteraction[] = [];
        players.forEach((user, index) => {
          const choice = choices[index % choices.length]?.custom_id ?? "";
          const press = () => fake.button(choice, question.message, { guild: quizGuild, channel, user });
          // Half the players' clicks arrive at the process that runs the quiz, half at the other one.
          const first = index % 2 === 0 ? ownerShard : otherShard;
          clicks.push(fake.injectInteraction(press(), { shard: first }));
          if (index < DOUBLE_CLICKERS) {
            clicks.push(
              fake.injectInteraction(press(), { shard: first === ownerShard ? otherShard : ownerShard }),
            );
          }
        });
        const replies = await Promise.all(clicks.map((click) => fake.callbackFor(click, 15_000)));
        const texts = replies.map((reply) => JSON.stringify(reply.data));
        expect(texts.filter((text) => text.includes("Locked in"))).toHaveLength(PLAYERS);
        expect(texts.filter((text) => text.includes("already answered"))).toHaveLength(DOUBLE_CLICKERS);

        const standings = await fake.waitFor(
          () =>
            postsIn(channel.id).find(
              (entry) => embedOf(entry.message).title === "Quiz over: final standings",
            ),
          (QUIZ_SECONDS + 30) * 1000,
          "the final standings",
        );
        // One process ran the game's timers: one reveal, one standings post.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(
          postsIn(channel.id).filter(
            (entry) => embedOf(entry.message).title === "Quiz over: final standings",
          ),
        ).toHaveLength(1);
        const reveal = fake.message(question.message.id as string);
        expect(embedOf(reveal).description).toContain(`${PLAYERS} answered`);

        const answers = await sql.query<{ user_id: string; points: number }>(
          "SELECT user_id, base_points + speed_points + streak_points AS points FROM quiz_answers",
        );
        expect(new Set(answers.rows.map((row) => row.user_id)).size).toBe(PLAYERS);
        expect(answers.rows).toHaveLength(PLAYERS);
        const total = answers.rows.reduce((sum, row) => sum + row.points, 0);
        const board = await store.scores.leaderboard(quizGuild.id, {
          scope: "channel",
          channelId: channel.id,
          sort: "points",
          limit: 100,
        });
        expect(board).toHaveLength(PLAYERS);
        expect(board.reduce((sum, row) => sum + row.points, 0)).toBe(total);
        expect(board.every((row) => row.answered === 1 && row.gamesPlayed === 1)).toBe(true);
        expect(embedOf(standings.message).description).toContain(`${board[0]?.points ?? -1} points`);
      },
      (QUIZ_SECONDS + 60) * 1000,
    );

    it("answers /ask on every shard", async () => {
      const answers = await askOnEveryShard(fake, [0, 1, 2, 3], SHARDS);
      for (let shard = 0; shard < SHARDS; shard++)
        expect(answers[shard], `shard ${shard}`).toContain("7 percent");
    });

    it(
      "posts every server's daily fact exactly once, none twice",
      async () => {
        await fake.waitFor(
          () => dailyGuilds().every((guild) => postsIn(generalOf(guild)).length > 0),
          ALL_POSTS_MS,
          "a daily post in every server",
        );
        // Give a duplicate, if any were coming, the time to arrive.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        const counts = dailyGuilds().map((guild) => postsIn(generalOf(guild)).length);
        expect(counts.filter((count) => count !== 1)).toEqual([]);
        const rows = await sql.query<{
          guild_id: string;
          status: string;
          message_id: string;
          attempts: number;
        }>("SELECT guild_id, status, message_id, attempts FROM daily_posts");
        expect(rows.rows).toHaveLength(SERVERS);
        expect(rows.rows.filter((row) => row.status !== "sent")).toEqual([]);
        for (const guild of dailyGuilds()) {
          const row = rows.rows.find((candidate) => candidate.guild_id === guild.id);
          expect(row?.message_id).toBe(postsIn(generalOf(guild))[0]?.message.id);
        }
        // The killed process's claimed posts were sent by its successor, on a second attempt.
        const retried = rows.rows.filter((row) => row.attempts >= 2).length;
        expect(retried).toBeGreaterThan(0);
        process.stdout.write(
          `scale e2e: ${SERVERS} posts, ${retried} sent by the restarted process on a 2nd attempt, ` +
            `${fake.nonceReplays} answered by Discord's nonce check instead of posting twice\n`,
        );
      },
      ALL_POSTS_MS + 10_000,
    );

    it("stops both machines on SIGTERM: every process exits 0", async () => {
      const exits = await Promise.all([machineA.stop("SIGTERM", 30_000), machineB.stop("SIGTERM", 30_000)]);
      for (const [index, exit] of exits.entries()) {
        const stderr = (index === 0 ? machineA : machineB).stderr();
        expect(exit.exitedOnItsOwn, stderr).toBe(true);
        expect(exit.code, stderr).toBe(0);
        expect(stderr).not.toMatch(/"level":5\d/);
      }
      for (const pid of pidsSeen) expect(isAlive(pid), `process ${pid}`).toBe(false);
      await fake.waitForGatewayClosed();
      expect(sentPayloadProblems(fake)).toEqual([]);
    }, 40_000);
  },
);

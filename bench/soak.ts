/**
 * `npm run bench -- soak -- --minutes N` (default 30): a long day over the fake Discord. The real
 * bot runs in its own process (as `npm start` runs it) while this one sends mixed traffic: /ask
 * from many members, autocomplete, feedback buttons, quizzes in 20 channels, and a daily post due
 * in every one of 500 servers, spread over the run's minutes. Faults from the fault tests are
 * injected at random: the gateway's five, a storm of 500s on channel messages, a global 429, and
 * another process holding the database's write lock. It prints interactions sent and answered,
 * posts due and sent, RSS and open file descriptors at start, after warm-up and at the end.
 * tests/e2e/soak.test.ts runs a 2-minute version.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

import { spawnBot } from "../tests/e2e/botProcess.js";
import { askFrom, dailySet, failWhile, sleep } from "../tests/e2e/faults.js";
import { KEEP_ALIVE_MS, startFakeDiscord, type InjectedInteraction } from "../tests/e2e/fakeDiscord.js";
import { GATEWAY_FAULTS } from "../tests/e2e/gateway.js";
import { makeUser, type Json } from "../tests/e2e/world.js";
import { holdWriteLock } from "../tests/helpers/lockHolder.js";
import { printTable } from "./stats.js";

export interface SoakOptions {
  readonly minutes: number;
  readonly servers?: number;
  /** Progress lines (one per fault and per minute); quiet by default. */
  readonly log?: (line: string) => void;
}

export interface SoakReport {
  readonly minutes: number;
  readonly sent: number;
  readonly answered: number;
  /** Answered within Discord's 3 s (the rest were late: after a fault's outage). */
  readonly onTime: number;
  readonly lost: number;
  readonly postsDue: number;
  readonly postsSent: number;
  readonly duplicatePosts: number;
  readonly faults: Readonly<Record<string, number>>;
  readonly rssMb: { readonly start: number; readonly warm: number; readonly end: number };
  /** Descriptors other than sockets: the database, its WAL, pipes, event loops. */
  readonly fds: { readonly start: number; readonly warm: number; readonly end: number };
  /**
   * Sockets (keep-alive HTTP connections to Discord and the gateway) at start, at their peak
   * sample, and after the traffic stopped and idle connections timed out.
   */
  readonly sockets: {
    readonly start: number;
    readonly peak: number;
    readonly idle: number;
    /** How long REST had been quiet when `idle` was sampled, and what it was still doing before. */
    readonly quietSeconds: number;
    readonly lastRoutes: readonly string[];
    /** The sockets left at the end, by kind (see socketKinds). */
    readonly idleKinds: string;
  };
  readonly botAlive: boolean;
}

/** A busy day compressed: 500 servers with a daily post each, quizzes in 20 channels. */
const SERVERS = 500;
const QUIZ_CHANNELS = 20;
/** One traffic tick: 10 a second, each sending an /ask with ASK_SHARE odds, and so on. */
const TICK_MS = 100;
const ASK_SHARE = 0.5;
const AUTOCOMPLETE_SHARE = 0.1;
const FEEDBACK_SHARE = 0.1;
/** A fault every 40 s on average (uniform 20–60 s): 45 faults in 30 minutes. */
const FAULT_MIN_MS = 20_000;
const FAULT_SPREAD_MS = 40_000;
const STORM_MS = 10_000;
const LOCK_MS = 5_000;
/** After the traffic stops, how long answers and posts may still arrive. */
const GRACE_MS = 30_000;
/** How far ahead the first daily post falls due: 500 /daily set take a few seconds, 40 s is ample. */
const SET_LEAD_MS = 40_000;
/** RSS and descriptors are compared from the end of warm-up: a quarter of the run, at most 5 min. */
const WARMUP_SHARE = 0.25;
const WARMUP_MAX_MS = 5 * 60_000;
const DISCORD_ACK_MS = 3_000;
/** Discord's heartbeat is 41.25 s; 5 s notices a zombie connection within about 10 s. */
const HEARTBEAT_MS = 5_000;

type FaultKind = (typeof GATEWAY_FAULTS)[number] | "rest-storm" | "global-429" | "store-lock";
const FAULTS: readonly FaultKind[] = [...GATEWAY_FAULTS, "rest-storm", "global-429", "store-lock"];

/** A daily post's nonce (src/daily/delivery.ts postNonce); quiz posts carry nonces of their own. */
const DAILY_NONCE = /^d[0-9a-f]{24}$/;

const rssMb = (bytes: number) => Math.round(bytes / 1024 / 1024);
/** A process's open descriptors, sockets apart: their count follows the HTTP pool's load. */
function descriptors(pid: number): { files: number; sockets: number } {
  let sockets = 0;
  let files = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed while listing
    }
    if (target.startsWith("socket:")) sockets++;
    else files++;
  }
  return { files, sockets };
}
/** TCP states as /proc/net/tcp numbers them. */
const TCP_STATES: Readonly<Record<string, string>> = {
  "01": "established",
  "06": "time-wait",
  "08": "close-wait",
  "09": "last-ack",
  "04": "fin-wait-1",
  "05": "fin-wait-2",
};

/**
 * What a process's sockets are: TCP ones by state and by the port they talk to (`rest` or
 * `other`), the rest by family. For the closing count, so a socket left behind says what it is.
 */
function socketKinds(pid: number, restPort: number): string {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1] !== undefined) inodes.add(match[1]);
    } catch {
      // closed while listing
    }
  }
  const counts = new Map<string, number>();
  const count = (kind: string) => counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const seen = new Set<string>();
  for (const table of ["tcp", "tcp6"]) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, "utf8").split("\n").slice(1)) {
      const columns = line.trim().split(/\s+/);
      const inode = columns[9];
      if (inode === undefined || !inodes.has(inode) || seen.has(inode)) continue;
      seen.add(inode);
      const port = Number.parseInt(columns[2]?.split(":")[1] ?? "0", 16);
      count(`${port === restPort ? "rest" : "other"} ${TCP_STATES[columns[3] ?? ""] ?? columns[3]}`);
    }
  }
  const others = inodes.size - seen.size;
  if (others > 0) counts.set("unix or other", others);
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(", ");
}

/**
 * A REST connection idle for the fake's keep-alive (it tells the client so, as Discord's edge
 * does) is closed; after that long without REST, and a few seconds more, the sockets left are the
 * gateway's and any that leaked.
 */
const IDLE_SOCKETS_MS = KEEP_ALIVE_MS + 5_000;
/** Quiz rounds still open when the traffic stops end within a minute (3 questions of 10 s, and reveals). */
const QUIET_WAIT_MAX_MS = IDLE_SOCKETS_MS + 60_000;
const hhmm = (at: Date) => at.toISOString().slice(11, 16);

function buttonsOf(message: Json | undefined): string[] {
  const rows = (message?.components ?? []) as { components?: { custom_id?: string }[] }[];
  return rows.flatMap((row) =>
    (row.components ?? []).flatMap((c) => (c.custom_id === undefined ? [] : [c.custom_id])),
  );
}
const titleOf = (message: Json) => ((message.embeds ?? []) as { title?: string }[])[0]?.title ?? "";

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const servers = options.servers ?? SERVERS;
  const runMs = options.minutes * 60_000;
  const fake = await startFakeDiscord({
    guilds: Array.from({ length: servers }, () => ({})),
    heartbeatIntervalMs: HEARTBEAT_MS,
    // Late answers are counted (onTime), not refused, so "lost" means never answered.
    ackDeadlineMs: Number.POSITIVE_INFINITY,
  });
  const bot = spawnBot(fake, "briefbot");
  const pid = bot.child.pid ?? 0;
  const sent: InjectedInteraction[] = [];
  const faults: Record<string, number> = {};
  const inject = (payload: Json) => {
    // While a session is gone (op 9) Discord has nowhere to deliver: nothing is sent.
    if (!fake.canInject) return undefined;
    const interaction = fake.injectInteraction(payload);
    sent.push(interaction);
    return interaction;
  };
  try {
    await fake.waitForReady(60_000);
    const startDescriptors = descriptors(pid);
    const start = { rss: bot.rssBytes(), fds: startDescriptors.files };
    let peakSockets = startDescriptors.sockets;

    // Every server's daily post falls due during the run, spread over its minutes.
    // The first due minute leaves the 500 /daily set time to land (a time already passed today
    // would be tomorrow's); the last leaves a minute of the run to deliver the posts.
    const first = Math.ceil((Date.now() + SET_LEAD_MS) / 60_000) * 60_000;
    const spread = Math.max(1, options.minutes - 2);
    for (const [index, guild] of fake.guilds.entries()) {
      inject(
        dailySet(fake, { time: hhmm(new Date(first + (index % spread) * 60_000)), timezone: "UTC", guild }),
      );
      if (index % 50 === 49) await sleep(200);
    }

    const began = performance.now();
    const warmAt = began + Math.min(WARMUP_MAX_MS, runMs * WARMUP_SHARE);
    let warm: { rss: number; fds: number } | undefined;
    let nextFault = began + FAULT_MIN_MS + Math.random() * FAULT_SPREAD_MS;
    let stormUntil = 0;
    let member = 0;
    const answersSeen = new Set<string>();
    const quizChannels = fake.guilds
      .slice(0, QUIZ_CHANNELS)
      .map((guild) => ({ guild, channel: guild.channels[0] }));
    let nextMinute = began + 60_000;
    failWhile(fake, "channel-message-post", { kind: "server-error" }, () => performance.now() < stormUntil);

    while (performance.now() - began < runMs) {
      const now = performance.now();
      const seen = descriptors(pid);
      peakSockets = Math.max(peakSockets, seen.sockets);
      if (warm === undefined && now >= warmAt) warm = { rss: bot.rssBytes(), fds: seen.files };
      if (now >= nextMinute) {
        nextMinute += 60_000;
        log(
          `soak: ${Math.round((now - began) / 60_000)} min, ${sent.length} sent, RSS ${rssMb(bot.rssBytes())} MB`,
        );
      }
      if (now >= nextFault) {
        nextFault = now + FAULT_MIN_MS + Math.random() * FAULT_SPREAD_MS;
        const fault = FAULTS[Math.floor(Math.random() * FAULTS.length)] ?? "drop";
        faults[fault] = (faults[fault] ?? 0) + 1;
        log(`soak: fault ${fault}`);
        if (fault === "rest-storm") stormUntil = now + STORM_MS;
        else if (fault === "global-429") {
          fake.failNext("interaction-callback", { kind: "rate-limit", retryAfterSeconds: 5, global: true });
        } else if (fault === "store-lock") {
          void holdWriteLock(join(bot.dir, "briefbot.sqlite"), LOCK_MS).catch(() => undefined);
        } else if (fake.injectGatewayFault(fault) === 0) faults[fault] -= 1;
      }
      const guild = fake.guilds[member % fake.guilds.length];
      member += 1;
      if (Math.random() < ASK_SHARE) inject(askFrom(fake, member, guild === undefined ? {} : { guild }));
      if (Math.random() < AUTOCOMPLETE_SHARE) {
        inject(
          fake.autocomplete(
            "ask",
            { focused: "question", options: { question: "gd" } },
            { user: makeUser(`ac${member}`) },
          ),
        );
      }
      if (Math.random() < FEEDBACK_SHARE) {
        // A vote on a recent answer: its first feedback button.
        const answer = fake.callbacks.at(-1 - Math.floor(Math.random() * 20));
        const message =
          answer === undefined
            ? undefined
            : fake.messages.findLast((m) => m.interaction?.id === answer.interaction.id)?.message;
        const vote = buttonsOf(answer?.data).find((id) => id.startsWith("fb") || id.startsWith("feedback"));
        if (vote !== undefined && message !== undefined)
          inject(fake.button(vote, message, { user: makeUser(`v${member}`) }));
      }
      // Quizzes: start one where none runs (the bot says so if one does); answer each new question.
      const slot = quizChannels[member % quizChannels.length];
      if (slot !== undefined && member % (10 * quizChannels.length) < quizChannels.length) {
        inject(
          fake.slash(
            "quiz",
            { subcommand: "start", options: { questions: 3, seconds: 10 } },
            {
              user: makeUser(`q${member}`),
              guild: slot.guild,
              ...(slot.channel === undefined ? {} : { channel: slot.channel }),
            },
          ),
        );
      }
      for (const posted of fake.messages.slice(-50)) {
        const id = String(posted.message.id);
        if (
          posted.source !== "channel-post" ||
          answersSeen.has(id) ||
          !titleOf(posted.message).startsWith("Question")
        )
          continue;
        answersSeen.add(id);
        const choices = buttonsOf(posted.message);
        for (const user of [makeUser(`p${member}a`), makeUser(`p${member}b`)]) {
          const choice = choices[Math.floor(Math.random() * choices.length)];
          if (choice !== undefined) inject(fake.button(choice, posted.message, { user }));
        }
      }
      await sleep(TICK_MS);
    }

    const answered = () => new Set(fake.callbacks.map((callback) => callback.interaction.id));
    const dailyPostsNow = () =>
      fake.requests.filter(
        (r) =>
          r.route === "channel-message-post" &&
          r.status < 300 &&
          DAILY_NONCE.test(String((r.body as Json).nonce)),
      );
    const guildsPosted = () => new Set(dailyPostsNow().map((r) => r.path.split("/")[2]));
    // Answers and posts still under way get the grace period, together.
    await fake
      .waitFor(
        () => sent.every((i) => answered().has(i.id)) && guildsPosted().size >= servers,
        GRACE_MS,
        "answers and posts",
      )
      .catch(() => undefined);
    const done = new Map(fake.callbacks.map((callback) => [callback.interaction.id, callback]));
    const dailyPosts = dailyPostsNow();
    const postedGuilds = guildsPosted();
    // Memory as the traffic ends, before the quiet wait lets the heap shrink.
    const endRss = bot.rssBytes();
    // Quiz rounds and retries run on after the traffic; wait for REST to go quiet, then for idle
    // connections to close.
    const quietSince = () => performance.now() - (fake.requests.at(-1)?.at ?? 0);
    const quietBy = performance.now() + QUIET_WAIT_MAX_MS;
    while (quietSince() < IDLE_SOCKETS_MS && performance.now() < quietBy) await sleep(1_000);
    const endDescriptors = descriptors(pid);
    const quietSeconds = Math.round(quietSince() / 1000);
    const idleKinds = socketKinds(pid, Number(new URL(fake.apiUrl).port));
    const lastRoutes = [...new Set(fake.requests.slice(-20).map((request) => request.route))];
    const end = { rss: endRss, fds: endDescriptors.files };
    const reached = warm ?? end;
    return {
      minutes: options.minutes,
      sent: sent.length,
      answered: sent.filter((i) => done.has(i.id)).length,
      onTime: sent.filter((i) => (done.get(i.id)?.at ?? Infinity) - i.sentAt <= DISCORD_ACK_MS).length,
      lost: sent.filter((i) => !done.has(i.id)).length,
      postsDue: servers,
      postsSent: postedGuilds.size,
      duplicatePosts: dailyPosts.length - postedGuilds.size,
      faults,
      rssMb: { start: rssMb(start.rss), warm: rssMb(reached.rss), end: rssMb(end.rss) },
      fds: { start: start.fds, warm: reached.fds, end: end.fds },
      sockets: {
        start: startDescriptors.sockets,
        peak: peakSockets,
        idle: endDescriptors.sockets,
        quietSeconds,
        lastRoutes,
        idleKinds,
      },
      botAlive: bot.child.exitCode === null,
    };
  } finally {
    await bot.stop();
    await fake.close();
  }
}

export function printSoak(report: SoakReport): void {
  const growth = report.rssMb.warm > 0 ? ((report.rssMb.end / report.rssMb.warm - 1) * 100).toFixed(1) : "-";
  printTable(
    ["measure", "result", "target"],
    [
      ["minutes", String(report.minutes), ""],
      ["interactions sent / answered", `${report.sent} / ${report.answered}`, "all answered"],
      ["lost (never answered)", String(report.lost), "0"],
      [
        "answered within 3 s",
        `${report.onTime} (${((100 * report.onTime) / Math.max(1, report.sent)).toFixed(1)}%)`,
        "",
      ],
      ["daily posts due / sent", `${report.postsDue} / ${report.postsSent}`, "all sent"],
      ["duplicate posts", String(report.duplicatePosts), "0"],
      [
        "faults injected",
        Object.entries(report.faults)
          .map(([k, v]) => `${k} ${v}`)
          .join(", "),
        "",
      ],
      [
        "RSS start / after warm-up / end (MB)",
        `${report.rssMb.start} / ${report.rssMb.warm} / ${report.rssMb.end} (${growth}%)`,
        "≤ 10% growth after warm-up",
      ],
      [
        "open files, pipes, events: start / after warm-up / end",
        `${report.fds.start} / ${report.fds.warm} / ${report.fds.end}`,
        "flat",
      ],
      [
        "sockets: start / peak / once idle connections closed",
        `${report.sockets.start} / ${report.sockets.peak} / ${report.sockets.idle} (${report.sockets.idleKinds}; REST quiet ${report.sockets.quietSeconds} s, last: ${report.sockets.lastRoutes.join(", ")})`,
        "back to start",
      ],
      ["bot process alive at the end", String(report.botAlive), "true"],
    ],
  );
}

export default async function soak(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf("--minutes");
  const minutes = at === -1 ? 30 : Number(args[at + 1]);
  if (!Number.isFinite(minutes) || minutes < 1) {
    process.stderr.write("soak: --minutes needs a whole number of minutes, 1 or more\n");
    process.exit(2);
  }
  printSoak(await runSoak({ minutes, log: (line) => process.stderr.write(`${line}\n`) }));
}

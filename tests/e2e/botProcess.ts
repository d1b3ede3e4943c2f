/**
 * Runs a bot in its own process against a fake Discord, as in production: briefbot through its
 * real entry point (src/main.ts, configured by environment), or the baseline bot. The fake stays
 * in the test's process, so neither slows the other's event loop and timings at the fake are
 * honest. The child is started the way `npm start` starts the bot: `node <the start script's
 * Node flags> scripts/start.js <entry>`, one process whose pid is the bot's own, so signals reach
 * it and its RSS is the bot's. The baseline bot is started the same way, so both run on the same
 * runtime.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { repoRoot } from "../helpers/runScript.js";
import type { FakeDiscord } from "./fakeDiscord.js";

export type BotKind = "briefbot" | "baseline";

/**
 * How the bot's code runs: "start" as `npm start` does (scripts/start.js transpiles the sources
 * with esbuild, then runs them); "compiled" runs the JavaScript that `npm run build` emits (here
 * into `outDir`, built with the baseline bot by tsconfig.bench.json), as a production deployment
 * does. Node flags are the start script's in both.
 */
export type BotRuntime = { readonly kind: "start" } | { readonly kind: "compiled"; readonly outDir: string };

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** False when the process had to be killed because it did not exit on its own in time. */
  readonly exitedOnItsOwn: boolean;
}

export interface BotProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The temp folder it runs in (and keeps its SQLite file in, unless DATABASE_PATH was given). */
  readonly dir: string;
  /** Everything the bot wrote to stderr so far (its logs at LOG_LEVEL=warn). */
  stderr(): string;
  /** Resident memory of the bot's process, in bytes (Linux /proc). */
  rssBytes(): number;
  /** CPU time the bot's process has used so far (user + system, all threads), in ms (Linux /proc). */
  cpuMs(): number;
  /** Sends `signal` and waits for the process to exit on its own; kills it after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<Exit>;
}

/** The start script by absolute path: the bot runs in a temp folder (so no stray .env is read). */
const START_SCRIPT = join(repoRoot, "scripts", "start.js");

/**
 * The Node flags of `npm start` (package.json's "start" script), read rather than copied, so the
 * tests and the benchmark cannot drift from how the bot really runs.
 */
export function startScriptNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const start = pkg.scripts?.start ?? "";
  const match = /^node((?: --[\w-]+(?:=\S+)?)*) scripts\/start\.js$/.exec(start);
  if (match === null) {
    throw new Error(
      `botProcess: npm start is "${start}"; expected "node [--flags] scripts/start.js" (update botProcess.ts to match)`,
    );
  }
  return (match[1] ?? "").split(" ").filter((flag) => flag !== "");
}

/** USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/** How long a bot gets to exit after SIGTERM before it is killed and reported as hanging. */
const DEFAULT_GRACE_MS = 10_000;
const ENTRY_POINTS: Record<BotKind, string> = {
  briefbot: "src/main",
  baseline: "bench/baselineBotMain",
};

function entryArgs(kind: BotKind, runtime: BotRuntime): string[] {
  if (runtime.kind === "compiled") return [join(runtime.outDir, `${ENTRY_POINTS[kind]}.js`)];
  return [START_SCRIPT, `${ENTRY_POINTS[kind]}.ts`];
}

/**
 * `nodeArgs` go before the script, e.g. ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] to profile the
 * bot. `env` adds to or replaces its environment (SHARDS_PER_PROCESS, DATABASE_URL...).
 */
export function spawnBot(
  fake: FakeDiscord,
  kind: BotKind,
  nodeArgs: readonly string[] = [],
  runtime: BotRuntime = { kind: "start" },
  extraEnv: Readonly<Record<string, string>> = {},
): BotProcess {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-e2e-proc-"));
  const env = {
    PATH: process.env.PATH ?? "",
    DISCORD_TOKEN: "e2e-token",
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_PATH: join(dir, "briefbot.sqlite"),
    KNOWLEDGE_DIR: join(repoRoot, "knowledge"),
    LOG_LEVEL: "warn",
    ...extraEnv,
  };
  const args = [
    ...startScriptNodeFlags(),
    ...nodeArgs,
    ...entryArgs(kind, runtime),
    ...(kind === "baseline" ? [fake.apiUrl] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve({ code, signal });
    });
  });
  return {
    child,
    dir,
    stderr: () => stderr,
    rssBytes: () => rssOf(child.pid ?? 0),
    cpuMs() {
      // Fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised command name.
      const fields =
        readFileSync(`/proc/${child.pid ?? 0}/stat`, "utf8")
          .split(") ")[1]
          ?.split(" ") ?? [];
      return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS_PER_SECOND);
    },
    async stop(signal = "SIGTERM", graceMs = DEFAULT_GRACE_MS) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => {
          resolve("timeout");
        }, graceMs);
      });
      const first = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (first === "timeout") child.kill("SIGKILL");
      const exit = await exited;
      rmSync(dir, { recursive: true, force: true });
      return { ...exit, exitedOnItsOwn: first !== "timeout" };
    },
  };
}

/** A live process's children (Linux /proc), e.g. the shard processes of a shard manager. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat, counted after the parenthesised command name, is the parent.
      const parent = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // The process exited while we looked.
    }
  }
  return children.sort((a, b) => a - b);
}

/** One environment variable of a live process (Linux /proc), or undefined. */
export function processEnv(pid: number, name: string): string | undefined {
  let entries: string[];
  try {
    entries = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
  } catch {
    // The process exited (or is exiting) while we looked.
    return undefined;
  }
  return entries.find((entry) => entry.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** Resident memory of a live process, in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kilobytes ?? NaN) * 1024;
}

/** Whether a process is still alive (and not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

/**
 * Runs a bot in its own process against a fake Discord, as in production: briefbot through its
 * real entry point (src/main.ts, configured by environment), or the baseline bot. The fake stays
 * in the test's process, so neither slows the other's event loop and timings at the fake are
 * honest. Node runs the TypeScript through `--import tsx` directly (no tsx wrapper process), so
 * the child's pid is the bot's own: signals reach it and its RSS can be read.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { repoRoot } from "../helpers/runScript.js";
import type { FakeDiscord } from "./fakeDiscord.js";

export type BotKind = "briefbot" | "baseline";

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** False when the process had to be killed because it did not exit on its own in time. */
  readonly exitedOnItsOwn: boolean;
}

export interface BotProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything the bot wrote to stderr so far (its logs at LOG_LEVEL=warn). */
  stderr(): string;
  /** Resident memory of the bot's process, in bytes (Linux /proc). */
  rssBytes(): number;
  /** Sends `signal` and waits for the process to exit on its own; kills it after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<Exit>;
}

/** tsx's loader by absolute URL: the bot runs in a temp folder (so no stray .env is read). */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** How long a bot gets to exit after SIGTERM before it is killed and reported as hanging. */
const DEFAULT_GRACE_MS = 10_000;
const ENTRY_POINTS: Record<BotKind, string> = {
  briefbot: "src/main.ts",
  baseline: "bench/baselineBotMain.ts",
};

/** `nodeArgs` go before the script, e.g. ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] to profile the bot. */
export function spawnBot(fake: FakeDiscord, kind: BotKind, nodeArgs: readonly string[] = []): BotProcess {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-e2e-proc-"));
  const env = {
    PATH: process.env.PATH ?? "",
    DISCORD_TOKEN: "e2e-token",
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_PATH: join(dir, "briefbot.sqlite"),
    KNOWLEDGE_DIR: join(repoRoot, "knowledge"),
    LOG_LEVEL: "warn",
  };
  const args = [
    ...nodeArgs,
    "--import",
    TSX_LOADER,
    join(repoRoot, ENTRY_POINTS[kind]),
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
    stderr: () => stderr,
    rssBytes() {
      const status = readFileSync(`/proc/${child.pid ?? 0}/status`, "utf8");
      const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return Number(kilobytes ?? NaN) * 1024;
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

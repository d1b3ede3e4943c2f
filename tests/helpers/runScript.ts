import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..", "..");
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

export interface RunOptions {
  cwd?: string;
  /** The child's whole environment besides PATH: nothing leaks in from the test runner. */
  env?: Record<string, string>;
  input?: string;
  timeoutMs?: number;
}

function childEnv(env: Record<string, string> | undefined): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env };
}

/** Runs a TypeScript entry point of this repo (path relative to the repo root) to completion. */
export function runScript(
  script: string,
  args: string[] = [],
  options: RunOptions = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [tsxCli, join(repoRoot, script), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: childEnv(options.env),
    input: options.input ?? "",
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
  });
}

/** Starts a TypeScript entry point without waiting for it. */
export function spawnScript(script: string, args: string[] = [], options: RunOptions = {}) {
  return spawn(process.execPath, [tsxCli, join(repoRoot, script), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: childEnv(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
}

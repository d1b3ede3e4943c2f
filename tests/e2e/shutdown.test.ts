/**
 * Clean shutdown: after stop() the gateway connection is closed and the process exits on its own,
 * with nothing (socket, timer, interval) keeping it alive. Checked in a child process, since
 * vitest's own workers would hide a leaked handle.
 */
import { describe, expect, it } from "vitest";

import { spawnScript } from "../helpers/runScript.js";

/** How long the child gets, start to exit: login, one answer, shutdown. */
const CHILD_DEADLINE_MS = 20_000;

interface ChildRun {
  readonly code: number | null;
  readonly events: Record<string, unknown>[];
  readonly stderr: string;
  readonly timedOut: boolean;
}

function runChild(mode: string): Promise<ChildRun> {
  const child = spawnScript("tests/e2e/shutdownChild.ts", [mode]);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, CHILD_DEADLINE_MS);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const events = stdout
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ code, events, stderr, timedOut });
    });
  });
}

describe("shutdown", () => {
  it("the baseline client exits on its own after destroy (the check itself works)", async () => {
    const run = await runChild("baseline");
    expect(run.timedOut, run.stderr).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(run.events.map((event) => event.event)).toEqual(["ready", "answered", "stopped", "closed"]);
  });
});

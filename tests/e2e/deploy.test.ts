/**
 * `npm run deploy` against the fake Discord: one bulk PUT of every command, for a guild or
 * globally, each definition within Discord's naming and length limits, and a clear failure when
 * Discord refuses the token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { spawnScript } from "../helpers/runScript.js";
import { limitViolations } from "./discordLimits.js";
import { startFakeDiscord, type FakeDiscord } from "./fakeDiscord.js";

/** tsx compiles the CLI on the fly; shared CI machines can be slow. */
const DEPLOY_MS = 30_000;

function deploy(fake: FakeDiscord, args: string[], token = "e2e-token") {
  const child = spawnScript("src/cli/deploy.ts", args, {
    env: { DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on("exit", (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe("npm run deploy against the fake Discord", () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await startFakeDiscord({ rejectTokens: ["revoked-token"] });
  });

  afterAll(async () => {
    await fake.close();
  });

  it(
    "registers every command for one guild with a single bulk PUT, within Discord's limits",
    async () => {
      const run = await deploy(fake, ["--guild", fake.guild.id]);
      expect(run.code, run.stderr).toBe(0);
      const puts = fake.requests.filter((request) => request.route === "commands-put");
      expect(puts).toHaveLength(1);
      expect(puts[0]?.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`);
      expect(puts.flatMap((request) => limitViolations(request))).toEqual([]);
      const names = (fake.commands.get(fake.guild.id) ?? []).map((command) => command.name);
      expect(names).toEqual(expect.arrayContaining(["ask", "briefing", "fact", "help"]));
      expect(names).toContain("Ask briefbot");
      for (const name of names.filter((name) => name !== "Ask briefbot"))
        expect(run.stdout).toContain(`/${String(name)}`);
      expect(run.stdout).toContain('"Ask briefbot" (message menu)');
    },
    DEPLOY_MS,
  );

  it(
    "fails with a clear one-line message when Discord refuses the token",
    async () => {
      const run = await deploy(fake, [], "revoked-token");
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(fake.requests.filter((request) => request.route === "commands-put")).toHaveLength(1);
    },
    DEPLOY_MS,
  );
});

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { loadCommands } from "../../src/discord/loader.js";
import { spawnScript } from "../helpers/runScript.js";

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

const APPLICATION_ID = "400000000000000001";
const GUILD_ID = "400000000000000002";

/** A tiny stand-in for Discord's REST API: the two routes deploy uses, recording every request. */
let server: Server;
let apiUrl = "";
const seen: Seen[] = [];

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const path = (request.url ?? "").replace(/^\/api\/v\d+/, "");
      seen.push({ method: request.method ?? "", path, authorization: request.headers.authorization, body });
      response.setHeader("content-type", "application/json");
      if (request.method === "GET" && path === "/applications/@me") {
        response.end(JSON.stringify({ id: APPLICATION_ID, name: "briefbot" }));
      } else if (request.method === "PUT" && path.startsWith(`/applications/${APPLICATION_ID}/`)) {
        response.end(JSON.stringify(body));
      } else {
        response.statusCode = 404;
        response.end(JSON.stringify({ code: 0, message: "404: Not Found" }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

/** Runs deploy without blocking this process's event loop (the fake server lives here). */
function deploy(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawnScript("src/cli/deploy.ts", args, { env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.stdin.end();
  return new Promise((resolve) =>
    child.on("close", (status) => {
      resolve({ status, stdout, stderr });
    }),
  );
}

describe("npm run deploy", () => {
  test("bulk-PUTs every command to one guild and says what it sent", async () => {
    seen.length = 0;
    const result = await deploy(["--guild", GUILD_ID], {
      DISCORD_TOKEN: "deploy-token",
      DISCORD_API_URL: apiUrl,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const expected = (await loadCommands()).registrations;
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /applications/@me",
      `PUT /applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`,
    ]);
    expect(seen.every((request) => request.authorization === "Bot deploy-token")).toBe(true);
    expect(seen[1]?.body).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(result.stdout).toContain(
      `Registered ${expected.length} of ${expected.length} commands for server ${GUILD_ID}`,
    );
    for (const command of expected) {
      expect(result.stdout).toContain(
        "description" in command ? `/${command.name}` : `"${command.name}" (message menu)`,
      );
    }
    expect(expected.map((command) => command.name)).toContain("Ask briefbot");
  });

  test("without --guild, registers globally", async () => {
    seen.length = 0;
    const result = await deploy([], { DISCORD_TOKEN: "deploy-token", DISCORD_API_URL: apiUrl });
    expect(result.status).toBe(0);
    expect(seen.at(-1)?.path).toBe(`/applications/${APPLICATION_ID}/commands`);
    expect(result.stdout).toMatch(/commands globally/);
  });

  test("fails clearly without a token, and never calls Discord", async () => {
    seen.length = 0;
    const result = await deploy([], { DISCORD_API_URL: apiUrl });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("deploy: DISCORD_TOKEN is not set. Put the bot token in .env first.\n");
    expect(seen).toHaveLength(0);
  });

  test("rejects a malformed guild id", async () => {
    const result = await deploy(["--guild", "abc"], {
      DISCORD_TOKEN: "deploy-token",
      DISCORD_API_URL: apiUrl,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--guild must be a server id/);
  });
});

import { Writable } from "node:stream";

import { describe, expect, it } from "vitest";

import { parseConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";

function capture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join("").split("\n").filter(Boolean) };
}

describe("logger", () => {
  const token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token-value";

  it("never writes the token, however the config is logged", () => {
    const out = capture();
    const logger = createLogger({ level: "info", destination: out.stream, pretty: false });
    const config = parseConfig({ DISCORD_TOKEN: token });
    logger.info(config, "config at root");
    logger.info({ config }, "config nested");
    logger.info({ request: { headers: { authorization: `Bot ${token}` } } }, "request");
    logger.info({ token }, "bare token");
    const text = out.lines().join("\n");
    expect(out.lines()).toHaveLength(4);
    expect(text).not.toContain("secret-token-value");
    expect(text).toContain("[redacted]");
    const first = JSON.parse(out.lines()[0] ?? "{}") as Record<string, unknown>;
    expect(first.discordToken).toBe("[redacted]");
    expect(first.logLevel).toBe("info");
  });

  it("respects the level", () => {
    const out = capture();
    const logger = createLogger({ level: "warn", destination: out.stream, pretty: false });
    logger.info("hidden");
    logger.warn("shown");
    expect(out.lines().map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(["shown"]);
  });
});

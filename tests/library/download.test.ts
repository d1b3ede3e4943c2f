import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  attachmentPolicy,
  decodeUtf8,
  downloadText,
  type DownloadPolicy,
} from "../../src/library/download.js";

let server: Server;
let origin = "";
const policy = (): DownloadPolicy => ({ origins: [origin], maxBytes: 1_000, timeoutMs: 300 });

beforeAll(async () => {
  server = createServer((request, response) => {
    switch (request.url) {
      case "/ok.md":
        response.end("---\nid: x\n---\nHéllo, “world”.");
        return;
      case "/declared-big":
        response.writeHead(200, { "content-length": "5000" });
        response.end("x".repeat(5000));
        return;
      case "/streamed-big":
        // No length announced: the cap must hold while reading.
        response.writeHead(200, { "transfer-encoding": "chunked" });
        for (let chunk = 0; chunk < 10; chunk++) response.write("y".repeat(500));
        response.end();
        return;
      case "/slow":
        setTimeout(() => response.end("late"), 2_000);
        return;
      case "/latin1":
        response.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
        return;
      case "/redirect":
        response.writeHead(302, { location: "https://example.com/evil.md" });
        response.end();
        return;
      default:
        response.writeHead(404);
        response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("downloadText", () => {
  it("downloads UTF-8 text from an allowed origin", async () => {
    expect(await downloadText(`${origin}/ok.md`, policy())).toEqual({
      ok: true,
      text: "---\nid: x\n---\nHéllo, “world”.",
    });
  });

  it("refuses other hosts, redirects, missing files, oversized and slow downloads, and text that is not UTF-8", async () => {
    const refused = async (url: string) => {
      const result = await downloadText(url, policy());
      return result.ok ? "downloaded" : result.problem;
    };
    expect(await refused("https://example.com/briefing.md")).toMatch(/must be a Discord attachment/);
    expect(await refused(`${origin.replace("127.0.0.1", "localhost")}/ok.md`)).toMatch(/Discord attachment/);
    expect(await refused("not a url")).toMatch(/Discord attachment/);
    expect(await refused(`${origin}/redirect`)).toMatch(/could not be downloaded/);
    expect(await refused(`${origin}/missing`)).toMatch(/HTTP 404/);
    expect(await refused(`${origin}/declared-big`)).toMatch(/over 1 kB/);
    expect(await refused(`${origin}/streamed-big`)).toMatch(/over 1 kB/);
    const started = Date.now();
    expect(await refused(`${origin}/slow`)).toMatch(/took too long/);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await refused(`${origin}/latin1`)).toMatch(/not UTF-8/);
  });

  it("allows Discord's CDN and the host of DISCORD_API_URL, nothing else", () => {
    expect(attachmentPolicy("http://127.0.0.1:5555/api").origins).toEqual([
      "https://cdn.discordapp.com",
      "http://127.0.0.1:5555",
    ]);
    expect(decodeUtf8(new Uint8Array([0xff, 0xfe]))).toEqual({
      ok: false,
      problem: "The file is not UTF-8 text.",
    });
  });
});

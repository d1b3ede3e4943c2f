/**
 * Downloads an attachment for /briefing add: only from Discord's attachment host (or, when the bot
 * talks to another Discord, as in tests, that one's host), capped in size and time, and only text
 * that is valid UTF-8. No discord.js here.
 */

/** Where Discord serves attachments. */
export const DISCORD_ATTACHMENT_ORIGIN = "https://cdn.discordapp.com";
/** UTF-8 takes at most 4 bytes a character: the most a 20,000-character briefing can weigh. */
export const DOWNLOAD_MAX_BYTES = 80_000;
/** The CDN serves a small file in well under a second; past this the reply would be late anyway. */
export const DOWNLOAD_TIMEOUT_MS = 5_000;

export interface DownloadPolicy {
  /** Origins (scheme://host[:port]) a download may come from. */
  readonly origins: readonly string[];
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** Discord's CDN, plus the host of DISCORD_API_URL (the fake Discord in tests). */
export function attachmentPolicy(discordApiUrl: string): DownloadPolicy {
  return {
    origins: [...new Set([DISCORD_ATTACHMENT_ORIGIN, new URL(discordApiUrl).origin])],
    maxBytes: DOWNLOAD_MAX_BYTES,
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
  };
}

export type DownloadResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string };

const refuse = (problem: string): DownloadResult => ({ ok: false, problem });

function allowed(url: string, policy: DownloadPolicy): boolean {
  try {
    return policy.origins.includes(new URL(url).origin);
  } catch {
    return false;
  }
}

/** Reads the body up to the cap; undefined when it is longer. */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  if (response.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Node's web streams are async iterable; the DOM typings of fetch do not say so.
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    // Leaving the loop cancels the stream: the rest is never downloaded.
    if (total > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function downloadText(url: string, policy: DownloadPolicy): Promise<DownloadResult> {
  if (!allowed(url, policy)) return refuse("The file must be a Discord attachment.");
  const tooBig = `The file is over ${Math.round(policy.maxBytes / 1000)} kB.`;
  let response: Response;
  try {
    // A redirect could lead anywhere: refused, like any other host.
    response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(policy.timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return refuse(timedOut ? "Downloading the file took too long." : "The file could not be downloaded.");
  }
  if (!response.ok) {
    await response.body?.cancel();
    return refuse(`The file could not be downloaded (HTTP ${response.status}).`);
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > policy.maxBytes) {
    await response.body?.cancel();
    return refuse(tooBig);
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readCapped(response, policy.maxBytes);
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return refuse(timedOut ? "Downloading the file took too long." : "The file could not be downloaded.");
  }
  if (bytes === undefined) return refuse(tooBig);
  return decodeUtf8(bytes);
}

export function decodeUtf8(bytes: Uint8Array): DownloadResult {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return refuse("The file is not UTF-8 text.");
  }
}

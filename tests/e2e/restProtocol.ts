/**
 * The REST side of the fake Discord as plain functions: route names, Discord's error shapes,
 * fault answers, body parsing and responding. No state here; FakeDiscord holds that.
 */
import type { ServerResponse } from "node:http";

import type { Json } from "./world.js";

/** Body of Discord's generic 5xx. */
const SERVER_ERROR_BODY = { message: "500: Internal Server Error", code: 0 };

export type RouteName =
  | "gateway-bot"
  | "gateway"
  | "application"
  | "current-user"
  | "commands-put"
  | "commands-get"
  | "interaction-callback"
  | "webhook-message-edit"
  | "webhook-message-get"
  | "webhook-message-delete"
  | "webhook-followup"
  | "channel-get"
  | "channel-message-post"
  | "channel-message-edit"
  | "channel-message-get"
  | "unknown";

/** A fault answered instead of the real response. */
export type Fault =
  /** 429 with `Retry-After` (seconds, may be fractional); @discordjs/rest waits and retries. */
  | { readonly kind: "rate-limit"; readonly retryAfterSeconds: number; readonly global?: boolean }
  /** A 5xx; @discordjs/rest retries it up to 3 more times, then rejects. */
  | { readonly kind: "server-error"; readonly status?: number }
  /** A Discord JSON error such as 50013 Missing Permissions: never retried. */
  | {
      readonly kind: "discord-error";
      readonly status: number;
      readonly code: number;
      readonly message: string;
    };

/** Discord's JSON errors that bots must handle; use with `fake.failNext`. */
export const DiscordErrors = {
  missingAccess: { kind: "discord-error", status: 403, code: 50001, message: "Missing Access" },
  missingPermissions: { kind: "discord-error", status: 403, code: 50013, message: "Missing Permissions" },
  unknownChannel: { kind: "discord-error", status: 404, code: 10003, message: "Unknown Channel" },
  unknownMessage: { kind: "discord-error", status: 404, code: 10008, message: "Unknown Message" },
  unknownInteraction: { kind: "discord-error", status: 404, code: 10062, message: "Unknown interaction" },
} as const satisfies Record<string, Fault>;

export interface RecordedRequest {
  readonly seq: number;
  /** When the whole request had arrived. */
  readonly at: number;
  readonly method: string;
  /** Decoded path below /api/v10, e.g. `/webhooks/1/abc/messages/@original`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly route: RouteName;
  /** Whether it carried `Authorization: Bot <token>` (interaction callbacks must not). */
  readonly authorized: boolean;
  readonly body: unknown;
  /** Files of a multipart upload (attachments), with their bytes. */
  readonly files: readonly UploadedFile[];
  status: number;
  fault?: Fault;
}

export interface RestAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const isJson = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const discordError = (status: number, code: number, message: string): RestAnswer => ({
  status,
  body: { message, code },
});

export const UNAUTHORIZED = discordError(401, 0, "401: Unauthorized");
export const NOT_FOUND = discordError(404, 0, "404: Not Found");

/** The response Discord would give for a fault. */
export function faultAnswer(fault: Fault): RestAnswer {
  switch (fault.kind) {
    case "rate-limit":
      return {
        status: 429,
        body: {
          message: "You are being rate limited.",
          retry_after: fault.retryAfterSeconds,
          global: fault.global ?? false,
        },
        headers: {
          "retry-after": String(fault.retryAfterSeconds),
          "x-ratelimit-scope": fault.global === true ? "global" : "user",
          ...(fault.global === true ? { "x-ratelimit-global": "true" } : {}),
        },
      };
    case "server-error":
      return { status: fault.status ?? 500, body: SERVER_ERROR_BODY };
    case "discord-error":
      return discordError(fault.status, fault.code, fault.message);
  }
}

export function routeOf(method: string, path: string): RouteName {
  const parts = path.split("/").slice(1);
  const [first] = parts;
  const n = parts.length;
  if (first === "gateway") {
    if (method === "GET" && n === 2 && parts[1] === "bot") return "gateway-bot";
    if (method === "GET" && n === 1) return "gateway";
  }
  if (first === "applications") {
    if (method === "GET" && n === 2 && parts[1] === "@me") return "application";
    const isCommands =
      (n === 3 && parts[2] === "commands") || (n === 5 && parts[2] === "guilds" && parts[4] === "commands");
    if (isCommands && method === "PUT") return "commands-put";
    if (isCommands && method === "GET") return "commands-get";
  }
  if (first === "users" && method === "GET" && n === 2 && parts[1] === "@me") return "current-user";
  if (first === "interactions" && method === "POST" && n === 4 && parts[3] === "callback")
    return "interaction-callback";
  if (first === "webhooks") {
    if (n === 3 && method === "POST") return "webhook-followup";
    if (n === 5 && parts[3] === "messages") {
      if (method === "PATCH") return "webhook-message-edit";
      if (method === "GET") return "webhook-message-get";
      if (method === "DELETE") return "webhook-message-delete";
    }
  }
  if (first === "channels") {
    if (n === 2 && method === "GET") return "channel-get";
    if (n === 3 && parts[2] === "messages" && method === "POST") return "channel-message-post";
    if (n === 4 && parts[2] === "messages" && method === "PATCH") return "channel-message-edit";
    if (n === 4 && parts[2] === "messages" && method === "GET") return "channel-message-get";
  }
  return "unknown";
}

export interface UploadedFile {
  /** The form field, e.g. files[0]. */
  readonly field: string;
  readonly filename: string;
  readonly data: Buffer;
}

/** The file parts of a multipart/form-data body, as Discord would store them. */
export function uploadedFiles(raw: Buffer, contentType: string | undefined): UploadedFile[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? "");
  const marker = boundary?.[1] ?? boundary?.[2];
  if (contentType?.startsWith("multipart/form-data") !== true || marker === undefined) return [];
  const delimiter = Buffer.from(`--${marker}`);
  const files: UploadedFile[] = [];
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length + 2; // past the boundary and its CRLF
    const next = raw.indexOf(delimiter, start);
    if (next < 0) break;
    const part = raw.subarray(start, next - 2); // the part ends with CRLF before the next boundary
    const split = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, Math.max(0, split)).toString("utf8");
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    const field = /name="([^"]*)"/.exec(headers)?.[1];
    if (split >= 0 && filename !== undefined && field !== undefined)
      files.push({ field, filename, data: Buffer.from(part.subarray(split + 4)) });
    at = next;
  }
  return files;
}

/** JSON bodies, and the `payload_json` part of a multipart upload. */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if (contentType?.startsWith("multipart/form-data") === true) {
    const match = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text);
    return match?.[1] === undefined ? text : safeJson(match[1]);
  }
  return safeJson(text);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function respond(response: ServerResponse, answer: RestAnswer): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.body === undefined) {
    response.writeHead(answer.status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(answer.body);
  response.writeHead(answer.status, { ...headers, "content-type": "application/json" });
  response.end(text);
}

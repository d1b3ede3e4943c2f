/**
 * Attachments in the fake Discord: files a test "uploads", served from the fake's own host at
 * `/attachments/<id>/<filename>` (as Discord's CDN serves them), and the attachment objects that
 * go into an interaction's `data.resolved.attachments`.
 */
import type { ServerResponse } from "node:http";

import { snowflake } from "./snowflake.js";
import type { Json } from "./world.js";

export const ATTACHMENT_PREFIX = "/attachments/";

export interface StoredAttachment {
  readonly id: string;
  readonly filename: string;
  readonly bytes: Buffer;
  readonly contentType: string;
}

export class AttachmentHost {
  private readonly files = new Map<string, StoredAttachment>();
  /** Paths asked for, in order, so a test can see what the bot downloaded. */
  readonly downloads: string[] = [];

  constructor(private readonly origin: () => string) {}

  /** Stores a file and returns its attachment object, as Discord puts it in `resolved.attachments`. */
  upload(filename: string, content: string | Buffer, contentType = "text/plain; charset=utf-8"): Json {
    const id = snowflake();
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    this.files.set(id, { id, filename, bytes, contentType });
    const url = `${this.origin()}${ATTACHMENT_PREFIX}${id}/${encodeURIComponent(filename)}`;
    return {
      id,
      filename,
      size: bytes.byteLength,
      url,
      proxy_url: url,
      content_type: contentType,
      ephemeral: true,
    };
  }

  /** Serves `path` if it is an attachment path; false when it is not one (a REST call). */
  serve(path: string, response: ServerResponse): boolean {
    if (!path.startsWith(ATTACHMENT_PREFIX)) return false;
    this.downloads.push(path);
    const id = path.slice(ATTACHMENT_PREFIX.length).split("/")[0] ?? "";
    const file = this.files.get(id);
    if (file === undefined) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("Not Found");
      return true;
    }
    response.writeHead(200, {
      "content-type": file.contentType,
      "content-length": String(file.bytes.byteLength),
    });
    response.end(file.bytes);
    return true;
  }
}

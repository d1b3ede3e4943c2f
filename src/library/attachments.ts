/**
 * Where /briefing add gets a file's text: on Discord, the attachment's URL (downloads are limited
 * as download.ts says); in the offline console, a local file named by `path:`. Each transport
 * installs its own, so a path never reaches the Discord bot and a URL is never read by the console.
 */
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";

import { decodeUtf8, downloadText, type DownloadPolicy, type DownloadResult } from "./download.js";

/** What a command was given: an uploaded attachment, or (console) a local path. */
export type AttachmentRef =
  | {
      readonly url: string;
      readonly filename: string;
      /** Bytes, as Discord reports them before the download. */
      readonly size?: number | undefined;
    }
  | { readonly path: string };

export interface AttachmentSource {
  /** The file's name (for its extension) and its text, or the problem with it. */
  read(ref: AttachmentRef): Promise<{ readonly fileName: string; readonly result: DownloadResult }>;
}

export function discordAttachments(policy: DownloadPolicy): AttachmentSource {
  return {
    async read(ref) {
      if (!("url" in ref)) {
        return { fileName: "", result: { ok: false, problem: "Attach the briefing as a file." } };
      }
      if (ref.size !== undefined && ref.size > policy.maxBytes) {
        return {
          fileName: ref.filename,
          result: { ok: false, problem: `The file is over ${Math.round(policy.maxBytes / 1000)} kB.` },
        };
      }
      return { fileName: ref.filename, result: await downloadText(ref.url, policy) };
    },
  };
}

export function localFiles(maxBytes: number): AttachmentSource {
  return {
    async read(ref) {
      if (!("path" in ref)) {
        return { fileName: "", result: { ok: false, problem: "Give a local file: path: ./briefing.md" } };
      }
      const fileName = basename(ref.path);
      try {
        if ((await stat(ref.path)).size > maxBytes) {
          return {
            fileName,
            result: { ok: false, problem: `The file is over ${Math.round(maxBytes / 1000)} kB.` },
          };
        }
        return { fileName, result: decodeUtf8(await readFile(ref.path)) };
      } catch {
        return { fileName, result: { ok: false, problem: `There is no readable file at ${ref.path}.` } };
      }
    },
  };
}

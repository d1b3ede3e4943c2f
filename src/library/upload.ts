/**
 * A briefing a server adds (/briefing add): a `.md` file in the front-matter format of
 * knowledge/briefings/, or plain text with a title and publisher given beside it. It is checked as
 * `npm run knowledge:check` checks a shipped briefing (parseBriefing and the front-matter schema),
 * plus the limits a server's own briefing has. No discord.js here.
 */
import { stringify as toYaml } from "yaml";

import { parseBriefing } from "../knowledge/load.js";
import type { Briefing } from "../knowledge/types.js";

/** A long weekly briefing is ~8,000 characters; 20,000 leaves room and keeps reading under 200 ms. */
export const UPLOAD_MAX_CHARACTERS = 20_000;
/** Paragraphs per briefing: citations say ¶N, and a study briefing past 40 is a book chapter. */
export const UPLOAD_MAX_PARAGRAPHS = 40;
/** Ids are kebab-case like shipped ones; a title longer than this makes an unwieldy id. */
const ID_MAX_LENGTH = 60;
/** Ids that mean something else to /briefing use. */
export const RESERVED_IDS: ReadonlySet<string> = new Set(["all"]);

export type UploadKind = "md" | "txt";

export interface Upload {
  /** The file's name as uploaded (or the console's path); its extension says which format. */
  readonly fileName: string;
  readonly text: string;
  /** For plain text: the title and publisher, which a .md file carries in its front matter. */
  readonly title?: string;
  readonly publisher?: string;
}

export type UploadResult =
  | { readonly ok: true; readonly briefing: Briefing; readonly source: string }
  | { readonly ok: false; readonly problem: string };

/** "China's Got a Rust Belt Too" -> "chinas-got-a-rust-belt-too". */
export function idFromTitle(title: string): string {
  const slug = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const cut = slug.slice(0, ID_MAX_LENGTH).replace(/-+$/, "");
  return cut === "" ? "briefing" : cut;
}

export function uploadKind(fileName: string): UploadKind | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".md")) return "md";
  if (lower.endsWith(".txt")) return "txt";
  return undefined;
}

/** Turns a plain-text body into the front-matter format, so both kinds are stored and read alike. */
function withFrontMatter(id: string, title: string, publisher: string, body: string): string {
  return `---\n${toYaml({ id, title, publisher }).trimEnd()}\n---\n${body.replace(/^\s+/, "")}`;
}

const firstProblem = (problems: readonly string[]) =>
  (problems[0] ?? "it could not be read").replace(/^[^:]*: /, "");

/** Reads an uploaded briefing, or names the first thing wrong with it. */
export function readUpload(upload: Upload): UploadResult {
  const kind = uploadKind(upload.fileName);
  if (kind === undefined) {
    return { ok: false, problem: `"${upload.fileName}" is not a .md or .txt file.` };
  }
  if (upload.text.length > UPLOAD_MAX_CHARACTERS) {
    return {
      ok: false,
      problem: `It has ${upload.text.length.toLocaleString("en")} characters; a briefing can have at most ${UPLOAD_MAX_CHARACTERS.toLocaleString("en")}.`,
    };
  }
  const text = upload.text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let source = text;
  if (kind === "txt" || !text.startsWith("---")) {
    const title = upload.title?.trim();
    const publisher = upload.publisher?.trim();
    if (title === undefined || title === "" || publisher === undefined || publisher === "") {
      return {
        ok: false,
        problem:
          "A plain-text briefing needs the `title` and `publisher` options (or a .md file that starts with front matter: id, title, publisher).",
      };
    }
    source = withFrontMatter(idFromTitle(title), title, publisher, text);
  }
  const problems: string[] = [];
  // parseBriefing checks the id against the file name; an upload's id is whatever its front matter says.
  const id = /^---\n(?:[\s\S]*?\n)?id:\s*["']?([^"'\n]*)/.exec(source)?.[1]?.trim() ?? "briefing";
  const briefing = parseBriefing(`${id}.md`, source, problems);
  if (briefing === undefined || problems.length > 0)
    return { ok: false, problem: `The ${firstProblem(problems)}.` };
  if (RESERVED_IDS.has(briefing.id)) {
    return { ok: false, problem: `The id "${briefing.id}" is reserved; choose another.` };
  }
  if (briefing.paragraphs.length > UPLOAD_MAX_PARAGRAPHS) {
    return {
      ok: false,
      problem: `It has ${briefing.paragraphs.length} paragraphs; a briefing can have at most ${UPLOAD_MAX_PARAGRAPHS}.`,
    };
  }
  return { ok: true, briefing, source };
}

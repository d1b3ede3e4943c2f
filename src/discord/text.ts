/**
 * Text helpers shared by the renderers: cutting to a limit at a natural boundary, keeping
 * mentions inert, and stopping link previews. No discord.js here, so the console can use them.
 */

export const ELLIPSIS = "…";

/**
 * A cut that would lose more than this share of the allowed length to reach a sentence end
 * falls back to a word boundary instead: better a long clean cut than a stub.
 */
const SENTENCE_CUT_MIN_SHARE = 0.5;
/** Likewise for word boundaries: past this, cut mid-word rather than throw most text away. */
const WORD_CUT_MIN_SHARE = 0.6;

const SENTENCE_END = /[.!?…](?:["'”’)\]]*)\s/g;

/**
 * Cuts `text` to at most `max` characters (UTF-16 units, as Discord counts), at the last sentence
 * end that keeps at least half of it, else at a word boundary, and marks the cut with an ellipsis.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  const room = max - ELLIPSIS.length;
  const head = text.slice(0, room + 1);

  // A sentence cut is followed by " …", so it needs one more character of room.
  let sentenceCut = -1;
  for (const match of head.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].trimEnd().length;
    if (end <= room - 1) sentenceCut = end;
  }
  if (sentenceCut >= room * SENTENCE_CUT_MIN_SHARE) return `${text.slice(0, sentenceCut)} ${ELLIPSIS}`;

  const space = head.lastIndexOf(" ");
  const newline = head.lastIndexOf("\n");
  const wordCut = Math.max(space, newline);
  const cut = wordCut >= room * WORD_CUT_MIN_SHARE ? wordCut : room;
  return `${safeSlice(text, cut).trimEnd()}${ELLIPSIS}`;
}

/** Slices without splitting a surrogate pair (which Discord would reject as invalid UTF-16). */
function safeSlice(text: string, end: number): string {
  const code = text.charCodeAt(end - 1);
  const splitsPair = code >= 0xd800 && code <= 0xdbff;
  return text.slice(0, splitsPair ? end - 1 : end);
}

const ZERO_WIDTH_SPACE = "\u200b";

export interface MentionAllowList {
  readonly users?: readonly string[];
  readonly roles?: readonly string[];
}

/**
 * Makes every mention in `text` inert except those explicitly allowed: @everyone/@here and
 * user/role/channel-less mention syntax get a zero-width space, so they neither ping (allowed_mentions
 * already prevents that) nor even render as mentions.
 */
export function neutralizeMentions(text: string, allow: MentionAllowList = {}): string {
  if (!text.includes("@")) return text;
  const users = new Set(allow.users ?? []);
  const roles = new Set(allow.roles ?? []);
  return text
    .replace(/@(everyone|here)/g, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<@(!?)(\d+)>/g, (whole, bang: string, id: string) =>
      users.has(id) && bang === "" ? whole : `<@${ZERO_WIDTH_SPACE}${bang}${id}>`,
    )
    .replace(/<@&(\d+)>/g, (whole, id: string) => (roles.has(id) ? whole : `<@${ZERO_WIDTH_SPACE}&${id}>`));
}

/** Mention syntax of every kind: users, roles, channels, @everyone and @here. */
const ANY_MENTION = /<@[!&]?\d+>|<#\d+>|@(?:everyone|here)\b/gi;

/** `text` with every mention removed and its spaces collapsed: what a message says, not whom it addresses. */
export function stripMentions(text: string): string {
  return text.replace(ANY_MENTION, " ").replace(/\s+/g, " ").trim();
}

/** Wraps bare URLs in <> so Discord shows no link preview for them. */
export function suppressLinkPreviews(text: string): string {
  if (!text.includes("http")) return text;
  return text.replace(/(^|[^<])(https?:\/\/[^\s<>]+)/g, "$1<$2>");
}

/** Escapes Discord markdown so quoted text shows exactly as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|])/g, "\\$1");
}

/**
 * What commands share about a server's briefings: the `briefing` option, which briefing a command
 * uses (the one named, else the server's current one), autocomplete over what the server can see,
 * and the views of /briefing list and /briefing add.
 */
import { ApplicationCommandOptionType, type APIApplicationCommandBasicOption } from "discord-api-types/v10";

import type { AutocompleteChoice, CommandContext } from "../command.js";
import { AUTOCOMPLETE_CHOICES_MAX, AUTOCOMPLETE_NAME_MAX } from "../discord/limits.js";
import { foldText } from "../knowledge/fold.js";
import { readOnce } from "../knowledge/reader.js";
import type { Briefing, KnowledgeBase } from "../knowledge/types.js";
import type { GuildLibrary } from "../library/library.js";
import { privateError, type Reply, type View } from "../view.js";

/** Every command's `briefing` option: autocompleted from what the server can see. */
export const briefingOption = {
  type: ApplicationCommandOptionType.String,
  name: "briefing",
  description: "Which briefing (default: this server's current one).",
  autocomplete: true,
  max_length: 100,
} as const satisfies APIApplicationCommandBasicOption;

/** /briefing use's value for "no current briefing: every one the server can see". */
export const ALL_BRIEFINGS = "all";

/** Lines /briefing list shows before "…and N more": 30 lines of ~110 characters fit a 4,096 description. */
export const LIST_LINES_MAX = 30;

export type Chosen =
  | {
      readonly ok: true;
      readonly server: GuildLibrary;
      /** The briefing named or current; undefined: every briefing the server can see. */
      readonly briefing: Briefing | undefined;
      /** The knowledge of that briefing alone, or the server's whole set. */
      readonly knowledge: KnowledgeBase;
    }
  | { readonly ok: false; readonly reply: Reply };

/** The briefing a command works on: the one named, else the server's current one, else all. */
export async function chooseBriefing(ctx: CommandContext, requested: string | undefined): Promise<Chosen> {
  const server = await ctx.services.library.forGuild(ctx.guildId);
  if (requested !== undefined && requested !== ALL_BRIEFINGS) {
    const briefing = findBriefing(server.knowledge, requested);
    if (briefing === undefined) {
      return {
        ok: false,
        reply: privateError(`There is no briefing "${requested}" here. Try /briefing list.`),
      };
    }
    return { ok: true, server, briefing, knowledge: server.scoped(briefing.id) };
  }
  const briefing = requested === ALL_BRIEFINGS ? undefined : server.current;
  return { ok: true, server, briefing, knowledge: server.scoped(briefing?.id) };
}

/** By id, or by title as typed (folded). */
export function findBriefing(knowledge: KnowledgeBase, typed: string): Briefing | undefined {
  const folded = foldText(typed);
  return (
    knowledge.getBriefing(typed) ??
    knowledge.briefings.find((briefing) => foldText(briefing.title) === folded)
  );
}

/** Autocomplete over the server's briefings, the current one first, then by title. */
export function briefingChoices(
  server: GuildLibrary,
  typed: string,
  options: { readonly ownOnly?: boolean; readonly offerAll?: boolean } = {},
): AutocompleteChoice[] {
  const needle = foldText(typed);
  const matches = server.knowledge.briefings
    .filter((briefing) => options.ownOnly !== true || server.isOwn(briefing.id))
    .filter((briefing) => needle === "" || foldText(`${briefing.id} ${briefing.title}`).includes(needle))
    .sort(
      (a, b) =>
        Number(b.id === server.current?.id) - Number(a.id === server.current?.id) ||
        a.title.localeCompare(b.title),
    )
    .map((briefing) => ({
      name: `${briefing.id === server.current?.id ? "★ " : ""}${briefing.title}`.slice(
        0,
        AUTOCOMPLETE_NAME_MAX,
      ),
      value: briefing.id,
    }));
  const all = options.offerAll === true && (needle === "" || "all briefings".includes(needle));
  return [
    ...(all ? [{ name: "All briefings (no current one)", value: ALL_BRIEFINGS }] : []),
    ...matches,
  ].slice(0, AUTOCOMPLETE_CHOICES_MAX);
}

export function serverBriefingListView(server: GuildLibrary): View {
  const briefings = server.knowledge.briefings;
  const lines = briefings.map((briefing) => {
    const marks = [
      briefing.id === server.current?.id ? "current" : undefined,
      server.isOwn(briefing.id) ? "added here" : "shipped",
    ].filter((mark) => mark !== undefined);
    const extras = [
      briefing.publisher,
      briefing.date,
      `${briefing.paragraphs.length} paragraphs`,
      `id ${briefing.id}`,
    ];
    return `${briefing.id === server.current?.id ? "★" : "•"} **${briefing.title}** — ${extras
      .filter((part) => part !== undefined)
      .join(" · ")} (${marks.join(", ")})`;
  });
  const shown = lines.slice(0, LIST_LINES_MAX);
  const more = lines.length - shown.length;
  return {
    tone: "info",
    title: `${briefings.length} briefing${briefings.length === 1 ? "" : "s"} here`,
    description: [
      ...shown,
      ...(more > 0 ? [`…and ${more} more (type in /briefing use to find them).`] : []),
    ].join("\n"),
    footer:
      server.current === undefined
        ? "No current briefing: /ask searches all of them. Choose one with /briefing use."
        : `Current: ${server.current.title}. /ask, /fact, /quiz start and the daily post use it.`,
  };
}

/** Most names of each kind listed after /briefing add. */
const FOUND_LISTED = 6;

/** What the reader found in a briefing just added, privately, with questions it can answer. */
export function addedView(briefing: Briefing, questions: readonly string[], readMs: number): View {
  const read = readOnce(briefing);
  const unique = (items: readonly string[]) => [...new Set(items)];
  const names = (kind: string) =>
    unique(
      read.sentences.flatMap((sentence) =>
        sentence.names.filter((name) => name.kind === kind).map((name) => name.text),
      ),
    );
  const spans = (tokens: readonly { text: string }[], start: number, end: number) =>
    tokens
      .slice(start, end)
      .map((token) => token.text)
      .join(" ");
  const figures = unique(
    read.sentences.flatMap((s) => s.figures.map((f) => spans(s.tokens, f.start, f.end))),
  );
  const dates = unique(read.sentences.flatMap((s) => s.times.map((t) => spans(s.tokens, t.start, t.end))));
  const listed = (items: readonly string[]) =>
    items.length === 0
      ? "none found"
      : `${items.length}: ${items.slice(0, FOUND_LISTED).join(", ")}${items.length > FOUND_LISTED ? ", …" : ""}`;
  return {
    tone: "success",
    title: `Added "${briefing.title}"`,
    description: `Read in ${Math.max(1, Math.round(readMs))} ms: ${briefing.paragraphs.length} paragraphs, ${read.sentences.length} sentences. Make it the current briefing with \`/briefing use briefing: ${briefing.id}\`.`,
    fields: [
      { name: "People", text: listed(names("person")) },
      { name: "Places", text: listed(names("place")) },
      { name: "Other names", text: listed([...names("group"), ...names("unknown")]) },
      { name: "Figures", text: listed(figures) },
      { name: "Dates", text: listed(dates) },
      {
        name: "Questions it can answer",
        text:
          questions.length === 0 ? "none found yet" : questions.map((question) => `• ${question}`).join("\n"),
      },
    ],
  };
}

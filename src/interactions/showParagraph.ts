/**
 * The "Show paragraph" button: opens, privately, the whole paragraph a quote comes from with the
 * quoted span in bold. Any message that shows a quote can carry it (answers, daily posts); the
 * route is registered by commands/ask.ts and found by its custom-id namespace.
 */
import { z } from "zod";

import { defineComponent } from "../command.js";
import { defineCustomId, idArg, intArg, isIdArg } from "../customId.js";
import type { CitedQuote, KnowledgeBase, Paragraph } from "../knowledge/types.js";
import { message, type ViewAction } from "../view.js";

/** Paragraph numbers and character offsets fit comfortably below these. */
const PARAGRAPH_NUMBER_MAX = 9_999;
const OFFSET_MAX = 99_999;

export const hashArg = z.string().regex(/^[0-9a-f]{6,64}$/);

export const showParagraphId = defineCustomId("para", 1, [
  idArg,
  hashArg,
  intArg(1, PARAGRAPH_NUMBER_MAX),
  intArg(0, OFFSET_MAX),
  intArg(0, OFFSET_MAX),
]);

/** Where `quote` sits in its paragraph, or undefined when it is not there (stale or forged). */
export function locateQuote(
  quote: CitedQuote,
  knowledge: KnowledgeBase,
): { paragraph: Paragraph; start: number; end: number } | undefined {
  const briefing = knowledge.getBriefing(quote.citation.briefing);
  if (briefing === undefined || briefing.hash !== quote.citation.hash) return undefined;
  const paragraph = briefing.paragraphs[quote.citation.paragraph - 1];
  const start = paragraph?.text.indexOf(quote.text) ?? -1;
  if (paragraph === undefined || start < 0 || quote.text.length === 0) return undefined;
  return { paragraph, start, end: start + quote.text.length };
}

/** The button for a quote, or undefined when the quote cannot be located (then show no button). */
export function showParagraphAction(quote: CitedQuote, knowledge: KnowledgeBase): ViewAction | undefined {
  const located = locateQuote(quote, knowledge);
  if (located === undefined || !isIdArg(quote.citation.briefing)) return undefined;
  return {
    customId: showParagraphId.encode(
      quote.citation.briefing,
      quote.citation.hash,
      located.paragraph.number,
      located.start,
      located.end,
    ),
    label: "Show paragraph",
    emoji: "📄",
    style: "secondary",
  };
}

function sentenceAt(paragraph: Paragraph, offset: number): number {
  return (
    paragraph.sentences.find((sentence) => offset >= sentence.start && offset < sentence.end)?.number ?? 1
  );
}

export const showParagraphComponent = defineComponent(
  showParagraphId,
  async (ctx, [briefingId, hash, number, start, end]) => {
    // Only this server's briefings: a button naming another server's has expired here.
    const { knowledge } = await ctx.services.library.forGuild(ctx.guildId);
    const briefing = knowledge.getBriefing(briefingId);
    const paragraph = briefing?.hash === hash ? briefing.paragraphs[number - 1] : undefined;
    if (briefing === undefined || paragraph === undefined || start >= end || end > paragraph.text.length) {
      return message(
        {
          tone: "warning",
          title: "Expired",
          description: "That paragraph is no longer in the briefing I have loaded.",
        },
        { ephemeral: true },
      );
    }
    return message(
      {
        tone: "info",
        title: `Paragraph ${number} of ${briefing.paragraphs.length}`,
        quotes: [
          {
            quote: {
              text: paragraph.text,
              citation: {
                briefing: briefing.id,
                hash: briefing.hash,
                paragraph: number,
                sentence: sentenceAt(paragraph, start),
              },
            },
            highlight: { start, end },
          },
        ],
      },
      { ephemeral: true },
    );
  },
);

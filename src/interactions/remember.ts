/**
 * "📌 Remember this": a button on every cited answer and daily post that makes the quoted sentence
 * a review card for whoever clicks it, privately. The citation travels in the custom id and is
 * checked against the current briefing (its content hash), so a button from an older version of
 * a briefing expires instead of adding the wrong sentence.
 */
import { defineComponent, type ComponentRoute } from "../command.js";
import { defineCustomId, idArg, intArg, isIdArg } from "../customId.js";
import type { CitedQuote } from "../knowledge/types.js";
import { deckOf } from "../review/service.js";
import { message, privateError, type ViewAction } from "../view.js";
import { hashArg } from "./showParagraph.js";

/** Paragraph and sentence numbers fit comfortably below this. */
const POSITION_MAX = 9_999;

export const rememberId = defineCustomId("remember", 1, [
  idArg,
  hashArg,
  intArg(1, POSITION_MAX),
  intArg(1, POSITION_MAX),
]);

export function rememberAction(quote: CitedQuote): ViewAction | undefined {
  const { briefing, hash, paragraph, sentence } = quote.citation;
  if (!isIdArg(briefing)) return undefined;
  return {
    customId: rememberId.encode(briefing, hash, paragraph, sentence),
    label: "Remember this",
    emoji: "📌",
    style: "secondary",
  };
}

export const rememberRoute: ComponentRoute = defineComponent(
  rememberId,
  async (ctx, [briefing, hash, paragraph, sentence]) => {
    const outcome = await ctx.services.review.remember(deckOf(ctx.guildId), ctx.user.id, {
      briefing,
      hash,
      paragraph,
      sentence,
    });
    if (outcome === "stale")
      return privateError("This sentence has changed since the button was made, so it can't become a card.");
    return message(
      {
        tone: "success",
        title: outcome === "added" ? "Added to your review cards" : "Already in your review cards",
        description:
          outcome === "added"
            ? "I'll ask you about it with `/review next`, spaced out so it sticks."
            : "You're already learning this one: it comes back in `/review next` when it's due.",
      },
      { ephemeral: true },
    );
  },
);

/**
 * 👍 / 👎 / Wrong citation on an answer. The custom id carries the vote and the answer's citation;
 * the question is the answer message's title. A second click by the same user updates the vote.
 */
import { z } from "zod";

import { defineComponent } from "../command.js";
import { defineCustomId, idArg, intArg, isIdArg } from "../customId.js";
import type { Citation } from "../knowledge/types.js";
import type { FeedbackVote } from "../store/index.js";
import { message, type ViewAction } from "../view.js";
import { hashArg } from "./showParagraph.js";

const PARAGRAPH_NUMBER_MAX = 9_999;
const SENTENCE_NUMBER_MAX = 999;

/** One letter per vote keeps the custom id short. */
const VOTE_CODES = { u: "up", d: "down", w: "wrong-citation" } as const satisfies Record<
  string,
  FeedbackVote
>;
type VoteCode = keyof typeof VOTE_CODES;

export const feedbackId = defineCustomId("fb", 1, [
  z.enum(["u", "d", "w"]),
  idArg,
  hashArg,
  intArg(1, PARAGRAPH_NUMBER_MAX),
  intArg(1, SENTENCE_NUMBER_MAX),
]);

const BUTTONS: readonly { code: VoteCode; label: string; emoji: string }[] = [
  { code: "u", label: "Helpful", emoji: "👍" },
  { code: "d", label: "Not helpful", emoji: "👎" },
  { code: "w", label: "Wrong citation", emoji: "⚠️" },
];

const THANKS: Record<FeedbackVote, string> = {
  up: "Thanks! Glad it helped.",
  down: "Thanks for telling me. I'll keep it in mind.",
  "wrong-citation": "Thanks: that citation has been flagged for review.",
};

export function feedbackActions(citation: Citation): ViewAction[] {
  if (!isIdArg(citation.briefing)) return [];
  return BUTTONS.map(({ code, label, emoji }) => ({
    customId: feedbackId.encode(
      code,
      citation.briefing,
      citation.hash,
      citation.paragraph,
      citation.sentence,
    ),
    label,
    emoji,
    style: "secondary",
  }));
}

export const feedbackComponent = defineComponent(
  feedbackId,
  async (ctx, [code, briefing, hash, paragraph, sentence]) => {
    const question = ctx.messageTitle?.trim() ?? "";
    if (question === "") {
      return message(
        {
          tone: "warning",
          title: "Expired",
          description: "I can't tell which answer this was for any more.",
        },
        { ephemeral: true },
      );
    }
    const vote = VOTE_CODES[code];
    const result = await ctx.services.store.feedback.record({
      question,
      citation: { briefing, hash, paragraph, sentence },
      userId: ctx.user.id,
      guildId: ctx.guildId,
      vote,
      at: ctx.services.clock.now(),
    });
    const note = result.outcome === "updated" ? " (Your earlier vote on this answer was replaced.)" : "";
    return message({ tone: "success", description: `${THANKS[vote]}${note}` }, { ephemeral: true });
  },
);

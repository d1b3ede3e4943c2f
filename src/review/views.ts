/**
 * Review as views (plain data): a card's front (the prompt and Show answer), its back (the
 * verbatim sentence with its citation and the four grades), and "nothing due".
 */
import { OPTION_LETTERS } from "../quiz/question.js";
import type { View, ViewAction } from "../view.js";
import type { CardPrompt } from "./cards.js";
import { reviewGradeId, reviewNextId, reviewShowId } from "./customIds.js";
import type { NextCard, ShownCard } from "./service.js";

export const GRADE_BUTTONS = [
  { rating: 1, label: "Again", style: "danger" },
  { rating: 2, label: "Hard", style: "secondary" },
  { rating: 3, label: "Good", style: "success" },
  { rating: 4, label: "Easy", style: "primary" },
] as const;

const relative = (at: Date) => `<t:${Math.floor(at.getTime() / 1000)}:R>`;

function promptText(prompt: CardPrompt): string {
  const options = prompt.options.map((option, i) => `**${OPTION_LETTERS[i] ?? "?"}** ${option}`).join("\n");
  return options === "" ? prompt.text : `${prompt.text}\n\n${options}`;
}

const title = (shown: ShownCard) => `Review · ${shown.dueCount} due`;

export function cardFrontView(shown: ShownCard, notice?: string): View {
  const { card } = shown;
  return {
    tone: "info",
    ...(notice === undefined ? {} : { content: notice }),
    title: title(shown),
    description: promptText(shown.prompt),
    footer: "Answer in your head, then turn the card over.",
    actions: [
      [{ customId: reviewShowId.encode(card.id, card.revision), label: "Show answer", style: "primary" }],
    ],
  };
}

export function cardBackView(shown: ShownCard): View {
  const { card, prompt } = shown;
  const grades: ViewAction[] = GRADE_BUTTONS.map((grade) => ({
    customId: reviewGradeId.encode(card.id, card.revision, grade.rating),
    label: grade.label,
    style: grade.style,
  }));
  return {
    tone: "success",
    title: title(shown),
    description: `${promptText(prompt)}\n\n**Answer:** ${prompt.kind === "recall" ? "the sentence below" : prompt.answer}`,
    quotes: [{ quote: prompt.quote }],
    footer: "How well did you remember it?",
    actions: [grades],
  };
}

export function nothingDueView(next: Extract<NextCard, { kind: "none" }>, notice?: string): View {
  return {
    tone: "info",
    ...(notice === undefined ? {} : { content: notice }),
    title: next.nextDue === undefined ? "No review cards yet" : "All caught up",
    description:
      next.nextDue === undefined
        ? "Press 📌 **Remember this** under an answer or a daily fact, or use `/review add`, to start a deck."
        : `Nothing is due now. Your next card is due ${relative(next.nextDue)}.`,
    actions: [[{ customId: reviewNextId.encode(), label: "Check again", style: "secondary" }]],
  };
}

/** The view for whatever is next: a card's front, or nothing due. */
export function nextView(next: NextCard, notice?: string): View {
  return next.kind === "card" ? cardFrontView(next.shown, notice) : nothingDueView(next, notice);
}

export const MOVED_ON =
  "This card has moved on: it was already graded. Use `/review next` for your next card.";

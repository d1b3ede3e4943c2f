/**
 * An answer engine result as a View: the quote with its citation, related citations below, and
 * the buttons that go with it. Shared by /ask and the decline's suggestion buttons.
 */
import type { Actor } from "../command.js";
import type { AnswerResult, KnowledgeBase } from "../knowledge/types.js";
import type { View, ViewAction } from "../view.js";
import { feedbackActions } from "./feedback.js";
import { relatedAction } from "./related.js";
import { rememberAction } from "./remember.js";
import { showParagraphAction } from "./showParagraph.js";
import { suggestionAction } from "./suggestion.js";

export interface AnswerViewOptions {
  readonly knowledge: KnowledgeBase;
  /** Someone the asker wants to show the answer to: the only user the message may ping. */
  readonly mention?: Actor;
  readonly asker?: Actor;
  /** Say which briefing the quote is from (when several were searched). */
  readonly nameBriefing?: boolean;
  /** Extra rows of buttons (e.g. feedback), added below the answer's own. */
  readonly extraActions?: readonly (readonly ViewAction[])[];
}

const DECLINE_TEXT: Record<Extract<AnswerResult, { kind: "decline" }>["reason"], string> = {
  empty: "Please type a question.",
  "not-in-briefing": "The briefing doesn't answer that, and I'd rather say so than guess.",
  "out-of-scope": "That's outside what the briefing covers, so I can't answer it from the briefing.",
  unsafe: "I can't help with that one.",
};

function quotedFrom(briefingId: string, options: AnswerViewOptions): string {
  const title = options.nameBriefing === true ? options.knowledge.getBriefing(briefingId)?.title : undefined;
  return title === undefined
    ? "Quoted word for word from the briefing."
    : `Quoted word for word from "${title}" (of every briefing here).`;
}

export function answerView(result: AnswerResult, options: AnswerViewOptions): View {
  const addressed =
    options.mention === undefined
      ? {}
      : {
          content: `<@${options.mention.id}>${options.asker === undefined ? "" : `, ${options.asker.username} wanted you to see this`}:`,
          allowedMentions: { users: [options.mention.id] },
        };

  if (result.kind === "decline") {
    const suggestions = result.suggestions.slice(0, 3);
    const list = suggestions.map((question) => `• ${question}`).join("\n");
    const buttons = suggestions
      .map((question) => suggestionAction(question, options.knowledge))
      .filter((action) => action !== undefined);
    return {
      ...addressed,
      tone: "warning",
      title: "The briefing doesn't say",
      description: `${DECLINE_TEXT[result.reason]}${list === "" ? "" : `\n\nQuestions it can answer:\n${list}`}`,
      ...(buttons.length > 0 ? { actions: [buttons] } : {}),
    };
  }

  const buttons: ViewAction[] = [];
  const showParagraph = showParagraphAction(result.best, options.knowledge);
  if (showParagraph !== undefined) buttons.push(showParagraph);
  const related = relatedAction(result.best.citation);
  if (related !== undefined) buttons.push(related);
  const remember = rememberAction(result.best);
  if (remember !== undefined) buttons.push(remember);
  const actions: (readonly ViewAction[])[] = [buttons, feedbackActions(result.best.citation)];
  if (options.extraActions !== undefined) actions.push(...options.extraActions);
  return {
    ...addressed,
    tone: "success",
    title: result.question,
    quotes: [{ quote: result.best }],
    ...(result.related.length > 0 ? { fields: [{ name: "Related", quotes: result.related }] } : {}),
    footer: quotedFrom(result.best.citation.briefing, options),
    actions,
  };
}

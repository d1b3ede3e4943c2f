/**
 * Turns stored answer feedback into the shared eval's question format
 * (`{"id","kind","q","expect","must_quote_any"}`, see ../shared/eval/score.mjs), so a reviewer can
 * promote a 👎 into a regression question. Extra fields (`vote`, `citation`) ride along for them;
 * the scorer ignores them.
 *
 * How a vote maps to `expect` (what the bot SHOULD have done):
 * - 👍 on an answer            -> "answer": the cited quote was right.
 * - 👍 on a decline            -> "decline": declining was right.
 * - 👎 on an answer            -> "decline": a confident wrong answer is worse than a decline, so
 *                                 the safe default is to expect one; the reviewer switches it to
 *                                 "answer" and fills must_quote_any if the briefing does answer it.
 * - 👎 on a decline            -> "answer": the user expected an answer; the reviewer adds the quote.
 * - wrong citation (an answer) -> "answer": the question is answerable, but not with that quote.
 * `must_quote_any` is always empty: only a person can say which quote is right.
 */
import type { Citation } from "../knowledge/types.js";
import type { FeedbackRecord, FeedbackVote } from "./feedback.js";

export interface FeedbackEvalQuestion {
  readonly id: string;
  readonly kind: "feedback";
  readonly q: string;
  readonly expect: "answer" | "decline";
  readonly must_quote_any: readonly string[];
  readonly vote: FeedbackVote;
  readonly citation: Citation | null;
}

function expectationFor(vote: FeedbackVote, answered: boolean): "answer" | "decline" {
  switch (vote) {
    case "up":
      return answered ? "answer" : "decline";
    case "down":
      return answered ? "decline" : "answer";
    case "wrong-citation":
      return "answer";
  }
}

export function toEvalQuestion(record: FeedbackRecord): FeedbackEvalQuestion {
  return {
    id: `feedback-${record.id}`,
    kind: "feedback",
    q: record.question,
    expect: expectationFor(record.vote, record.citation !== null),
    must_quote_any: [],
    vote: record.vote,
    citation: record.citation,
  };
}

/** One JSON object per line, newline-terminated; empty string for no feedback. */
export function toJsonLines(records: readonly FeedbackRecord[]): string {
  return records.map((record) => `${JSON.stringify(toEvalQuestion(record))}\n`).join("");
}

/** What a game posts: the question, its reveal and the final standings, as plain views. */
import type { CitedQuote } from "../knowledge/types.js";
import type { AnswerRecord, Standing } from "../store/quizRepository.js";
import type { QuoteBlock, View, ViewAction } from "../view.js";
import { quizAnswerId, quizTypeId } from "./customIds.js";
import type { QuizMode } from "./generate.js";
import { optionLabel, type Question } from "./question.js";

/** Discord caps a button label at 80 characters; options longer than this are cut with an ellipsis. */
const BUTTON_LABEL_CUT = 70;
/** Standings list at most this many players, to stay well inside one embed. */
const STANDINGS_SHOWN = 20;

export interface RoundInfo {
  readonly gameId: string;
  readonly roundNo: number;
  readonly total: number;
  readonly mode: QuizMode;
  readonly deadline: Date;
  readonly seconds: number;
}

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
/** Player names go into embeds as plain text: markdown and mention characters in them are escaped. */
export const playerName = (name: string) => name.replace(/([\\*_~`|<>@#])/g, "\\$1");
const showsButtons = (question: Question, mode: QuizMode) => mode !== "typed" && question.options.length > 0;

export function questionView(question: Question, round: RoundInfo): View {
  const buttons = showsButtons(question, round.mode);
  const optionLines =
    buttons && question.kind !== "truefalse"
      ? question.options.map((option, index) => `**${optionLabel(question, index)}** ${option}`).join("\n")
      : "";
  const actions: ViewAction[] = buttons
    ? question.options.map((option, index) => ({
        customId: quizAnswerId.encode(round.gameId, round.roundNo, index),
        label:
          question.kind === "truefalse"
            ? option
            : cut(`${optionLabel(question, index)} · ${option}`, BUTTON_LABEL_CUT),
        style: "primary",
      }))
    : [];
  const typeButton: ViewAction[] =
    round.mode === "buttons" && question.options.length > 0
      ? []
      : [
          {
            customId: quizTypeId.encode(round.gameId, round.roundNo),
            label: "Type answer",
            style: "secondary",
            emoji: "⌨️",
          },
        ];
  const deadline = Math.floor(round.deadline.getTime() / 1000);
  return {
    tone: "info",
    title: `Question ${round.roundNo} of ${round.total}`,
    description: [question.prompt, optionLines, `Time's up <t:${deadline}:R>. One answer each, no changes.`]
      .filter((line) => line !== "")
      .join("\n\n"),
    footer: `${round.seconds} seconds · answers are private until the reveal`,
    actions: [actions, typeButton].filter((row) => row.length > 0),
  };
}

/** Where the answer sits in its quote, so the reveal can highlight it. */
function highlightOf(quote: CitedQuote, answer: string): QuoteBlock["highlight"] {
  const at = quote.text.toLowerCase().indexOf(answer.toLowerCase());
  return at < 0 ? undefined : { start: at, end: at + answer.length };
}

function rightAnswerText(question: Question): string {
  if (question.answerIndex >= 0 && question.kind !== "truefalse") {
    return `${optionLabel(question, question.answerIndex)} · ${question.answer}`;
  }
  return question.answer;
}

export function revealView(question: Question, round: RoundInfo, answers: readonly AnswerRecord[]): View {
  const right = answers.filter((answer) => answer.correct);
  const lines = right.map((answer) => {
    const total = answer.basePoints + answer.speedPoints + answer.streakPoints;
    return `${playerName(answer.username)} +${total} (${answer.basePoints} + ${answer.speedPoints} speed + ${answer.streakPoints} streak)`;
  });
  const highlight = question.kind === "truefalse" ? undefined : highlightOf(question.quote, question.answer);
  return {
    tone: "success",
    title: `Question ${round.roundNo} of ${round.total}: the answer is ${cut(rightAnswerText(question), 150)}`,
    description: [
      question.prompt,
      `${answers.length} answered, ${right.length} right.`,
      right.length > 0 ? lines.join("\n") : "Nobody got it this time.",
    ].join("\n\n"),
    quotes: [
      {
        quote: question.quote,
        label: "From the briefing",
        ...(highlight === undefined ? {} : { highlight }),
      },
    ],
    footer: round.roundNo < round.total ? "Next question coming up." : "That was the last question.",
    actions: [],
  };
}

export function standingsView(
  standings: readonly Standing[],
  options: { endedEarly: boolean; stopped: boolean },
): View {
  const lines = standings
    .slice(0, STANDINGS_SHOWN)
    .map(
      (standing, index) =>
        `${index + 1}. ${playerName(standing.username)}: ${standing.points} points (${standing.correct}/${standing.answered} right)`,
    );
  const note = options.endedEarly
    ? "This quiz ended early: the bot was offline too long to carry on. Points already earned are kept."
    : options.stopped
      ? "This quiz was stopped. Points already earned are kept."
      : "";
  return {
    tone: "info",
    title: "Quiz over: final standings",
    description: [note, lines.length > 0 ? lines.join("\n") : "Nobody answered."]
      .filter((line) => line !== "")
      .join("\n\n"),
    footer: "See /quiz leaderboard for the all-time scores.",
  };
}

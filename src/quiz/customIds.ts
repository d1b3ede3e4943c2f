/**
 * Custom ids of the quiz's buttons and modal. Plain zod codecs (no discord.js): the game id and
 * round travel in the id and are checked against the stored game on every click.
 */
import { defineCustomId, idArg, intArg } from "../customId.js";

/** The most questions one game may have (the /quiz start option's upper bound). */
export const MAX_QUESTIONS = 20;
/** Choices are A-D (or True/False): index 0 to 3. */
const MAX_CHOICE_INDEX = 3;

/** `quiz:v1:<gameId>:<roundNo>:<choice>`: an answer button. */
export const quizAnswerId = defineCustomId("quiz", 1, [
  idArg,
  intArg(1, MAX_QUESTIONS),
  intArg(0, MAX_CHOICE_INDEX),
]);
/** The "Type answer" button, which opens the modal. */
export const quizTypeId = defineCustomId("quiz-type", 1, [idArg, intArg(1, MAX_QUESTIONS)]);
/** The modal's submit. */
export const quizTypedId = defineCustomId("quiz-typed", 1, [idArg, intArg(1, MAX_QUESTIONS)]);
/** The modal's one text input. */
export const TYPED_ANSWER_FIELD = "answer";

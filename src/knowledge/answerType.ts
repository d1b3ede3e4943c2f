/**
 * Stage 4 of the answering pipeline: does a sentence hold the kind of answer the question asks
 * for, beyond the words they share? "Who" needs a person or group the question does not name,
 * "where" a place, "when" a date or period, "how many" a figure on the thing counted, "why" a
 * cause, "what happened" a consequence, "how do they differ" a contrast.
 */
import type { Question } from "./question.js";
import type { TimeKind } from "./quantities.js";
import type { ReadSentence } from "./reader.js";
import { wordVectors } from "./wordVectors.js";
import { wordRelations } from "./wordRelations.js";

/** Cosine at which a figure's counted noun is taken to be the thing asked about ("states" for "countries"). */
export const COUNTED_NOUN_MIN_COSINE = 0.5;

/**
 * How well each kind of time mention answers each kind of time question: "when" takes any point
 * in time, "what year" a year, "what date" a date; a duration ("for 11 years") says when nothing
 * happened.
 */
const TIME_FIT: Readonly<Record<"point" | TimeKind, Readonly<Record<TimeKind, number>>>> = {
  point: { year: 1, date: 1, relative: 0.9, duration: 0.3 },
  year: { year: 1, date: 0.4, relative: 0.5, duration: 0.2 },
  date: { year: 0.5, date: 1, relative: 0.6, duration: 0.2 },
  relative: { year: 1, date: 1, relative: 0.9, duration: 0.3 },
  duration: { year: 0.3, date: 0.3, relative: 0.3, duration: 1 },
};
/** A sentence the next one follows from ("As a result, ...") explains it, almost as well as a "because". */
const EXPLAINS_FIT = 0.8;
/** What a sentence without a cause or result connective counts for a "why" or "what happened" question. */
const UNMARKED_FIT = 0.5;
/** A time the question itself names ("what happened in April") answers less than a new one. */
const OLD_TIME_FACTOR = 0.4;

/** How well the sentence holds the kind of answer asked for, 0 to 1; undefined when the kind asks for none in particular. */
export function answerTypeFit(question: Question, sentence: ReadSentence): number | undefined {
  const questionWords = question.words;
  const isNew = (start: number, end: number) => {
    for (let at = start; at < end; at++) {
      const token = sentence.tokens[at];
      if (
        token !== undefined &&
        /\p{L}|\d/u.test(token.text) &&
        !questionWords.has(token.lemma) &&
        !questionWords.has(token.lower)
      )
        return true;
    }
    return false;
  };
  const relations = wordRelations();
  switch (question.askedFor) {
    case "person": {
      let best = 0;
      for (const name of sentence.names) {
        if (!isNew(name.start, name.end)) continue;
        best = Math.max(
          best,
          name.kind === "person" || name.kind === "group" ? 1 : name.kind === "unknown" ? 0.8 : 0.6,
        );
      }
      // "What is the name of the judge": "the judge" is no answer, only a name is.
      if (question.namesAsked) return best;
      for (const term of sentence.terms) {
        const kind = relations.classOf(term.lemma, "n");
        if ((kind === "person" || kind === "group") && !questionWords.has(term.lemma))
          best = Math.max(best, 0.6);
      }
      return best;
    }
    case "place": {
      // "in prison", "on social media": a place named by a common noun.
      let best = sentence.tokens.some(
        (token, at) =>
          /^(?:in|at|on|from|inside|near)$/.test(token.lower) &&
          sentence.tokens
            .slice(at + 1, at + 4)
            .some((next) => next.pos === "NOUN" && !questionWords.has(next.lemma)),
      )
        ? 0.6
        : 0;
      for (const name of sentence.names) {
        if (!isNew(name.start, name.end)) continue;
        best = Math.max(
          best,
          name.kind === "place" ? 1 : name.kind === "unknown" || name.kind === "group" ? 0.6 : 0.3,
        );
      }
      for (const term of sentence.terms) {
        if (relations.classOf(term.lemma, "n") === "location" && !questionWords.has(term.lemma))
          best = Math.max(best, 0.5);
      }
      return best;
    }
    case "time": {
      let best = 0;
      for (const time of sentence.times) {
        const fit = TIME_FIT[question.timeKind ?? "point"][time.kind];
        best = Math.max(best, isNew(time.start, time.end) ? fit : fit * OLD_TIME_FACTOR);
      }
      return best;
    }
    case "number":
      return figureFit(question, sentence, isNew);
    // Reasons and results are often stated without a connective ("they form a powerful voting
    // bloc"): a sentence without one still may answer, a little less likely.
    case "reason":
      if (sentence.cues.cause) return 1;
      return sentence.explains ? EXPLAINS_FIT : UNMARKED_FIT;
    case "result":
      return sentence.cues.result || sentence.follows !== undefined ? 1 : UNMARKED_FIT;
    case "comparison":
      return sentence.cues.contrast ? 1 : 0;
    default:
      return undefined;
  }
}

function figureFit(
  question: Question,
  sentence: ReadSentence,
  isNew: (start: number, end: number) => boolean,
): number {
  let best = 0;
  const focus = question.focus;
  for (const figure of sentence.figures) {
    // The question's own figure ("the first two rounds") is no answer; the same number of something else is.
    const echoed = question.figures.some(
      (asked) =>
        asked.value === figure.value &&
        (asked.counts === undefined || figure.counts === undefined || asked.counts === figure.counts),
    );
    if (echoed || !isNew(figure.start, figure.end)) continue;
    let fit = 0.5;
    if (question.figureKind !== undefined) {
      if (figure.kind === question.figureKind) fit = 1;
      // "How many times": "for the fifth time" counts them too.
      else if (question.figureKind === "count" && figure.kind === "ordinal" && focus?.lemma === "time")
        fit = 0.9;
      else if (question.figureKind === "count" && (figure.kind === "money" || figure.kind === "percent"))
        fit = 0.4;
      else if (figure.kind === "year" || figure.kind === "ordinal") fit = 0.2;
      else fit = 0.3;
    } else if (figure.kind !== "year" && figure.kind !== "ordinal") {
      fit = 0.8;
    }
    if (focus !== undefined && figure.counts !== undefined) {
      const same =
        figure.counts === focus.lemma ||
        (wordVectors().similarity(figure.counts, focus.lemma) ??
          wordVectors().similarity(figure.counts, focus.lower) ??
          0) >= COUNTED_NOUN_MIN_COSINE;
      fit *= same ? 1 : 0.6;
    }
    best = Math.max(best, fit);
  }
  return best;
}

/** Tunable thresholds of the answer engine, each with why it has its value. */
import type { QuestionIntent } from "./analyze.js";

/** Below this score the best sentence shares too little with the question to be its answer. */
export const MIN_ANSWER_SCORE = 0.3;
/**
 * Unknown content words tolerated only when at least this many known ones carry the question:
 * "why did dongbei's heavy industry decline so drastically" survives one odd adverb, but
 * "who is the governor of dongbei" (one known word) does not.
 */
export const MIN_KNOWN_TO_TOLERATE_UNKNOWN = 3;
/** Beyond this share of unknown content words, the question is about something else. */
export const MAX_UNKNOWN_SHARE = 0.25;
/** Bonus for a sentence that answers the kind of question asked; large enough to break ties, not to override content. */
export const INTENT_BONUS = 0.12;
/**
 * "Why", "how do they differ" and "what happened to it" questions are answered by a cause, a
 * contrast or a change, which rarely
 * shares the question's words: a bigger push, still below a full concept match.
 */
export const CAUSE_OR_CONTRAST_BONUS = 0.2;
/** Intents whose answers rarely repeat the question's words: why, how do they differ, what happened to it. */
export const WEAKLY_WORDED_INTENTS: ReadonlySet<QuestionIntent> = new Set([
  "cause",
  "contrast",
  "change",
  "likeness",
  "risk",
]);
/**
 * Bonus per pair of consecutive keywords found together in the sentence, up to the cap:
 * a keyword query such as "industrial heartland" should land on the sentence that says it.
 */
export const PHRASE_BONUS = 0.1;
export const MAX_PHRASE_BONUS = 0.2;
/** Weight of sample-question similarity against direct concept overlap (they sum to 1). */
export const SAMPLE_WEIGHT = 0.55;
/** Weight of question-shape pseudo-concepts (why, how many...) when comparing two questions. */
export const SHAPE_WEIGHT = 1.2;
/**
 * A curated unanswerable question counts when at least this share of its (weighted) concepts
 * is in the question: the question then asks for that very thing, whatever else it adds.
 */
export const NEAR_MISS_MIN_CONTAINMENT = 0.8;
/**
 * Share of the question's (weighted) concepts that the chosen sentence, with its keywords and
 * sample questions, must cover. Below this, the sentence answers a different question that
 * happens to share a word ("what percent of americans work in steel" vs Dongbei's GDP share).
 */
export const MIN_COVERAGE = 0.4;
/**
 * "How many", "what percent" and "when" questions need a figure about the very thing asked:
 * a sentence with a number about something else ("what year did Xi take power" vs the plants
 * built before World War Two) must cover most of the question.
 */
export const FIGURE_MIN_COVERAGE = 0.6;
/**
 * What a question word of the lexicon's `ambiguous` list counts for when the sentence lacks its
 * concept: half, since the word may be meant in its everyday sense ("how much of the economy is
 * the northeast responsible for" asks for a share, not for blame). Still more than nothing, so a
 * question whose other words carry little is not answered on those alone.
 */
export const AMBIGUOUS_WEIGHT = 0.5;
/**
 * What a question's word counts for in a sentence that does not say it but is about it: the
 * briefing's title ("China's Got a Rust Belt Too") and its facts' topics. "Which part of China is
 * the BRI about" is answered by "the country's Western provinces", which never writes "China".
 * Half: a sentence that says the word still comes first (measured: 0.8 let topic words outweigh
 * the question's own subject, and lost more answers than it won).
 */
export const ABOUT_WEIGHT = 0.5;
/**
 * Bonus for a sentence whose own words name whom or what the question names ("heavy industry in
 * Dongbei" vs a sentence about heavy industry that only its curated questions tie to Dongbei).
 * Small: it breaks near-ties between sentences that match equally well otherwise.
 */
export const NAMED_IN_TEXT_BONUS = 0.05;
/**
 * The name bonus only goes to a sentence that covers at least this share of the question: it
 * separates good answers, it never lifts a partial match ("what does Mongolia export" is not
 * answered by the sentence that names Mongolia but says nothing of exports).
 */
export const NAMED_BONUS_MIN_COVERAGE = 0.6;
/** Related citations must score at least this fraction of the best one. */
export const RELATED_MIN_FRACTION = 0.75;
export const MAX_RELATED = 2;
export const MAX_SUGGESTIONS = 3;

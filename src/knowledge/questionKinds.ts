/** Patterns for what kind of answer a question asks for, and what a sentence states. */
import type { QuestionIntent } from "./analyze.js";
import { prepareText } from "./normalize.js";

/** A question that asks only what a name is: "what is X", "who was X", "what kind of region is X". */
export const DEFINITION_QUESTION =
  /^(?:what|who)(?: is| s| was| are)? (?:a |an |the )?(?:kind|type|sort) of \w+ (?:is|was|are) (.+)$|^(?:what|who)(?: is| s| was| are|s) (.+)$/;
/**
 * "What does 'hit the skids' mean", "what is meant by X", "the meaning of X": the sentence that
 * uses X answers, whatever else it shares with the question.
 */
export const MEANING_QUESTION =
  /^what (?:does|do|did|is|s) (?:the (?:article|text|briefing|author|writer) mean by )?(.+?) (?:mean|means|refer to|refers to)(?: here| in (?:the|this) (?:article|text|briefing))?$|^what is meant by (.+)$|\bmeaning of (.+)$/;
/** A meaning question about a phrase quoted earlier in the message ("… 'hit the skids'. What does that mean?"). */
export const REFERS_BACK = /^(?:that|this|it|(?:that|this|the) (?:phrase|term|expression|word|bit|part))$/;
/** A phrase in quotation marks, as typed (apostrophes inside words, as in "China's", are not quotes). */
export const QUOTED_PHRASE =
  /(?:^|[\s(])['"\u2018\u201c]([^'"\u2018\u2019\u201c\u201d]{2,80})['"\u2019\u201d](?=$|[\s.,;:!?)])/;
/** A question about what words mean, wherever they are in it ("stand for" asks to expand an abbreviation, which usage does not). */
export const MEANING_WORDS = /\b(?:mean|means|meant|meaning|refer to|refers to)\b/;
/** Words a subject phrase starts with that a sentence need not repeat ("the 7 percent"). */
export const LEADING_ARTICLE = /^(?:the|a|an) /;
/** A name of at most this many concepts ("Xi Jinping" is one): longer subjects are real questions. */
export const DEFINITION_MAX_CONCEPTS = 2;

/**
 * "What happened to X" asks how X changed: only a sentence that states a change answers it, not
 * one where X merely appears ("what happened to the Japanese occupiers").
 */
export const ASKS_CHANGE_OF = /\bhappen(?:ed|s)? to\b|\bbecame of\b/;
/**
 * "Which coast has the most factories", "what is the biggest province": a ranking, answered only
 * by a sentence that ranks something itself ("the country that Trump blames most").
 */
export const ASKS_RANKING =
  /\b(?:which|what|whats|who)\b.*\b(?:has|have|had|is|are|was|were|got|gets) the (?:most|least|biggest|largest|greatest|highest|lowest|richest|poorest|smallest|best|worst)\b|\bwhich\b.*\b(?:most|least|biggest|largest|greatest|highest|lowest|richest|poorest|smallest)\b/;
export const STATES_RANKING =
  /\b(?:most|least|biggest|largest|greatest|highest|lowest|richest|poorest|smallest|best|worst|top|leading)\b/;
/** "What percentage": only a sentence that states a percent ("7 percent", "by half") answers. */
export const ASKS_PERCENT = /\b(?:percent|percentage|proportion|fraction)\b/;
/** "What year" asks for a year: a sentence with only "the years before World War Two" has none. */
export const ASKS_YEAR = /\b(?:what|which) year\b/;
/** A year or decade written in a sentence: "1980", "the 1980s", "the 80s". */
export const STATES_YEAR = /\b(?:1[5-9]\d\d|20\d\d)\b|\b\d0s\b/;

/** A sentence that opens by saying it follows from the one before: its cause is there. */
export const STATES_CONSEQUENCE =
  /^(?:as a result|as a consequence|consequently|therefore|because of this|because of that)\b/;
/** Where a sentence's first clause ends: ", and there isn't much relief in sight". */
export const CLAUSE_BREAK = /, and |; | but /;
/** A sentence that says what something was before: "was once the country's industrial powerhouse". */
export const STATES_PAST = /\b(?:once|used to|formerly|originally|for decades)\b/;
/** A sentence that sets one thing against another by moving from it to the other. */
export const STATES_SHIFT = /\b(?:from|away from)\b[^.;]{3,120}\b(?:to|towards|toward)\b/;
/** A sentence that states a likeness: "is also a political challenge", "has his own Rust Belt challenge". */
export const LIKENESS_WORDS = /\b(also|likewise|similarly|as well)\b|\bhas (his|her|its|their) own\b/;

/** A meaning question about a shorter phrase ("it", "x") is not looked up word for word. */
export const MEANING_MIN_PHRASE_LENGTH = 3;

/** What a "what does X mean" question asks about, folded; X may be a phrase quoted before it. */
export function meaningSubject(typed: string, folded: string): string | undefined {
  const match = MEANING_QUESTION.exec(folded);
  let subject = match?.[1] ?? match?.[2] ?? match?.[3];
  if (subject === undefined || REFERS_BACK.test(subject)) {
    const quoted = QUOTED_PHRASE.exec(typed)?.[1];
    if (quoted === undefined || (subject === undefined && !MEANING_WORDS.test(folded))) return undefined;
    subject = prepareText(quoted);
  }
  return subject.replace(LEADING_ARTICLE, "");
}

/** Words that ask for a figure outright, whatever else the question asks. */
const ASKS_FOR_A_FIGURE =
  /\bhow (?:many|much|big|large)\b|\bpercent|\bshare\b|\bnumber of\b|\bpopulation\b|%/;
/** Words after a name that ask something about it rather than what it is ("known for", "doing"). */
export const SAYS_MORE_THAN_A_NAME =
  /\b(?:known|know|famous|for|doing|do|does|did|mean|means|called|have|has|had|about)\b/;
/** One thing compared at two times: "then vs now", "its past compared with today", "used to be … now". */
const THEN_VERSUS_NOW =
  /\b(?:then|back in the day|in the past|in the old days|historically|before|glory days|heyday|prime)\b.{0,30}\b(?:vs\.?|versus|compared (?:to|with)|and|or|to)\b.{0,30}\b(?:now|today|these days)\b|\bpast\b.{0,60}\b(?:compare|compared|vs\.?|versus)\b.{0,60}\b(?:now|today|present)\b|\b(?:used to|was once)\b.{0,80}\b(?:now|today|these days|since then)\b|^\S+(?: \S+)? now (?:vs\.?|versus|compared (?:to|with))\b.{0,40}\b(?:then|back then|when it was|in the past|before|back in the day)\b/;
/** The question itself says what the thing once was: "it used to be the powerhouse". */
const STATES_WHAT_IT_WAS = /\b(?:used to be|was once|once was)\b/;
const STATED_PAST_CLAUSE = /\b(?:used to be|was once|once was)\b[^,.;?]*?(?=,|\bbut\b|\bso\b|\band\b|$)/;
/** The comparison and its two times: what it once was and what it is now are what is asked. */
const TIME_COMPARISON_WORDS =
  /\b(?:vs\.?|versus|compared (?:to|with)|compare|comparison|changed?|difference|different|differ|then|before|now|today|these days|glory days|heyday)(?=\s|[,.?!:]|$)/g;
/** A sentence that reports someone's words or views: a verb of saying or judging, or a quotation. */
export const REPORTS_VIEW =
  /\b(?:say|says|said|told|tells|pledge|pledged|pledges|promise|promised|promises|blame|blames|blamed|argue|argues|argued|claim|claims|claimed|believe|believes|believed|think|thinks|thought|call|calls|called|warn|warns|warned)\b|["“”]/i;

/** "It used to be a powerhouse, how is it doing now": the past is given, only the present is asked. */
export function asksNowGivenThen(folded: string): boolean {
  return THEN_VERSUS_NOW.test(folded) && STATES_WHAT_IT_WAS.test(folded);
}

/**
 * "Dongbei used to be a powerhouse, what is it like now": the comparison words and what the asker
 * already says it was are not what the answer must be about.
 */
export function withoutTimeComparison(folded: string): string {
  return THEN_VERSUS_NOW.test(folded)
    ? folded.replace(STATED_PAST_CLAUSE, " ").replace(TIME_COMPARISON_WORDS, " ")
    : folded;
}

/**
 * The intent a question asks about when it names two: "what's hard about Xi's plan" asks for the
 * difficulty (risk); the plan is only its subject.
 */
export function focusIntents(intents: Set<QuestionIntent>, folded: string): Set<QuestionIntent> {
  if (intents.has("risk")) intents.delete("goal");
  // "Dongbei then vs now": one thing at two times, answered by the sentence that says what it once
  // was (and so that it is no more), not by a contrast of two things. "It used to be a powerhouse, what is it like now"
  // already says what it was: it asks what became of it.
  if (THEN_VERSUS_NOW.test(folded)) {
    intents.delete("contrast");
    if (STATES_WHAT_IT_WAS.test(folded)) {
      intents.delete("past");
      intents.add("change");
    } else {
      intents.delete("change");
      intents.add("past");
    }
  }
  // "What caused the GDP drop" asks for a cause; a figure only when the question says so ("how much").
  if (intents.has("cause") && !ASKS_FOR_A_FIGURE.test(folded)) intents.delete("number");
  // "Why" and "what was the result" together ask for the result: "why" is then a way of asking.
  if (intents.has("effect")) intents.delete("cause");
  return intents;
}

/** Asking whether two names are one thing: "the same as", "another name for", "also called". */
export const NAMES_ONE_THING =
  /\bsame (?:thing |place |region |area )?as\b|\b(?:another|other) (?:name|word) for\b|\balso (?:called|known as)\b|\bsynonym\b/;

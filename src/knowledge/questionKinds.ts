/** Patterns for what kind of answer a question asks for, and what a sentence states. */
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

/**
 * What people wrap around a question without asking anything by it: exam and quiz labels
 * ("Exam-style:", "quiz prep:", "T/F:", "fill in the blank:"), marks ("(2 marks)") and a story
 * before the question ("I was reading about X last night and wondered, ..."). The question is
 * what is left; the wrapping's words would otherwise count as things the briefing lacks.
 */

/** Longest label before a colon that can be a frame ("fill in the blank" is four words). */
const MAX_LABEL_WORDS = 4;
const LEADING_LABEL = /^([^:?]+):\s*(?=\S)/;
/** "(1 mark)", "[2 marks]", "(3 pts)": the marks an exam question is worth. */
const MARKS = /[([]\s*\d+\s*(?:marks?|pts?|points?)\s*[)\]]/g;
/**
 * A story, then the question: "I was reading about protests and wondered: what does Xi need to
 * avoid". The question follows "wondered"; what came before is the asker's context.
 */
const STORY_THEN_QUESTION =
  /^.{0,200}?\b(?:wondered|wondering|curious)\b(?:\s+(?:about|if|whether))?[\s,:;-]*(?=\S)/;
/** A story needs a few words before "wondered" to be one ("wondering if..." starts a question). */
const MIN_STORY_WORDS = 3;
/** Enough of a question left after a story to stand on its own. */
const MIN_QUESTION_WORDS = 3;
/** Where the asker read it: "who is China's president in this article", "according to the briefing". */
const WHERE_READ =
  /\b(?:in|from|according to|per|based on) (?:this|the|that|today's|this week's) (?:article|briefing|text|piece|reading|passage|story|report)\b/g;
/** "Who's", "what's": the question word and "is", which the possessive rule would otherwise drop. */
const QUESTION_WORD_IS = /\b(who|what|where|when|how|why)'s\b/g;
/** "When it comes to industry" is "about industry": no time is asked. */
const WHEN_IT_COMES_TO = /\bwhen it comes to\b/g;
/**
 * A remembered claim to check: "I thought Dongbei made up a quarter of China's GDP. Is that
 * right?" The claim is the question; the lead-in and the request to confirm wrap it.
 */
const REMEMBERED =
  /^i (?:remember|recall|thought|think|believe|heard|read|have it in my head|always thought|was told)(?: reading| hearing)?(?: that)?\s+/;
const CONFIRM_REQUEST =
  /[\s.?!,]*(?:(?:is|was) (?:that|this|it) (?:\w+ )?(?:correct|right|true|accurate|wrong)|is that what the (?:briefing|article|text) says|(?:or )?am i (?:right|wrong|mixing it up|misremembering|confusing \w+))\b.*$/;
/**
 * A question, then more sentences: the question is up to its question mark. Not when what
 * follows tells the bot what to do ("…, right? just quote the line that says so").
 */
const FIRST_QUESTION =
  /^([^?]*\?)\s*(?!(?:just|please|pls|now|quote|tell|give|say|confirm|answer|list|repeat|print|ignore|write)\b)[^?\s][^?]*$/;
/** Blanks to fill in: "Dongbei was once China's industrial ______". */
const BLANK = /_{2,}|\.{4,}/g;

/**
 * `folded`: the question after prepareText. `isTopical` says whether any of some words is
 * something the briefings know: a label that names a subject ("Dongbei: how big is it") stays.
 */
export function withoutFraming(folded: string, isTopical: (words: readonly string[]) => boolean): string {
  let text = folded
    .replace(MARKS, " ")
    .replace(BLANK, " ")
    .replace(WHERE_READ, " ")
    .replace(QUESTION_WORD_IS, "$1 is")
    .replace(WHEN_IT_COMES_TO, "about")
    .replace(REMEMBERED, "");
  // "How many provinces make up Dongbei? Someone in our group said four.": the question is asked
  // first; what follows it is the asker's aside.
  const asked = FIRST_QUESTION.exec(text);
  if (asked?.[1] !== undefined && asked[1].split(/\s+/).length >= MIN_QUESTION_WORDS) text = asked[1];
  const confirm = CONFIRM_REQUEST.exec(text);
  // Only after a claim: "is it true that Dongbei is landlocked" is itself the question.
  if (confirm !== null && confirm.index > 0) text = text.slice(0, confirm.index);
  const label = LEADING_LABEL.exec(text);
  if (label?.[1] !== undefined) {
    const labelWords = label[1].split(/[\s/-]+/).filter((word) => word !== "");
    if (labelWords.length <= MAX_LABEL_WORDS && !isTopical(labelWords)) text = text.slice(label[0].length);
  }
  const story = STORY_THEN_QUESTION.exec(text);
  if (story !== null) {
    const before = story[0].split(/\s+/).length - 1;
    const rest = text.slice(story[0].length);
    if (before >= MIN_STORY_WORDS && rest.split(/\s+/).length >= MIN_QUESTION_WORDS) text = rest;
  }
  return text === folded ? folded : text.replace(/\s+/g, " ").trim();
}

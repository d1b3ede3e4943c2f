/**
 * What people wrap around a question without asking anything by it: greetings and fillers
 * ("hey, quick one:"), exam labels ("quiz prep:", "T/F:", "(2 marks)"), where they read it
 * ("according to the briefing"), a story before the question ("I was reading about X and
 * wondered..."), a remembered claim to check ("I thought X. Is that right?"), chat endings
 * ("lol", "??", "fr"). The question is what is left, in the asker's own case.
 */

/** Openers that ask nothing: greetings, fillers, attention-getters. Repeated ("hey so ok"). */
const OPENER =
  /^(?:hey+|hi+|hello|yo|ok(?:ay)?|so|um+|uh+|hmm+|well|alright|right|guys|folks|all|everyone|bot|briefbot|please|pls|plz|quick (?:one|question|q)|question|q|also|and|but|oh|ah|wait|sorry|lol|btw|real quick)\b[\s,:;!.?-]*/i;
/** A slash or bang command word before the question ("/ask", "!q"). */
const COMMAND_WORD = /^[/!$][\p{L}][\p{L}\p{N}_-]*\s+(?=\S)/u;
/** "(2 marks)", "[1 mark]", "(3 pts)". */
const MARKS = /[([]\s*\d+\s*(?:marks?|pts?|points?)\s*[)\]]/gi;
/** Blanks to fill ("Dongbei was once China's industrial ____"). */
const BLANK = /_{2,}|\.{4,}/g;
/** Where the asker read it. */
const WHERE_READ =
  /\b(?:in|from|according to|per|based on|going by|as stated in|as per)\s+(?:this|the|that|today's|this week's|our)\s+(?:article|briefing|text|piece|reading|passage|story|report|summary)\b[\s,]*/gi;
/** A label before a colon: "quiz prep:", "T/F:", "exam-style question:". */
const LEADING_LABEL = /^([^:?]{1,40}):\s*(?=\S)/;
const MAX_LABEL_WORDS = 4;
/** Story, then the question: "I was reading about protests and wondered: what ...". */
const STORY_THEN_QUESTION =
  /^.{0,200}?\b(?:wondered|wondering|curious)\b(?:\s+(?:about|if|whether))?[\s,:;-]*(?=\S)/i;
const MIN_STORY_WORDS = 3;
const MIN_QUESTION_WORDS = 3;
/** A remembered claim: "I thought Dongbei made up a quarter of GDP. Is that right?" */
const REMEMBERED =
  /^(?:i|we|someone|somebody|my (?:friend|teacher|classmate)) (?:remember|recall|thought|think|believe|heard|read|said|was told|were told|told me)(?: reading| hearing)?(?: that)?\s+/i;
const CONFIRM_REQUEST =
  /[\s.?!,;-]*(?:(?:is|was) (?:that|this|it) (?:\w+ )?(?:correct|right|true|accurate|wrong|so)|(?:is that|does it|does the (?:briefing|article|text)) (?:what it says|say so|say that)|(?:or )?am i (?:right|wrong|mixing (?:it|that) up|misremembering|confusing \w+)|right|correct|true|yes or no|true or false|or not|or nah|or what|or no)\s*\??\s*$/i;
/** Chat endings: "lol", "??", "fr", emojis. */
const CHAT_ENDING =
  /[\s,]*(?:\b(?:lol|lmao|haha+|fr|tho|thx|thanks|ty|pls|plz|please|rn|bro|man|dude|ngl|tbh)\b|[\p{Extended_Pictographic}?!.]+)\s*$/iu;

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

/**
 * The question inside what was typed. `isTopical(words)` says whether any of some lower-case
 * words is something the briefings know: a label that names a subject ("Navalny: how did he die")
 * stays.
 */
export function unwrapQuestion(typed: string, isTopical: (words: readonly string[]) => boolean): string {
  // "/ask what is X": the command word typed as part of the question.
  let text = typed
    .replace(MARKS, " ")
    .replace(BLANK, " ... ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(COMMAND_WORD, "");
  // Greetings and fillers may be stacked: "hey so quick q:".
  for (let round = 0; round < 4; round++) {
    const opener = OPENER.exec(text);
    if (opener === null || opener[0].length === text.length) break;
    text = text.slice(opener[0].length);
  }
  const label = LEADING_LABEL.exec(text);
  if (label?.[1] !== undefined) {
    const labelWords = label[1]
      .toLowerCase()
      .split(/[\s/-]+/)
      .filter((word) => word !== "");
    if (labelWords.length <= MAX_LABEL_WORDS && !isTopical(labelWords)) text = text.slice(label[0].length);
  }
  const story = STORY_THEN_QUESTION.exec(text);
  if (story !== null) {
    const rest = text.slice(story[0].length);
    if (wordCount(story[0]) - 1 >= MIN_STORY_WORDS && wordCount(rest) >= MIN_QUESTION_WORDS) text = rest;
  }
  text = text.replace(WHERE_READ, " ").replace(/\s+/g, " ").trim();
  const remembered = REMEMBERED.exec(text);
  if (remembered !== null && wordCount(text.slice(remembered[0].length)) >= MIN_QUESTION_WORDS) {
    text = text.slice(remembered[0].length);
  }
  for (let round = 0; round < 3; round++) {
    const ending = CHAT_ENDING.exec(text);
    const confirm = CONFIRM_REQUEST.exec(text);
    const cut = [ending, confirm].filter((match) => match !== null && match.index > 0 && match[0].length > 0);
    if (cut.length === 0) break;
    const at = Math.min(...cut.map((match) => match?.index ?? text.length));
    if (wordCount(text.slice(0, at)) < 2) break;
    text = text.slice(0, at).trim();
  }
  return text.replace(/^[\s,;:.-]+|[\s,;:-]+$/g, "").trim() || typed.trim();
}

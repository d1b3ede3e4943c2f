/** Input hygiene for questions: what to strip, and what is never treated as a question at all. */

/**
 * Characters of a question that are analysed. Real questions are far shorter; anything beyond
 * this is pasted text, and analysing it all would only cost time.
 */
export const MAX_ANALYSED_CHARS = 500;

/** Control/format characters and combining marks (zalgo) are dropped before matching. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{M}]/gu;

/** Mass mentions, user/role mentions and prompt-injection phrasing: declined as "unsafe". */
const UNSAFE_PATTERNS: readonly RegExp[] = [
  /@(everyone|here)\b/i,
  /<@[!&]?\d+>/,
  /\bignore\b.{0,40}\b(instructions?|prompts?|rules?|above|previous|briefing|article|text|sources?)\b/i,
  /\b(system|hidden) prompt\b/i,
  /\byou are now\b/i,
  /\bdisregard\b.{0,40}\b(instructions?|rules?|above|previous)\b/i,
  /\bjailbreak\b/i,
  /\bpretend (to be|you are)\b/i,
];

/**
 * Requests for advice or directions ("how do I get to...", "should I invest..."): a news
 * briefing never answers them, however many of its words they share.
 */
const ADVICE_PATTERNS: readonly RegExp[] = [
  /\bhow (do|can|should|would) (i|we)\b/i,
  /\bshould (i|we)\b/i,
  // A task for the bot rather than a question about the briefing: "can you help me solve...",
  // "write me a poem", "translate this".
  /\b(can|could|would|will) (you|u) (help|write|solve|translate|calculate|draft|summarize|tell me a joke)\b/i,
  /\bhelp me (with|write|solve|to|do|understand how)\b/i,
  /\b(write|draft|compose) (me )?(a|an) (poem|essay|story|song|letter|joke|cover letter)\b/i,
  // Small talk: the time, the date or the weather, wherever the asker is.
  /\bwhat time is it\b/i,
  /\bwhat('?s| is) (the )?(date|weather|time)\b/i,
];

export function asksForAdvice(text: string): boolean {
  return ADVICE_PATTERNS.some((pattern) => pattern.test(text));
}

/**
 * Requests for the bot's own view ("do you think…", "in your opinion…", "is it a good idea"):
 * it has none, and quoting the sentence the question mentions would pass the briefing's words
 * off as a verdict.
 */
const OPINION_PATTERNS: readonly RegExp[] = [
  /\b(do|did|what do|don't|dont) (you|u) (think|believe|reckon|feel)\b/i,
  /\bin (your|ur) (opinion|view|mind)\b/i,
  /\b(your|ur)( \w+)? (opinion|view|take|thoughts|verdict)\b/i,
  /\b(a )?(good|bad|smart|wise|dumb|stupid) (idea|move|plan|policy)\b/i,
  /\b(do|would) (you|u) (agree|support|prefer|recommend|vote)\b/i,
  // The author's view beyond what the text states: "what does the author think Trump should do".
  // What the author thinks of something the briefing states ("does the writer think relief is
  // coming") is in the text; a verdict or a recommendation is not.
  /\b(does|did|do) the (author|writer|article|piece|briefing) (think|believe|feel)\b.*\b(should|ought|better|worse|good|bad|right|wrong|fair|unfair|deserve)\b/i,
  /\b(does|did|do) the (author|writer|article|piece|briefing) recommend\b/i,
  /\bwhat should \w+( \w+)? do\b/i,
  // A verdict between the two: "whose plan is better, Trump's or Xi's?".
  /\b(whose|which) \w+( \w+)? (is|are|was|were) (better|worse|best|worst|smarter|right)\b/i,
  /\b(better|worse|smarter|stronger|weaker) (leader|president|plan|policy|approach|strategy) than\b/i,
  /\b(who|which one)('?s| is| was)( the)? (better|worse|best|worst|smarter|right)\b/i,
  /\bpick one\b/i,
  // Speculation: what a change the briefing never discusses would do.
  /\bwould (that|it|this) (fix|solve|work|help|save)\b/i,
];

export function asksForOpinion(text: string): boolean {
  return OPINION_PATTERNS.some((pattern) => pattern.test(text));
}

/**
 * Another bot's command typed as a message ("!help", "/rank me", "$daily"): a command word and
 * at most a couple of arguments, not a question. "/ask what is dongbei" is long enough to be one.
 */
const BOT_COMMAND = /^\s*[!/$][\p{L}][\p{L}\p{N}_-]*(?:\s+\S+){0,1}\s*$/u;

export function looksLikeCommand(text: string): boolean {
  return BOT_COMMAND.test(text);
}

export function cleanQuestion(raw: string): string {
  const text = raw.length > MAX_ANALYSED_CHARS * 4 ? raw.slice(0, MAX_ANALYSED_CHARS * 4) : raw;
  return text.normalize("NFD").replace(INVISIBLE, "").normalize("NFC").slice(0, MAX_ANALYSED_CHARS);
}

export function looksUnsafe(text: string): boolean {
  return UNSAFE_PATTERNS.some((pattern) => pattern.test(text));
}

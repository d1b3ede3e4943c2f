/**
 * What a sentence does in its text, read from English discourse connectives (the kind the Penn
 * Discourse Treebank lists) and verb classes: gives a cause or purpose ("because", "to boost
 * prices"), follows from the sentence before ("As a result, ..."), sets things against each other
 * ("but", "unlike"), reports words ("said", "warned"), or looks ahead ("will", "could").
 */
import type { Token } from "./nlp.js";
import { wordRelations } from "./wordRelations.js";

export interface Cues {
  /** States a cause, reason or purpose inside the sentence. */
  readonly cause: boolean;
  /** Opens by saying it follows from the sentence before ("As a result", "So", "That's why"). */
  readonly result: boolean;
  /** Sets two things against each other. */
  readonly contrast: boolean;
  /** Reports what someone said, warned, believes or expects. */
  readonly speech: boolean;
  /** Speaks of what will or may happen. */
  readonly future: boolean;
  /** Contains a negation. */
  readonly negation: boolean;
  /** Compares or ranks ("most", "biggest", "more than"). */
  readonly ranking: boolean;
}

/** Single-word connectives that give a cause or purpose inside a sentence. */
const CAUSE_WORDS: ReadonlySet<string> = new Set([
  "because",
  "cause",
  "due",
  "thanks",
  "owing",
  "amid",
  "since",
  "so",
  "reason",
  "why",
  "driven",
  "fueled",
  "fuelled",
  "after",
  "over",
  "following",
]);
/** Multi-word cause connectives, as folded text. */
const CAUSE_PHRASES =
  /\b(?:because of|due to|as a result of|in order to|so that|thanks to|owing to|in response to|in retaliation|aimed at|in a bid to|on the grounds|led to|leading to|resulted in|caused by|blamed)\b/;
/** Openings that make a sentence the consequence of the one before. */
const RESULT_OPENINGS =
  /^(?:as a result|as a consequence|consequently|therefore|thus|hence|so|that's why|that is why|this is why|which is why|because of this|because of that|this means|that means|in turn|for that reason|in response)\b/;
const CONTRAST_WORDS: ReadonlySet<string> = new Set([
  "but",
  "however",
  "although",
  "though",
  "while",
  "whereas",
  "unlike",
  "instead",
  "yet",
  "despite",
  "nevertheless",
  "nonetheless",
  "contrast",
  "rather",
  "whilst",
]);
const FUTURE_WORDS: ReadonlySet<string> = new Set([
  "will",
  "would",
  "could",
  "might",
  "may",
  "shall",
  "likely",
  "unlikely",
  "expect",
  "expected",
  "plan",
  "planned",
  "set",
  "upcoming",
  "next",
  "future",
  "could",
]);
const RANKING_WORDS: ReadonlySet<string> = new Set([
  "most",
  "least",
  "biggest",
  "largest",
  "greatest",
  "highest",
  "lowest",
  "top",
  "best",
  "worst",
  "first",
  "last",
  "more",
  "less",
  "fewer",
  "richest",
  "poorest",
  "smallest",
  "leading",
  "main",
  "major",
  "record",
]);

/** The cues of one sentence, from its tokens and its folded text. */
export function readCues(tokens: readonly Token[], folded: string): Cues {
  const relations = wordRelations();
  let cause = CAUSE_PHRASES.test(folded);
  let contrast = false;
  let speech = false;
  let future = false;
  let negation = false;
  let ranking = false;
  tokens.forEach((token, index) => {
    const next = tokens[index + 1];
    if (CAUSE_WORDS.has(token.lower)) {
      // "since 1980" is a time; "after" and "over" give causes only before a clause or event noun.
      if (token.lower === "since" && next !== undefined && /^\d/.test(next.lower)) return;
      if (
        (token.lower === "after" || token.lower === "over" || token.lower === "following") &&
        next?.pos === "NUM"
      )
        return;
      cause = true;
    }
    // A purpose: "to" before a verb ("moved to boost prices", "To meet the milestone, ...").
    if (token.lower === "to" && next?.pos === "VERB" && tokens[index - 1]?.pos !== "AUX") cause = true;
    // "called it a good deal for keeping tariffs": "for" before a gerund gives the reason.
    if (token.lower === "for" && next?.pos === "VERB" && next.lower.endsWith("ing")) cause = true;
    if (CONTRAST_WORDS.has(token.lower)) contrast = true;
    if (token.pos === "VERB" && relations.classOf(token.lemma, "v") === "communication") speech = true;
    if (token.pos === "VERB" && relations.classOf(token.lemma, "v") === "cognition" && token.lemma !== "know")
      speech = true;
    if (FUTURE_WORDS.has(token.lower)) future = true;
    if (
      token.negated ||
      token.lower === "not" ||
      token.lower === "n't" ||
      token.lower === "no" ||
      token.lower === "never"
    )
      negation = true;
    if (RANKING_WORDS.has(token.lower) || (/est$/.test(token.lower) && token.pos === "ADJ")) ranking = true;
  });
  return { cause, result: RESULT_OPENINGS.test(folded), contrast, speech, future, negation, ranking };
}

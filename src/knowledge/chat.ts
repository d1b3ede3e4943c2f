/**
 * Chat spellings of question words ("y did it decline", "whr is it", "hw big"): read as the
 * words they stand for, so the kind of question (why, where, how) is seen as typed in Discord.
 */

/** Chat forms that stand for a question word wherever they appear. */
const QUESTION_WORDS: ReadonlyMap<string, string> = new Map([
  ["whr", "where"],
  ["wher", "where"],
  ["whre", "where"],
  ["hw", "how"],
  ["wat", "what"],
  ["wut", "what"],
  ["wht", "what"],
  ["wen", "when"],
  ["wich", "which"],
  // Units typed short: "how many yrs".
  ["yrs", "years"],
  ["yr", "year"],
]);
/** Chat forms that stand for a question word only as the question's first word: "y" is also a letter. */
const LEADING_QUESTION_WORDS: ReadonlyMap<string, string> = new Map([
  ["y", "why"],
  ["yy", "why"],
]);

/** The folded words of a question with chat question words written out. */
export function expandChatWords(sequence: readonly string[]): string[] {
  return sequence.map(
    (word, index) =>
      QUESTION_WORDS.get(word) ??
      (index === 0 ? LEADING_QUESTION_WORDS.get(word) : undefined) ??
      // "were is dongbei": "were" cannot start a question before "is", so it is "where" mistyped.
      (index === 0 && word === "were" && sequence[1] === "is" ? "where" : word),
  );
}

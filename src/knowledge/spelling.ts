/**
 * Reads a question as meant rather than as typed: chat shorthand written out ("wat r they
 * decidin" -> "what are they deciding"), and misspelt words corrected, first against the words of
 * the loaded briefings (names included), then against the general English of the word-vector
 * table. Words either knows are left alone.
 */
import { Speller } from "./typo.js";
import { wordVectors } from "./wordVectors.js";

/** Chat shorthand for everyday words: a general list of English chat, not of any briefing. */
const SHORTHAND: ReadonlyMap<string, string> = new Map([
  ["u", "you"],
  ["ur", "your"],
  ["r", "are"],
  ["wat", "what"],
  ["wut", "what"],
  ["wht", "what"],
  ["whats", "what is"],
  ["wats", "what is"],
  ["wuts", "what is"],
  ["wat's", "what is"],
  ["wld", "would"],
  ["wud", "would"],
  ["shld", "should"],
  ["cld", "could"],
  ["b", "be"],
  ["c", "see"],
  ["thx", "thanks"],
  ["prob", "probably"],
  ["probs", "probably"],
  ["def", "definitely"],
  ["w", "with"],
  ["hw", "how"],
  ["whr", "where"],
  ["wher", "where"],
  ["wen", "when"],
  ["wich", "which"],
  ["bc", "because"],
  ["bcz", "because"],
  ["cuz", "because"],
  ["coz", "because"],
  ["cos", "because"],
  ["becuz", "because"],
  ["abt", "about"],
  ["govt", "government"],
  ["gov", "government"],
  ["ppl", "people"],
  ["pls", "please"],
  ["plz", "please"],
  ["tho", "though"],
  ["thru", "through"],
  ["w/", "with"],
  ["w/o", "without"],
  ["b4", "before"],
  ["smth", "something"],
  ["sth", "something"],
  ["yr", "year"],
  ["yrs", "years"],
  ["mil", "million"],
  ["bn", "billion"],
  ["gonna", "going to"],
  ["wanna", "want to"],
  ["gotta", "have to"],
  ["dunno", "do not know"],
  ["idk", "i do not know"],
  ["imo", "in my opinion"],
  ["tbh", "to be honest"],
  ["rn", "now"],
  ["nah", "no"],
  ["ya", "you"],
  ["da", "the"],
  ["dat", "that"],
  ["dis", "this"],
  ["wit", "with"],
  ["n", "and"],
  ["bout", "about"],
  ["cant", "cannot"],
  ["dont", "do not"],
  ["didnt", "did not"],
  ["doesnt", "does not"],
  ["isnt", "is not"],
  ["wasnt", "was not"],
  ["arent", "are not"],
  ["wont", "will not"],
  ["whos", "who is"],
  ["wheres", "where is"],
  ["hows", "how is"],
  ["whys", "why is"],
]);
/** Digits that stand for words before a determiner or pronoun ("4 the bjp", "2 his sentence"). */
const DIGIT_WORDS: ReadonlyMap<string, string> = new Map([
  ["2", "to"],
  ["4", "for"],
]);
const DETERMINERS = /^(?:the|a|an|his|her|their|its|my|our|your|him|them|me|us|this|that|these|those|\d{4})$/;

/** Shorthand that stands for a question word only as the question's first word ("y" is also a letter). */
const LEADING_SHORTHAND: ReadonlyMap<string, string> = new Map([
  ["y", "why"],
  ["were", "where"],
]);

/**
 * Words of the general table used to correct everyday misspellings: the most frequent ones, so a
 * rare word never replaces what was meant ("powr" -> "power", not "pow").
 */
const GENERAL_SPELLING_WORDS = 20_000;

let generalSpeller: Speller | undefined;

function general(): Speller {
  if (generalSpeller === undefined) {
    const vectors = wordVectors();
    const frequency = new Map<string, number>();
    // The table is most frequent first; its rank stands for a count.
    for (const word of vectorWordsByRank(GENERAL_SPELLING_WORDS))
      frequency.set(word, GENERAL_SPELLING_WORDS - (vectors.rank(word) ?? 0));
    generalSpeller = new Speller(frequency);
  }
  return generalSpeller;
}

let rankedWords: string[] | undefined;
function vectorWordsByRank(limit: number): string[] {
  rankedWords ??= loadRankedWords();
  return rankedWords.slice(0, limit);
}

function loadRankedWords(): string[] {
  const vectors = wordVectors();
  return vectors.words().filter((word) => /^[a-z]+$/.test(word));
}

/** Whether the general table knows a word. */
export function isEnglishWord(word: string): boolean {
  return wordVectors().rank(word) !== undefined;
}

export interface SpellingContext {
  /** The loaded briefings' own words with their counts. */
  readonly briefingWords: Speller;
  /**
   * Short forms of the briefings' own names: initials ("wsj" -> "wall street journal") and the
   * start of a single long name word ("aus" -> "australia"), when only one name fits.
   */
  readonly aliases: ReadonlyMap<string, string>;
}

/** News abbreviations everyone uses, written out when a briefing does not use them itself. */
const NEWS_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ["pm", "prime minister"],
  ["mp", "member of parliament"],
  ["mps", "members of parliament"],
  ["ceo", "chief executive"],
  ["fm", "foreign minister"],
  ["gov", "government"],
  ["intl", "international"],
  ["natl", "national"],
  ["dept", "department"],
  ["admin", "administration"],
  ["econ", "economy"],
  ["pres", "president"],
  ["prez", "president"],
  ["elec", "election"],
]);

/** Shortest start of a name word taken as short for it ("aus"), and shortest name word it stands for. */
const NAME_PREFIX_MIN = 3;
const NAME_WORD_MIN = 6;

/** The short forms of a set of names (each a list of lower-case words), keeping only unambiguous ones. */
export function nameAliases(names: readonly (readonly string[])[]): Map<string, string> {
  const candidates = new Map<string, Set<string>>();
  const add = (alias: string, full: string) => {
    let set = candidates.get(alias);
    if (set === undefined) candidates.set(alias, (set = new Set()));
    set.add(full);
  };
  for (const name of names) {
    // "United States-Mexico-Canada Agreement" -> united states mexico canada agreement (USMCA).
    const words = name.flatMap((word) => word.split("-")).filter((word) => word !== "");
    const content = words.filter((word) => !/^(?:of|the|and|de|la|bin|al)$/.test(word));
    if (content.length >= 2) add(content.map((word) => word[0] ?? "").join(""), words.join(" "));
    for (const word of words) {
      if (word.length < NAME_WORD_MIN) continue;
      for (let length = NAME_PREFIX_MIN; length < word.length - 1; length++) add(word.slice(0, length), word);
    }
  }
  const aliases = new Map<string, string>();
  for (const [alias, fulls] of candidates) {
    // "aus" starts both "australia" and "australian": one word and its derivative are one name.
    const sorted = [...fulls].sort((a, b) => a.length - b.length);
    const shortest = sorted[0] ?? alias;
    if (sorted.every((full) => full.startsWith(shortest))) aliases.set(alias, shortest);
  }
  return aliases;
}

/**
 * Writes out shorthand and corrects misspellings in the words of a question, keeping everything
 * else as typed. `words` are lower-case; the result has the same order.
 */
export function correctWords(
  words: readonly string[],
  context: SpellingContext,
  typed: readonly string[] = words,
): string[] {
  const out: string[] = [];
  words.forEach((word, index) => {
    const digitWord = DIGIT_WORDS.get(word);
    if (digitWord !== undefined && DETERMINERS.test(words[index + 1] ?? "")) {
      out.push(digitWord);
      return;
    }
    const leading = index === 0 ? LEADING_SHORTHAND.get(word) : undefined;
    if (leading !== undefined && !(word === "were" && words[1] !== "is")) {
      out.push(leading);
      return;
    }
    const written = SHORTHAND.get(word);
    if (written !== undefined) {
      out.push(written);
      return;
    }
    if (!context.briefingWords.has(word)) {
      // A short form stands for a name only when it is no English word, or typed in capitals ("IS").
      const asTyped = typed[index] ?? word;
      const capitals = /^\p{Lu}{2,}$/u.test(asTyped);
      // "Aus" capitalised inside a question is a name's short form, though "aus" is in the word list.
      const properNoun = index > 0 && /^\p{Lu}/u.test(asTyped);
      const alias = context.aliases.get(word);
      if (alias !== undefined && (capitals || properNoun || !isEnglishWord(word))) {
        out.push(alias);
        return;
      }
      const abbreviation = NEWS_ABBREVIATIONS.get(word);
      if (abbreviation !== undefined && (capitals || !isEnglishWord(word) || word.length <= 3)) {
        out.push(abbreviation);
        return;
      }
    }
    out.push(correctWord(word, context));
  });
  return out;
}

export function correctWord(word: string, context: SpellingContext): string {
  if (!/^[a-z]+$/.test(word) || word.length < 3) return word;
  if (context.briefingWords.has(word) || isEnglishWord(word)) return word;
  return context.briefingWords.correct(word) ?? bySkeleton(word, context) ?? general().correct(word) ?? word;
}

/** Consonants of a word, in order: "groups" -> "grps". */
function skeleton(word: string): string {
  return (word[0] ?? "") + word.slice(1).replace(/[aeiouy]/g, "");
}

let generalSkeletons: Map<string, string> | undefined;

/**
 * A word typed without its vowels ("grps", "mkt", "cmpny"): the briefing's word with those
 * consonants, else the most frequent English one.
 */
function bySkeleton(word: string, context: SpellingContext): string | undefined {
  if (/[aeiou]/.test(word.slice(1)) || word.length < 3) return undefined;
  for (const candidate of context.briefingWords.words()) {
    if (candidate.length > word.length && skeleton(candidate) === word) return candidate;
  }
  if (generalSkeletons === undefined) {
    generalSkeletons = new Map();
    for (const candidate of vectorWordsByRank(GENERAL_SPELLING_WORDS)) {
      const key = skeleton(candidate);
      if (candidate.length > key.length && !generalSkeletons.has(key)) generalSkeletons.set(key, candidate);
    }
  }
  return generalSkeletons.get(word);
}

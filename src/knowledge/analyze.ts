/**
 * Turns text (a question, a sentence, a sample question) into matchable concepts: folded words,
 * stop words dropped, lightly stemmed, and synonyms from the lexicon merged into one concept.
 * Questions and knowledge go through the same path, so they meet in the same space.
 */
import { stem, words } from "./fold.js";
import type { Lexicon } from "./lexicon.js";
import { normalizeQuantities, prepareText } from "./normalize.js";

/**
 * Words that carry no subject matter: function words, question words, chat filler and
 * meta-words about the briefing itself. They never count as "unknown" content.
 */
const STOP_WORDS = new Set(
  `a an the and or but if of to in on at by for with from into onto over under about as is are was were be been
  being am do does did doing done have has had having it its it's this that these those there here then than so
  such too very can could would should will shall may might must i me my we our you your u ur he him his she her
  they them their what whats what's which who whos who's whom whose when whens where wheres why whys how hows
  not no nor don't dont doesn't doesnt didn't didnt isn't isnt aren't arent wasn't wasnt won't wont can't cant
  any some all also just only really actually basically exactly kinda sorta pretty quite much many more most
  lot lots get got gets getting go goes going went make makes made making tell explain describe summarize
  summary described describes describing info information about thing things stuff deal please pls plz thanks thx hey hi hello yo bro guys lol
  idk know knew think mean means meaning say says said mention mentioned mentions according article briefing text
  piece story author gzero writer talk talks talking happen happens happened happening like r y k ok okay
  one ones other others own way ways whats up real now today currently current ever even still
  again anyway through via between among during us name names let lets let's give show find list wat wut wht hw abt bc cuz tho lmao lmfao rofl omg wtf smh ngl tbh
  true gotten gonna tryna gotta lemme rn atm meant refer refers referring referred
  false named listed sum while whilst out wait nah hmm hm um uh bit bits called characterise characterize characterises characterizes characterised
  characterized journalist journalists reporter standing portray portrays portrayed depict depicts depicted idiom expression phrase wording writer's
  author's article's argue argues argued claim claims suggest suggests suggested per passage excerpt
  fr frfr lowkey highkey bruh fam istg deadass ong mr mrs ms upon reading readings
  remind reminded heard hear word cite never known fared faring smth sth historically
  newsletter tl dr see seeing seen saw`
    .split(/\s+/)
    .filter((word) => word !== ""),
);

/** Question words that say what kind of answer is wanted; used as pseudo-concepts for question matching. */
const QUESTION_SHAPES: readonly (readonly [string, RegExp])[] = [
  ["?howmany", /\bhow (many|much|big|large|populous)\b|%|\bnumber of\b/],
  ["?which", /\b(which|name|names|named|list|called)\b/],
  ["?why", /\bwhy\b|\bhow come\b/],
  // "When" as a question, not as "careful when moving": it opens the question or a clause of it.
  [
    "?when",
    /(^|[,;:.?!]\s*|\b(and|so|but|or|like|know|me|wonder|wondering|remember|recall|ask|asking)\s+)when\b|\bwhen (did|was|were|is|are|will|does|do|has|have|had|exactly)\b|\b(what|which) (years?|decade|era|period)\b|\bhow long\b/,
  ],
  ["?who", /\bwho\b|\bwhom\b/],
  ["?where", /\bwhere\b/],
  ["?yesno", /^(is|are|was|were|do|does|did|can|could|has|have|will)\b/],
  // Someone's words or opinions: "what did trump say about xi". The briefing quotes nobody.
  [
    "?opinion",
    /\b(did|does|do) (?!it\b|the\b|this\b|that\b)\w+( \w+)? (\w+ly )?(say|think|feel|believe|like|love|hate|trust|respect|admire)\b/,
  ],
];

export type QuestionIntent =
  | "cause"
  | "number"
  | "time"
  | "contrast"
  | "person"
  | "place"
  | "goal"
  | "risk"
  | "change"
  | "likeness"
  | "past"
  | "effect";

const INTENT_PATTERNS: readonly (readonly [QuestionIntent, RegExp])[] = [
  [
    "cause",
    /\bwhy\b|\bhow come\b|\bcaus|\breason|\bwhat led\b|\bdue to\b|\bbecause\b|\bresult of (what|which)\b|\bas a result of\b|\b(hold|holds|holding|held)( \w+){1,3} back\b/,
  ],
  [
    "number",
    /\bhow (many|much|big|large|populous|fast)\b(?! (?:of )?a deal\b)|\bwhat (percent|percentage|share|proportion|fraction|number)\b|%|\bpercent|\bnumber of\b|\bpopulation\b|\b(what|whats|how)\b.*\b(gdp|budget|salary|income|wages?|price|cost|revenue)\b/,
  ],
  [
    "time",
    /(^|[,;:.?!]\s*|\b(and|so|but|or|like|know|me|wonder|wondering|remember|recall|ask|asking)\s+)when\b|\bwhen (did|was|were|is|are|will|does|do|has|have|had|exactly)\b|\b(what|which) (years?|decade|era|period)\b|\bsince when\b|\bhow (long|old)\b|\b(base|start|starting|reference|baseline|benchmark) (year|date|point)\b/,
  ],
  // Likeness is a comparison too ("what do they have in common"), and also a likeness (below).
  [
    "contrast",
    /\bdiffer|\bdiverg|\bunlike\b|\binstead\b|\bopposite\b|\bcompar|\bcontrast|\bvs\.?\b|\bversus\b|\bsame\b|\blike trump\b|\bsimilar|\balike\b|\bin common\b|\bequivalent|\bcounterpart|\bparallel|\banalog|\bresembl|\bmirrors?\b|\bakin\b|\bhow (is|are|was|were)\b.{0,60}\blike\b/,
  ],
  // The same thing elsewhere: answered best by a sentence that says "also" or "its own".
  [
    "likeness",
    /\bsame\b|\bsimilar|\balike\b|\bin common\b|\bequivalent|\bcounterpart|\bparallel|\banalog|\bresembl|\bmirrors?\b|\bakin\b|\bhow (is|are|was|were)\b.{0,60}\blike\b|^(is|are|does|do|did|has|have)\b.*\b(also|too|as well)\b|\bboth\b.{0,60}\b(have|has|face|faces|share)\b/,
  ],
  // What something was before: answered by the sentence that says what it once was.
  [
    "past",
    /\bback in the day\b|\bback then\b|\bthen (vs\.?|versus|and|compared (to|with)|or) now\b|\bpast\b.{0,60}\b(now|today|present|these days)\b|\b(in )?the old days\b|\bheyday\b|\bin (its|their) prime\b|\bhistoric(al)? (role|importance|significance|standing|position|status)\b|\bhistorically\b|\bused to\b|\boriginally\b|\bin the past\b|\bformerly\b|\bbefore (it|its|the) (declin|fell|fall)|\b(was|were) \w+( \w+)? (ever|always)\b/,
  ],
  ["person", /\bwho\b|\bwhom\b/],
  [
    "place",
    /\bwhere\b|\bwhereabouts\b|\bwhich (coast|provinces?|region|countr(y|ies)|area)\b|\bgeograph|\bterrain\b|\blandscape\b|^(is|are|was|were) \w+( \w+)? (located |situated )?in (the )?(north|south|east|west|ne|nw|se|sw|northern|southern|eastern|western|northeast|northeastern)\b/,
  ],
  ["goal", /\bwants?\b|\bgoal|\baims?\b|\bplans?\b|\bpledge|\bseeks?\b|\btrying\b/],
  [
    "risk",
    /\brisk|\bchallenge|\bproblem|\bdanger|\bworr|\bthreat|\bwrong\b|\bhard\b|\bdifficult|\bscared\b|\bafraid\b|\bfear|\bavoid|\bprevent|\btricky\b|\bcareful\b|\bdownside|\bpitfall|\bobstacle|\bhurdle|\bdilemma|\btough\b|\bbalancing act\b|\bcatch\b|\bdamag|\bdisrupt|\bkeep\b.{0,30}\b(steady|stable|intact|calm|together)\b|\bprotect|\bpreserv|\bsafeguard|\bat stake\b/,
  ],
  // What followed from something: "what was the result of the reforms", "the knock-on effect of".
  [
    "effect",
    /\b(result|effect|impact|consequence|outcome|upshot)s? (of|for|on)\b(?! (what|which)\b)|\bknock-on\b|\bwhat (did|does|has|have) .{3,60} (lead to|led to|result in|resulted in|mean for)\b|\bwhat happened (to|in) .{3,60} (after|afterwards|as a result)\b/,
  ],
  // What became of something: answered by the sentences that say how it changed.
  [
    "change",
    /\b(what|wat|wut|wht)('?s| has| have)? (happen|chang)|\bhow (has|have|did) .{0,40}\bchang|\bwhat became of\b|\bwhat went wrong\b|\bwhat('?s| is) (going on|up) with\b/,
  ],
];

export function detectIntents(folded: string): Set<QuestionIntent> {
  return new Set(INTENT_PATTERNS.filter(([, pattern]) => pattern.test(folded)).map(([intent]) => intent));
}

export function questionShapes(folded: string): string[] {
  return QUESTION_SHAPES.filter(([, pattern]) => pattern.test(folded)).map(([shape]) => shape);
}

/** The stop words themselves: everyday spellings that typos are corrected to as a last resort. */
export function stopWords(): Iterable<string> {
  return STOP_WORDS;
}

export function isStopWord(word: string): boolean {
  // Single letters carry nothing, but a single digit ("3 provinces") is a figure.
  return STOP_WORDS.has(word) || (word.length < 2 && !/\d/.test(word));
}

/** One content word of a text, after typo correction, with the concept it maps to. */
export interface Term {
  readonly word: string;
  readonly concept: string;
  /** Position of the term's first word in the normalized sequence (see normalizeQuantities). */
  readonly index: number;
}

/** Maps words and phrases to concepts, using the lexicon's synonym groups. */
export class ConceptMapper {
  private readonly singles = new Map<string, string>();
  /**
   * Multi-word entries by the stem of their first word, longest first so "belt and road
   * initiative" beats "belt and road". Matched by stems: "hitting the skids" is "hit the skids".
   */
  private readonly phrases = new Map<string, { words: string[]; stems: string[]; concept: string }[]>();
  /** Words inside a group's phrases, by group: "us president" makes Trump a president. */
  private readonly phraseWords = new Map<string, Set<string>>();

  constructor(lexicon: Lexicon) {
    lexicon.groups.forEach((group, index) => {
      const concept = `=${String(index)}`;
      for (const entry of group) {
        const entryWords = normalizeQuantities(words(prepareText(entry)));
        if (entryWords.length === 1 && entryWords[0] !== undefined) {
          this.singles.set(entryWords[0], concept);
          this.singles.set(stem(entryWords[0]), concept);
        } else if (entryWords.length > 1 && entryWords[0] !== undefined) {
          const stems = entryWords.map(stem);
          const list = this.phrases.get(stems[0] ?? "") ?? [];
          list.push({ words: entryWords, stems, concept });
          this.phrases.set(stems[0] ?? "", list);
        }
      }
    });
    for (const list of this.phrases.values()) {
      list.sort((a, b) => b.words.length - a.words.length);
      for (const phrase of list) {
        const inside = this.phraseWords.get(phrase.concept) ?? new Set<string>();
        for (const word of phrase.words) if (!isStopWord(word)) inside.add(this.conceptOf(word));
        this.phraseWords.set(phrase.concept, inside);
      }
    }
  }

  /**
   * Whether `concept` is part of what `other` names: "president" of Trump's group ("us
   * president"), "china" of Xi's ("chinese president").
   */
  implies(other: string, concept: string): boolean {
    return other === concept || this.phraseWords.get(other)?.has(concept) === true;
  }

  /** The concept of one word: its synonym group, or else its stem. */
  conceptOf(word: string): string {
    return this.singles.get(word) ?? this.singles.get(stem(word)) ?? stem(word);
  }

  /**
   * Content terms of a word sequence: phrases first (they swallow their words), then single
   * words. The sequence is normalized first (quantities, "n" for "and"); positions refer to
   * `normalize(rawSequence)`.
   */
  terms(rawSequence: readonly string[]): Term[] {
    return this.termsOfNormalized(ConceptMapper.normalize(rawSequence));
  }

  /** terms() of a sequence already passed through normalize(). */
  termsOfNormalized(sequence: readonly string[]): Term[] {
    const terms: Term[] = [];
    const stems = sequence.map(stem);
    for (let index = 0; index < sequence.length;) {
      const phrase = this.phrases
        .get(stems[index] ?? "")
        ?.find((candidate) =>
          candidate.stems.every((wordStem, offset) => stems[index + offset] === wordStem),
        );
      if (phrase !== undefined) {
        terms.push({
          word: sequence.slice(index, index + phrase.words.length).join(" "),
          concept: phrase.concept,
          index,
        });
        index += phrase.words.length;
        continue;
      }
      const word = sequence[index] ?? "";
      index++;
      if (isStopWord(word)) continue;
      terms.push({ word, concept: this.conceptOf(word), index: index - 1 });
    }
    return terms;
  }

  /** The word sequence terms() reads: quantities in digits, chat "n" read as "and" ("belt n road"). */
  static normalize(rawSequence: readonly string[]): string[] {
    return normalizeQuantities(rawSequence.map((word) => (word === "n" ? "and" : word)));
  }

  /** Concepts of a piece of text (raw or already prepared), as a set. */
  concepts(text: string): Set<string> {
    return new Set(this.terms(words(prepareText(text))).map((term) => term.concept));
  }
}

/** Concepts of the terms on either side of each "or" (stop words between are skipped). */
export function choicesIn(terms: readonly Term[], normalized: readonly string[]): ReadonlySet<string> {
  if (!normalized.includes("or")) return NO_CHOICES;
  const choices = new Set<string>();
  normalized.forEach((word, index) => {
    if (word !== "or") return;
    const before = terms.filter((term) => term.index < index).at(-1);
    const after = terms.find((term) => term.index > index);
    if (before !== undefined && after !== undefined) choices.add(before.concept).add(after.concept);
  });
  return choices;
}

const NO_CHOICES: ReadonlySet<string> = new Set();

/**
 * The thing a "which" question (or "name the…", "list the…") asks to pick: the first word of
 * substance after it ("which US states…" asks for US states, "which region…" for a region).
 * Undefined otherwise: a "what" question words its object too many ways ("what is X's Y", "what
 * are the Ys of X").
 */
export function askedThing(
  terms: readonly Term[],
  normalized: readonly string[],
  isGeneric: (word: string) => boolean,
): string | undefined {
  // "Name the provinces", "list the cities": an imperative that asks to pick things too.
  const at = PICKS_THINGS.has(normalized[0] ?? "") ? 0 : normalized.indexOf("which");
  if (at < 0) return undefined;
  let start = at + 1;
  while (start < normalized.length && isStopWord(normalized[start] ?? "")) start++;
  let end = start;
  for (const term of terms) {
    if (term.index < start) continue;
    if (term.index !== end) break;
    end = term.index + term.word.split(" ").length;
    if (!isGeneric(term.word)) return term.concept;
  }
  return undefined;
}

const PICKS_THINGS: ReadonlySet<string> = new Set(["name", "list"]);

/** "A city or what", "a region or something": a guess offered to be corrected, not a topic. */
export function isOpenGuess(normalized: readonly string[], term: Term): boolean {
  const end = term.index + term.word.split(" ").length;
  return normalized[end] === "or" && OPEN_CHOICE_ENDS.has(normalized[end + 1] ?? "");
}

const OPEN_CHOICE_ENDS: ReadonlySet<string> = new Set([
  "what",
  "something",
  "smth",
  "sth",
  "anything",
  "whatever",
]);

/**
 * What "how many" counts: the head of the words right after it, the last of a run ("how many
 * PRC provinces" counts provinces, "how many steel plants" plants).
 */
export function countedAfter(
  terms: readonly Term[],
  howMany: number,
  isGeneric: (word: string) => boolean,
): ReadonlySet<string> {
  let head: Term | undefined;
  let end = howMany + 2;
  for (const term of terms) {
    if (term.index <= howMany + 1) continue;
    if (term.index !== end || term.index > howMany + COUNTED_NOUN_REACH) break;
    end = term.index + term.word.split(" ").length;
    // An everyday word after the noun ("how many years ago") does not take its place.
    if (head === undefined || !isGeneric(term.word)) head = term;
  }
  return head === undefined ? NOTHING_COUNTED : new Set([head.concept]);
}

export const NOTHING_COUNTED: ReadonlySet<string> = new Set();
/** Words after "how many" that may name what is counted ("how many PRC provinces"). */
const COUNTED_NOUN_REACH = 3;

/**
 * The answer engine: a question in, the briefing's own words out (with citation), or an honest
 * decline with suggestions. Built once per knowledge base; answer() never throws.
 *
 * How a question is answered:
 * 1. clean (drop invisible characters and zalgo), refuse unsafe input, fold, split into words;
 * 2. correct typos against the knowledge base's vocabulary, then map words to concepts
 *    (stems, with lexicon synonyms merged);
 * 3. decline when too much of the question is about things the knowledge base never mentions;
 * 4. score each sentence: concept overlap with the sentence (plus its facts' keywords and sample
 *    questions), similarity to the closest curated sample question, and a bonus when the
 *    sentence answers the kind of question asked (why, how many, when, contrast...);
 * 5. decline when the question is closer to a known unanswerable question, when a "how many" or
 *    "when" question would get a sentence without numbers or dates, or when the match is weak.
 */
import {
  ConceptMapper,
  askedThing,
  choicesIn,
  countedAfter,
  isOpenGuess,
  NOTHING_COUNTED,
  detectIntents,
  isStopWord,
  stopWords,
  questionShapes,
  type QuestionIntent,
  type Term,
} from "./analyze.js";
import { expandChatWords } from "./chat.js";
import { foldText, stem, words } from "./fold.js";
import { isLoadedKnowledge, type CuratedFact, type NearMiss } from "./load.js";
import { prepareText } from "./normalize.js";
import { numberWordValue } from "./numberWords.js";
import {
  CHECKS_CLAIM,
  ITEM_COUNT_ASKERS,
  MIN_LISTED_NAMES,
  NUMBER_WORDS,
  QUANTITY_NOUNS,
  TIME_WORDS,
  countListedNames,
  countedConcepts,
  hasFigure,
  isGuessedFigure,
  withoutNamedNumbers,
} from "./figures.js";
import { NAME_RUN, capitalizedWords, possessors } from "./names.js";
import {
  ASKS_CHANGE_OF,
  ASKS_PERCENT,
  ASKS_RANKING,
  ASKS_YEAR,
  DEFINITION_MAX_CONCEPTS,
  DEFINITION_QUESTION,
  LIKENESS_WORDS,
  CLAUSE_BREAK,
  MEANING_MIN_PHRASE_LENGTH,
  STATES_CONSEQUENCE,
  STATES_PAST,
  STATES_SHIFT,
  meaningSubject,
  REPORTS_VIEW,
  SAYS_MORE_THAN_A_NAME,
  STATES_RANKING,
  STATES_YEAR,
  asksNowGivenThen,
  NAMES_ONE_THING,
  focusIntents,
  withoutTimeComparison,
} from "./questionKinds.js";
import {
  ABOUT_WEIGHT,
  AMBIGUOUS_WEIGHT,
  CAUSE_OR_CONTRAST_BONUS,
  FIGURE_MIN_COVERAGE,
  INTENT_BONUS,
  MAX_PHRASE_BONUS,
  MAX_RELATED,
  MAX_SUGGESTIONS,
  MAX_UNKNOWN_SHARE,
  MIN_ANSWER_SCORE,
  MIN_COVERAGE,
  MIN_KNOWN_TO_TOLERATE_UNKNOWN,
  NAMED_BONUS_MIN_COVERAGE,
  NAMED_IN_TEXT_BONUS,
  NEAR_MISS_MIN_CONTAINMENT,
  PHRASE_BONUS,
  RELATED_MIN_FRACTION,
  SAMPLE_WEIGHT,
  SHAPE_WEIGHT,
  WEAKLY_WORDED_INTENTS,
} from "./thresholds.js";
import { CONFLICTING_FRAMES, QUESTION_TIME_FRAME, anchorsOf, frameOf, type TimeFrame } from "./timeFrames.js";
import { isAt, positionIn, withoutPositions, type Layout, type PositionReference } from "./positions.js";
import { withoutFraming } from "./framing.js";
import { asksForAdvice, asksForOpinion, cleanQuestion, looksLikeCommand, looksUnsafe } from "./safety.js";
import { QuestionSuggester } from "./suggest.js";
import { americanSpelling, doublingTypo, isSlipOf, looksLikeAdverb, nameSoundingLike } from "./spellings.js";
import { Speller, TYPO_MIN_LENGTH } from "./typo.js";
import type {
  AnswerEngine,
  AnswerOptions,
  AnswerResult,
  Briefing,
  CitedQuote,
  DeclineReason,
  KnowledgeBase,
} from "./types.js";

interface Unit {
  readonly quote: CitedQuote;
  readonly folded: string;
  /** Concepts of the sentence plus its facts' keywords and sample questions. */
  readonly concepts: ReadonlySet<string>;
  readonly intents: ReadonlySet<QuestionIntent>;
  readonly samples: readonly number[];
  readonly hasNumber: boolean;
  readonly hasTime: boolean;
  /** Besides its concepts, the briefing's title and its facts' topic titles ("Dongbei"): what it is about. */
  readonly about: ReadonlySet<string>;
  /**
   * Concepts that only its "why" sample questions bring ("why did Dongbei decline" on the cause):
   * they say what the sentence explains, not what it states, so only a "why" question uses them.
   */
  readonly causeOnly: ReadonlySet<string>;
  /** Concepts the sentence puts a figure on ("three provinces", "100 million people", "for decades"). */
  readonly counts: ReadonlySet<string>;
  /** The sentence lists named things ("North Korea ... and Mongolia"): it answers a count of them. */
  readonly hasList: boolean;
  /** Concepts of the sentence's possessors ("Trump's pledge", "Dongbei's neighbors"). */
  readonly owners: ReadonlySet<string>;
  /**
   * Dates and events that are the sentence's time frame ("before World War Two", "since 1980",
   * "the 1980s"), with the side of them it speaks about when a word says so.
   */
  readonly anchors: ReadonlyMap<string, TimeFrame | undefined>;
}

interface Sample {
  readonly question: string;
  readonly briefing: string;
  readonly unit: number;
  readonly concepts: ReadonlySet<string>;
}

/** The best answer plus the related candidates: all that is ever read from a ranking. */
const RANKED_KEPT = 1 + MAX_RELATED;

/** Inserts into a short list kept sorted best-first (ties: earlier sentence first), capped at RANKED_KEPT. */
function keepTop(list: Ranked[], entry: Ranked): void {
  const better = (a: Ranked, b: Ranked) => a.score > b.score || (a.score === b.score && a.unit < b.unit);
  let at = list.length;
  while (at > 0 && better(entry, list[at - 1] ?? entry)) at--;
  if (at >= RANKED_KEPT) return;
  list.splice(at, 0, entry);
  if (list.length > RANKED_KEPT) list.pop();
}

const QUESTION_WORD = /\b(what|whats|who|whom|whose|why|how|when|where|which)\b/;

interface Ranked {
  readonly unit: number;
  readonly score: number;
  /** Weighted share of the question's concepts found in the sentence, keywords and samples. */
  readonly coverage: number;
}

interface AnalysedQuestion {
  readonly folded: string;
  readonly concepts: Set<string>;
  /** Concepts of the known, non-generic words: what the answer has to be about. */
  readonly content: Set<string>;
  /** Content concepts written only with ambiguous words ("responsible"): see AMBIGUOUS_WEIGHT. */
  readonly ambiguous: Set<string>;
  /** Content concepts that are names ("Dongbei", "Xi"): see NAMED_IN_TEXT_BONUS. */
  readonly names: Set<string>;
  /**
   * Consecutive content words of a keyword query ("industrial heartland"), for literal phrase
   * matches that tolerate endings ("heavy industry" ~ "heavy industries").
   */
  readonly pairPatterns: RegExp[];
  readonly known: number;
  readonly unknown: number;
  readonly intents: Set<QuestionIntent>;
  readonly shapes: string[];
  /** Digits in the question ("1980", "80s", "2024"): the answer must contain them. */
  readonly figures: string[];
  /**
   * Concepts of dates or events the question asks about rather than uses as a time frame:
   * "when did World War Two end" (not "what happened before World War Two").
   */
  readonly subjects: Set<string>;
  /** Dates and events the question uses as its time frame, and which side of them it asks about. */
  readonly frames: Map<string, TimeFrame>;
  /** The question counts discrete things ("how many countries"), not a quantity ("how many people"). */
  readonly countsThings: boolean;
  /** Concepts of what "how many" asks to count ("how many provinces" -> provinces). */
  readonly counted: ReadonlySet<string>;

  /** "What happened to X": only sentences that state a change answer (see ASKS_CHANGE_OF). */
  readonly asksChange: boolean;
  /** "What percentage": only sentences that state a percent answer (see ASKS_PERCENT). */
  readonly asksPercent: boolean;
  /** "What year": only sentences that state a year answer (see ASKS_YEAR). */
  readonly asksYear: boolean;
  /** "Which X has the most Y": only sentences that rank answer (see ASKS_RANKING). */
  readonly asksRanking: boolean;
  /** No question word or shape: a bare keyword or phrase such as "WW2" or "7 percent". */
  readonly isKeywordQuery: boolean;
  /**
   * Concepts of possessors ("xi's slogan", "mongolia's population"): the question asks about
   * something of theirs, so a sentence about someone else's does not answer it.
   */
  readonly owners: Set<string>;
  /** A figure offered to be checked ("like 14%?", "3 or 4", "true or false: five"): a sentence with any figure may settle it. */
  readonly guessesFigure: boolean;
  /**
   * The options of a choice ("the east or the west", "heavy or light industry"): the answer
   * names one of them, so the others may be missing from it.
   */
  readonly alternatives: ReadonlySet<string>;
  /** "It used to be a powerhouse, how is it now": a sentence about what it once was does not answer. */
  readonly asksNowGivenThen: boolean;
  /**
   * "Is Dongbei the same as Manchuria?": two names of one concept, one of them only the lexicon's.
   * Whether they name the same thing is the lexicon's say, not the briefing's.
   */
  readonly asksIfSameName: boolean;
  /** Concepts offered as an open guess: "is it like a city or what". */
  readonly guessedConcepts: ReadonlySet<string>;
  /** What a "which" question asks to pick (see askedThing). */
  readonly asks: string | undefined;
  /** "The last paragraph", "sentence 3": where in the briefing the answer must come from. */
  readonly position: PositionReference | undefined;
  /** The folded phrase a "what does X mean" question asks about. */
  readonly meaningOf: string | undefined;
}

class Engine implements AnswerEngine {
  private readonly mapper: ConceptMapper;
  private readonly units: Unit[] = [];
  private readonly samples: Sample[] = [];
  private readonly nearMisses: {
    miss: NearMiss;
    concepts: ReadonlySet<string>;
    asks: string | undefined;
    /** Its words the knowledge lacks ("work" in "did Trump's plan … work?"), once known. */
    lacking: string[];
  }[] = [];
  private readonly weights = new Map<string, number>();
  private readonly knownConcepts = new Set<string>();
  /** Words that literally occur in the knowledge (text, keywords, sample questions). */
  private readonly knowledgeWords = new Set<string>();
  private readonly genericWords = new Set<string>();
  /** Words written with a capital inside a sentence ("Xi", "Mongolia", "Rust Belt"): names. */
  private readonly nameWords = new Set<string>();
  /** Consecutive words of one capitalized name in the text ("russian far", "far east"). */
  private readonly namePairs = new Set<string>();
  /** Concepts also written in lower case ("economy" beside "GDP"): ordinary words, not names. */
  private readonly lowerCaseConcepts = new Set<string>();
  /** Concepts of names: a question naming one is about it, and only sentences about it answer. */
  private readonly nameConcepts = new Set<string>();

  /** Every word of a lexicon entry: a real word, never corrected to something else. */
  private readonly lexiconWords = new Set<string>();
  /** Folded words of the lexicon's `ambiguous` list. */
  private readonly ambiguousWords = new Set<string>();
  /** Sentences whose own text (not their facts) names a concept: for NAMED_IN_TEXT_BONUS. */
  private readonly textPostings = new Map<string, Set<number>>();
  /**
   * Words found only in curated unanswerable questions ("unemployment", "governor", "budget"):
   * the knowledge base is known not to cover them, so one is enough to decline.
   */
  private readonly unanswerableWords = new Set<string>();
  private readonly postings = new Map<string, number[]>();
  /** Sentences by what they put a figure on ("three provinces"): see isReferenceFigure. */
  private readonly countedBy = new Map<string, number[]>();
  private readonly samplePostings = new Map<string, number[]>();
  private readonly correctedWords = new Map<string, string>();
  private readonly curatedWeights = new WeakMap<ReadonlySet<string>, number>();
  /** Sentences per paragraph of each briefing, to find "the last paragraph". */
  private readonly layouts = new Map<string, Layout>();
  private readonly speller: Speller;
  /** Everyday words (stop words, generic words): "locatd" is "located", not a word the briefing lacks. */
  private readonly everydaySpeller: Speller;
  private readonly suggester: QuestionSuggester;

  constructor(private readonly kb: KnowledgeBase) {
    const loaded = isLoadedKnowledge(kb) ? kb : undefined;
    this.mapper = new ConceptMapper(loaded?.lexicon ?? { groups: [], generic: [], ambiguous: [] });
    const facts: readonly CuratedFact[] = loaded?.facts ?? kb.facts.map((fact) => ({ ...fact, intents: [] }));
    const vocabulary = new Map<string, number>();
    const learn = (text: string, known: readonly string[] = words(foldText(text))) => {
      for (const word of known) {
        vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
        this.knowledgeWords.add(word);
      }
    };

    for (const briefing of kb.briefings) {
      this.layouts.set(
        briefing.id,
        briefing.paragraphs.map((paragraph) => paragraph.sentences.length),
      );
      learn(briefing.title);
      this.indexBriefing(briefing, facts, learn);
    }
    for (const topic of kb.topics) learn(topic.title);
    for (const word of loaded?.lexicon.generic ?? []) {
      this.genericWords.add(word);
      this.genericWords.add(stem(word));
    }
    // Lexicon words are valid spellings (see correctWord) but never corrections: "elected" must
    // not become the synonym "erected" and so a question about building.
    for (const group of loaded?.lexicon.groups ?? []) {
      for (const entry of group) for (const word of words(entry)) this.lexiconWords.add(word);
    }
    for (const word of loaded?.lexicon.ambiguous ?? []) this.ambiguousWords.add(word);
    for (const miss of loaded?.nearMisses ?? []) {
      const missWords = ConceptMapper.normalize(words(prepareText(miss.question)));
      this.nearMisses.push({
        miss,
        concepts: this.withShapes(miss.question),
        asks: askedThing(this.mapper.termsOfNormalized(missWords), missWords, (word) => this.isGeneric(word)),
        lacking: [],
      });
    }

    const documentCount = Math.max(1, this.units.length);
    const frequency = new Map<string, number>();
    this.units.forEach((unit, index) => {
      for (const concept of unit.counts) {
        const counting = this.countedBy.get(concept) ?? [];
        counting.push(index);
        this.countedBy.set(concept, counting);
      }
      for (const concept of unit.concepts) {
        frequency.set(concept, (frequency.get(concept) ?? 0) + 1);
        const list = this.postings.get(concept) ?? [];
        list.push(index);
        this.postings.set(concept, list);
        this.knownConcepts.add(concept);
      }
    });
    for (const [concept, count] of frequency) {
      this.weights.set(concept, Math.log(1 + documentCount / count));
    }
    // A word the knowledge itself uses is never proof of an unanswerable question, even when its
    // sentences file it under a phrase ("President Xi" is the Xi concept, so "president" alone
    // is not a known concept): "which president wants to revive steel" must stay answerable.
    const usedConcepts = new Set([...this.knowledgeWords].map((word) => this.mapper.conceptOf(word)));
    for (const { concepts } of this.nearMisses) {
      for (const concept of concepts) {
        if (
          !concept.startsWith("?") &&
          !this.knownConcepts.has(concept) &&
          !this.genericWords.has(concept) &&
          !usedConcepts.has(concept)
        )
          this.unanswerableWords.add(concept);
      }
    }
    for (const nearMiss of this.nearMisses) {
      nearMiss.lacking = [...nearMiss.concepts].filter((concept) => this.unanswerableWords.has(concept));
    }
    this.samples.forEach((sample, index) => {
      for (const concept of sample.concepts) {
        const list = this.samplePostings.get(concept) ?? [];
        list.push(index);
        this.samplePostings.set(concept, list);
      }
    });
    // Lexicon words and question words are valid spellings even when not in the text itself.
    for (const word of ["what", "where", "when", "which", "who", "why", "how", "does", "many", "much"]) {
      vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
    }
    this.speller = new Speller(vocabulary);
    const everyday = new Map<string, number>();
    for (const word of [...stopWords(), ...(loaded?.lexicon.generic ?? []), ...this.lexiconWords]) {
      if (word.length >= EVERYDAY_CORRECTION_MIN_LENGTH && !word.includes(" ")) everyday.set(word, 1);
    }
    this.everydaySpeller = new Speller(everyday);
    this.suggester = new QuestionSuggester(
      this.samples.map((sample) => ({ question: sample.question, briefing: sample.briefing })),
      (text) => this.withShapes(text),
      (word) => this.correctWord(word),
      (concept) => this.weightOf(concept),
    );
  }

  private indexBriefing(
    briefing: Briefing,
    facts: readonly CuratedFact[],
    learn: (text: string, known?: readonly string[]) => void,
  ): void {
    const titleConcepts = this.mapper.concepts(briefing.title);
    const bodyConcepts = new Set<string>();
    for (const paragraph of briefing.paragraphs) {
      for (const sentence of paragraph.sentences) {
        // Fold once per sentence: at 25,000 sentences folding dominates the index build.
        const folded = prepareText(sentence.text);
        const sentenceWords = words(folded);
        learn(sentence.text, sentenceWords);
        const normalized = ConceptMapper.normalize(sentenceWords);
        const sentenceTerms = this.mapper.termsOfNormalized(normalized);
        const capitalized = capitalizedWords(sentence.text);
        this.learnNames(capitalized, sentenceTerms);
        if (capitalized.size >= 2) this.learnNamePairs(sentence.text);
        for (const term of sentenceTerms) {
          bodyConcepts.add(term.concept);
          // Only names can earn NAMED_IN_TEXT_BONUS: capitalized words, or the sentence's first.
          if (term.index !== 0 && !term.word.split(" ").some((word) => capitalized.has(word))) continue;
          const list = this.textPostings.get(term.concept) ?? new Set<number>();
          list.add(this.units.length);
          this.textPostings.set(term.concept, list);
        }
        const own = facts.filter(
          (fact) =>
            fact.briefing === briefing.id &&
            fact.quote.citation.paragraph === paragraph.number &&
            fact.quote.citation.sentence === sentence.number,
        );
        const concepts = new Set(sentenceTerms.map((term) => term.concept));
        const stated = new Set(concepts);
        const explained = new Set<string>();
        const intents = new Set<QuestionIntent>();
        // The title names what the whole briefing is about ("China", "Rust Belt"): every sentence
        // is about it, even one that only says "the country". (Shared, not copied: 25,000 units.)
        let about: Set<string> = titleConcepts;
        const unitIndex = this.units.length;
        const samples: number[] = [];
        for (const fact of own) {
          for (const keyword of fact.keywords) {
            learn(keyword);
            for (const concept of this.mapper.concepts(keyword)) {
              concepts.add(concept);
              stated.add(concept);
            }
          }
          for (const question of fact.questions) {
            learn(question);
            const asked = this.mapper.concepts(question);
            if (detectIntents(prepareText(question)).has("cause")) {
              for (const concept of asked) if (!concepts.has(concept)) explained.add(concept);
            } else {
              for (const concept of asked) stated.add(concept);
            }
            for (const concept of asked) concepts.add(concept);
            samples.push(this.samples.length);
            this.samples.push({
              question,
              briefing: briefing.id,
              unit: unitIndex,
              concepts: this.withShapes(question),
            });
          }
          for (const intent of fact.intents) intents.add(intent);
          for (const topic of fact.topics) {
            const title = this.kb.topics.find((candidate) => candidate.id === topic)?.title ?? "";
            if (about === titleConcepts) about = new Set(titleConcepts);
            for (const concept of this.mapper.concepts(title)) about.add(concept);
          }
        }
        const hasNumber = NUMBER_WORDS.test(withoutNamedNumbers(folded, capitalized));
        const hasTime = TIME_WORDS.test(folded);
        if (hasNumber) intents.add("number");
        if (hasTime) intents.add("time");
        if (/\b(unlike|whereas|versus|instead of)\b/.test(folded)) intents.add("contrast");
        if (LIKENESS_WORDS.test(folded)) intents.add("likeness");
        // "Shifted … from heavy industries to lighter manufacturing": the two sides of a contrast.
        if (STATES_SHIFT.test(folded)) intents.add("contrast");
        if (STATES_PAST.test(folded)) intents.add("past");
        if (STATES_CONSEQUENCE.test(folded)) intents.add("effect");
        this.units.push({
          quote: {
            text: sentence.text,
            citation: {
              briefing: briefing.id,
              hash: briefing.hash,
              paragraph: paragraph.number,
              sentence: sentence.number,
            },
          },
          folded: normalized.join(" "),
          concepts,
          intents,
          samples,
          hasNumber,
          hasTime,
          about,
          causeOnly: orEmpty(new Set([...explained].filter((concept) => !stated.has(concept)))),
          // The list pattern is costly: only sentences with enough capitalized words can list names.
          hasList:
            capitalized.size >= MIN_LISTED_NAMES && countListedNames(sentence.text) >= MIN_LISTED_NAMES,
          counts: orEmpty(countedConcepts(normalized, sentenceTerms)),
          owners: folded.includes("'s")
            ? orEmpty(
                new Set(possessors(folded, sentenceTerms, normalized.length).map((term) => term.concept)),
              )
            : EMPTY,
          anchors: anchorsOf(normalized, sentenceTerms),
        });
      }
    }
    this.learnTitleNames(titleConcepts, bodyConcepts);
  }

  /**
   * Names in a title ("Iceland's Hot Water Economy") that the body also uses and never writes in
   * lower case are names too, even when the body only has them first in a sentence.
   */
  private learnTitleNames(titleConcepts: ReadonlySet<string>, bodyConcepts: ReadonlySet<string>): void {
    for (const concept of titleConcepts) {
      if (bodyConcepts.has(concept) && !this.lowerCaseConcepts.has(concept)) this.nameConcepts.add(concept);
    }
  }

  /** Records pairs of consecutive capitalized words: the parts of one name ("Russian Far East"). */
  private learnNamePairs(text: string): void {
    for (const run of text.matchAll(NAME_RUN)) {
      const runWords = words(foldText(run[0]));
      for (let index = 1; index < runWords.length; index++)
        this.namePairs.add(`${runWords[index - 1] ?? ""} ${runWords[index] ?? ""}`);
    }
  }

  /** Records which of a sentence's terms are written as names (capitalized inside the sentence). */
  private learnNames(capitalized: ReadonlySet<string>, terms: readonly Term[]): void {
    for (const word of capitalized) this.nameWords.add(word);
    for (const term of terms) {
      if (term.index === 0) continue;
      const named =
        capitalized.size > 0 &&
        (term.word.includes(" ")
          ? term.word.split(" ").some((word) => capitalized.has(word))
          : capitalized.has(term.word));
      if (named) this.nameConcepts.add(term.concept);
      else this.lowerCaseConcepts.add(term.concept);
    }
  }

  /** Concepts of a question plus pseudo-concepts for its shape (why, how many, which...). */
  private withShapes(text: string): Set<string> {
    const folded = prepareText(text);
    const concepts = this.mapper.concepts(folded);
    for (const shape of questionShapes(folded)) concepts.add(shape);
    return concepts;
  }

  private weightOf(concept: string): number {
    if (concept.startsWith("?")) return SHAPE_WEIGHT;
    // Concepts seen in no sentence are rare by definition: weigh them like the rarest known ones.
    return this.weights.get(concept) ?? Math.log(1 + Math.max(1, this.units.length));
  }

  /** An everyday word of the lexicon's generic list. */
  private isGeneric(word: string): boolean {
    return this.genericWords.has(word) || this.genericWords.has(stem(word));
  }

  /** A word's reading depends only on the knowledge base: read each once (questions reuse words). */
  private correctWord(word: string): string {
    const cached = this.correctedWords.get(word);
    if (cached !== undefined) return cached;
    const corrected = this.readWord(word);
    if (this.correctedWords.size >= CORRECTED_WORDS_CACHE_SIZE) this.correctedWords.clear();
    this.correctedWords.set(word, corrected);
    return corrected;
  }

  private readWord(word: string): string {
    // "four" is a number, never a slip of "for".
    if (numberWordValue(word) !== undefined) return word;
    if (
      isStopWord(word) ||
      this.speller.has(word) ||
      this.lexiconWords.has(word) ||
      word.length < TYPO_MIN_LENGTH
    )
      return word;
    // Everyday words and words of known unanswerable questions are real words, not typos.
    if (this.isGeneric(word) || this.unanswerableWords.has(this.mapper.conceptOf(word))) return word;
    if (this.knownConcepts.has(this.mapper.conceptOf(word))) return word;
    // A possessive typed without its apostrophe ("xis plan", "dongbeis economy").
    const owner = word.endsWith("s") ? word.slice(0, -1) : "";
    if (owner.length >= 2 && this.speller.has(owner)) return owner;
    const american = americanSpelling(word);
    if (american !== undefined && this.isKnownSpelling(american)) return american;
    const doubling = doublingTypo(word, (candidate) => this.isKnownSpelling(candidate));
    if (doubling !== undefined) return doubling;
    return (
      this.speller.correct(word) ??
      this.splitRunTogether(word) ??
      nameSoundingLike(word, this.nameWords) ??
      this.everydaySpelling(word) ??
      word
    );
  }

  /**
   * The everyday word a typo stands for, as a last resort: one slip away ("locatd", "writter"),
   * or letters dropped. Never a same-length word two letters off: "weather" is not "whether".
   */
  private everydaySpelling(word: string): string | undefined {
    if (word.length < EVERYDAY_CORRECTION_MIN_LENGTH) return undefined;
    const candidate = this.everydaySpeller.correct(word);
    if (candidate === undefined) return undefined;
    return isSlipOf(word, candidate) ? candidate : undefined;
  }

  /**
   * "What is Dongbei?", "Who is Xi Jinping?", "What kind of region is Dongbei?" ask what a name is.
   * News writing introduces a name at its first mention ("Dongbei, a region comprising…",
   * "Chinese President Xi Jinping"), so that sentence answers; later ones assume it is known.
   */
  private firstMentionOf(analysed: AnalysedQuestion, options?: AnswerOptions): number | undefined {
    const match = DEFINITION_QUESTION.exec(analysed.folded);
    const subject = match?.[1] ?? match?.[2];
    // "What kind of plants is Dongbei known for" asks about something of Dongbei's, not what it is.
    if (subject === undefined || SAYS_MORE_THAN_A_NAME.test(subject)) return undefined;
    const concepts = [...this.mapper.concepts(subject)];
    if (concepts.length === 0 || concepts.length > DEFINITION_MAX_CONCEPTS) return undefined;
    // A name of two concepts is introduced where it is written as one ("Xi Jinping"), not where
    // its parts happen to meet ("… Rust Belt challenge … of China" is not "China's Rust Belt").
    const asWritten =
      concepts.length > 1
        ? new RegExp(`\\b${words(subject).map(escapeRegExp).join("(?:'s)?\\W+")}`)
        : undefined;
    let first: number | undefined;
    for (const index of this.textPostings.get(concepts[0] ?? "") ?? []) {
      const unit = this.units[index];
      if (unit === undefined || !inScope(unit.quote.citation.briefing, options)) continue;
      if (!concepts.every((concept) => this.textPostings.get(concept)?.has(index) === true)) continue;
      if (asWritten !== undefined && !asWritten.test(unit.folded)) continue;
      if (first === undefined || index < first) first = index;
    }
    return first;
  }

  /**
   * A name typed in pieces ("xi jin ping", "dong bei"): two neighbouring words that are not words
   * of the knowledge but make one when joined.
   */
  private joinSplitWords(typed: readonly string[]): string[] {
    const joined: string[] = [];
    for (let at = 0; at < typed.length; at++) {
      const word = typed[at] ?? "";
      const next = typed[at + 1];
      if (
        next !== undefined &&
        !isStopWord(word) &&
        !isStopWord(next) &&
        (!this.speller.has(word) || !this.speller.has(next)) &&
        this.speller.has(word + next)
      ) {
        joined.push(word + next);
        at++;
      } else joined.push(word);
    }
    return joined;
  }

  /**
   * "Why did Dongbei's share shrink" matches best the sentence stating the fall; when that sentence
   * opens "As a result" and the question is about its first clause, the cause is the sentence
   * before. ("Why is there little relief in sight" asks about a later clause, whose reasons follow.)
   */
  private causeOf(analysed: AnalysedQuestion, index: number): number {
    const unit = this.units[index];
    const before = this.units[index - 1];
    if (
      !analysed.intents.has("cause") ||
      unit === undefined ||
      before === undefined ||
      before.quote.citation.briefing !== unit.quote.citation.briefing ||
      !STATES_CONSEQUENCE.test(unit.folded)
    )
      return index;
    const firstClause = this.mapper.concepts(unit.quote.text.split(CLAUSE_BREAK)[0] ?? "");
    const asked = [...analysed.content].filter((concept) => unit.concepts.has(concept));
    if (asked.length > 0 && asked.every((concept) => firstClause.has(concept))) return index - 1;
    // "Why isn't there much relief in sight": a claim added after the consequence ("…, and there
    // isn't much relief in sight") is argued by the sentences that follow it.
    const [, ...later] = unit.quote.text.split(CLAUSE_BREAK);
    const laterClause = this.mapper.concepts(later.join(" "));
    const after = this.units[index + 1];
    const aboutLater = asked.filter((concept) => laterClause.has(concept) && !firstClause.has(concept));
    const aboutFirst = asked.filter((concept) => firstClause.has(concept) && !laterClause.has(concept));
    return after !== undefined &&
      after.quote.citation.briefing === unit.quote.citation.briefing &&
      after.quote.citation.paragraph === unit.quote.citation.paragraph &&
      aboutLater.length > 0 &&
      aboutLater.length >= aboutFirst.length
      ? index + 1
      : index;
  }

  /**
   * "What was the result of the export-oriented reforms": the sentence that names them is the
   * cause; the answer is the next one, when it opens by saying it follows ("As a result, ...").
   */
  private effectOf(analysed: AnalysedQuestion, index: number): number {
    const unit = this.units[index];
    const after = this.units[index + 1];
    if (
      !analysed.intents.has("effect") ||
      // A keyword query names its topic ("reforms effect on dongbei"): the sentence about it answers.
      analysed.isKeywordQuery ||
      unit === undefined ||
      after === undefined ||
      after.quote.citation.briefing !== unit.quote.citation.briefing ||
      !STATES_CONSEQUENCE.test(after.folded)
    )
      return index;
    return index + 1;
  }

  /** The first sentence that uses a phrase word for word (after folding). */
  private firstUseOf(phrase: string, options?: AnswerOptions): Unit | undefined {
    if (phrase.length < MEANING_MIN_PHRASE_LENGTH) return undefined;
    return this.units.find(
      (unit) => inScope(unit.quote.citation.briefing, options) && unit.folded.includes(phrase),
    );
  }

  /** A spelling of the knowledge base or of the lexicon (lexicon words are valid, see readWord). */
  private isKnownSpelling(word: string): boolean {
    return this.speller.has(word) || this.lexiconWords.has(word);
  }

  /**
   * Two words typed without their space ("beltand road", "northkorea"): split where both halves
   * are words of the knowledge, one of them at least SPLIT_MIN_PART letters long so that stray
   * letters ("a", "in") do not turn unknown words into known ones.
   */
  private splitRunTogether(word: string): string | undefined {
    for (let at = 2; at <= word.length - 2; at++) {
      const head = word.slice(0, at);
      const tail = word.slice(at);
      if (Math.max(head.length, tail.length) < SPLIT_MIN_PART) continue;
      if (this.speller.has(head) && this.speller.has(tail)) return `${head} ${tail}`;
    }
    return undefined;
  }

  /**
   * "What % of GDP comes from the 3 northeastern provinces": a figure the briefing states about
   * what follows it ("three provinces") names that thing, it is not a claim every answer must
   * repeat.
   */
  private isReferenceFigure(word: string, index: number, terms: readonly Term[]): boolean {
    const figure = /\d+/.exec(word)?.[0];
    if (figure === undefined) return false;
    const described = terms
      .filter((term) => term.index > index && term.index <= index + REFERENCE_FIGURE_REACH)
      .map((term) => term.concept);
    // An amount of time or a share ("30 years", "7 percent") is what is claimed, not a name.
    const unit = terms.find((term) => term.index > index);
    if (unit === undefined || FIGURE_UNITS.test(unit.word)) return false;
    return described.some((concept) =>
      (this.countedBy.get(concept) ?? []).some((counting) =>
        hasFigure(this.units[counting]?.folded ?? "", figure),
      ),
    );
  }

  /** "A city or a region?": an option the briefing lacks is fine when another one is known. */
  private isOtherChoice(alternatives: ReadonlySet<string>, concept: string): boolean {
    return (
      alternatives.has(concept) &&
      [...alternatives].some((other) => other !== concept && this.knownConcepts.has(other))
    );
  }

  /** Two different words of one concept, one of which the knowledge itself never uses. */
  private namesOneThingTwice(terms: readonly Term[]): boolean {
    const wordsOf = new Map<string, Set<string>>();
    for (const term of terms)
      wordsOf.set(term.concept, (wordsOf.get(term.concept) ?? new Set()).add(term.word));
    return [...wordsOf.values()].some(
      (names) => names.size > 1 && [...names].some((name) => !this.knowledgeWords.has(name)),
    );
  }

  /** Whether typed words name something the briefings know (not only everyday words). */
  private namesSomething(typed: readonly string[]): boolean {
    return this.mapper
      .termsOfNormalized(ConceptMapper.normalize(typed))
      .some(
        (term) =>
          !this.isGeneric(term.word) &&
          (this.knownConcepts.has(term.concept) || this.knowledgeWords.has(term.word)),
      );
  }

  private analyse(text: string): AnalysedQuestion {
    const prepared = prepareText(text);
    const position = positionIn(prepared);
    // "The last paragraph" says where to look, not what about: "last" is not "the past 30 years".
    const folded = withoutFraming(position === undefined ? prepared : withoutPositions(prepared), (typed) =>
      this.namesSomething(typed),
    );
    // "Dongbei used to be a powerhouse, what is it like now": the comparison words and what the
    // asker already says it was are not what the answer must be about.
    const matched = withoutTimeComparison(folded);
    const corrected: string[] = [];
    for (const word of this.joinSplitWords(expandChatWords(words(matched)))) {
      const reading = this.correctWord(word);
      // A run-together word comes back as two ("beltand" -> "belt and").
      if (reading.includes(" ")) corrected.push(...reading.split(" "));
      else corrected.push(reading);
    }
    const correctedText = corrected.join(" ");
    const normalized = ConceptMapper.normalize(corrected);
    const terms = this.mapper.termsOfNormalized(normalized);
    let known = 0;
    let unknown = 0;
    const concepts = new Set<string>();
    const content = new Set<string>();
    const plain = new Set<string>();
    let previousName = "";
    let previousEnd = -1;
    // "True or false: Dongbei has five provinces": a figure to check, which the sentence stating
    // the real one settles.
    const checksClaim = CHECKS_CLAIM.test(prepared);
    const guessedAt = new Set(
      normalized.flatMap((word, index) =>
        /\d/.test(word) && (checksClaim || isGuessedFigure(normalized, index)) ? [index] : [],
      ),
    );
    const references = new Set(
      terms
        .filter((term) => /\d/.test(term.word) && this.isReferenceFigure(term.word, term.index, terms))
        .map((term) => term.index),
    );
    const alternatives = choicesIn(terms, normalized);
    const guessedConcepts: ReadonlySet<string> = normalized.includes("or")
      ? new Set(terms.filter((term) => isOpenGuess(normalized, term)).map((term) => term.concept))
      : NOTHING_GUESSED;
    for (const term of terms) {
      concepts.add(term.concept);
      const isKnownTerm = this.knownConcepts.has(term.concept) || this.knowledgeWords.has(term.word);
      // "A city or a region?", "a city or what": an option the briefing lacks is not a topic.
      const otherChoice =
        (!isKnownTerm && this.isOtherChoice(alternatives, term.concept)) || guessedConcepts.has(term.concept);
      const generic = this.isGeneric(term.word) || references.has(term.index) || otherChoice;
      if (isKnownTerm) {
        // One name of several words ("Russian Far East") is one known thing, not three: it must
        // not make an unknown word look tolerable ("the weather in the russian far east").
        const termWords = term.word.split(" ");
        const first = termWords[0] ?? "";
        if (term.index !== previousEnd || !this.namePairs.has(`${previousName} ${first}`)) known++;
        previousName = termWords[termWords.length - 1] ?? "";
        previousEnd = term.index + termWords.length;
        if (!generic) content.add(term.concept);
        if (!generic && !this.ambiguousWords.has(term.word)) plain.add(term.concept);
      } else {
        previousName = "";
        // An adverb the knowledge lacks says how ("chiefly", "geopolitically"), not what about.
        // A figure offered to be checked ("like 5 provinces?") is a claim, not a topic.
        if (!generic && !looksLikeAdverb(term.word) && !(/\d/.test(term.word) && guessedAt.has(term.index)))
          unknown++;
      }
    }
    // Question words are read from both spellings: "waht" is corrected, "name" must not be.
    const both = correctedText === folded ? folded : `${folded} \n ${correctedText}`;
    const shapes = questionShapes(both);
    // Only terse keyword queries ("industrial heartland") use literal pairs; real questions are
    // better served by their curated sample questions.
    const isKeywordQuery = shapes.length === 0 && !QUESTION_WORD.test(both);
    // A yes/no question states a claim to check ("is Dongbei the historic industrial heartland"):
    // its words in a row are as telling as a keyword query's.
    const contentWords =
      isKeywordQuery || shapes.includes("?yesno") ? normalized.filter((word) => !isStopWord(word)) : [];
    const pairPatterns = contentWords.slice(1).map(
      (word, index) =>
        // Stop words between them are skipped in the question, so they may be in the sentence too:
        // "skids hit" is not a pair, but "hit skids" meets "hit the skids".
        new RegExp(
          `\\b${rootOf(contentWords[index] ?? "")}\\S*(?: \\S+){0,${MAX_WORDS_INSIDE_PAIR}} ${rootOf(word)}\\S*`,
        ),
    );
    const subjects = new Set<string>();
    const frames = new Map<string, TimeFrame>();
    for (const term of terms) {
      const frame = frameOf(normalized, term, QUESTION_TIME_FRAME);
      if (frame === undefined) subjects.add(term.concept);
      else frames.set(term.concept, frame);
    }
    // "How many X": X is the first content term within two words after "many". "How much X" counts
    // too when X is a quantity ("how much money"), not when it is a share ("how much of the GDP").
    const howMany = normalized.findIndex(
      (word, index) =>
        word === "how" &&
        (normalized[index + 1] === "many" ||
          (normalized[index + 1] === "much" && QUANTITY_NOUNS.has(normalized[index + 2] ?? ""))),
    );
    const counted = howMany >= 0 ? normalized[howMany + 2] : undefined;
    return {
      folded: correctedText,
      concepts,
      content,
      known,
      unknown,
      intents: focusIntents(detectIntents(both), both),
      shapes,
      pairPatterns,
      asksChange: ASKS_CHANGE_OF.test(both),
      asksYear: ASKS_YEAR.test(both),
      asksPercent: ASKS_PERCENT.test(both),
      asksRanking: ASKS_RANKING.test(both),
      ambiguous: new Set([...content].filter((concept) => !plain.has(concept))),
      names: new Set(
        terms
          .filter(
            (term) =>
              content.has(term.concept) && term.word.split(" ").some((word) => this.nameWords.has(word)),
          )
          .map((term) => term.concept),
      ),
      figures: checksClaim
        ? []
        : normalized.flatMap((word, index) =>
            // "Which two industries": how many things the answer names, not a figure the sentence states.
            /\d/.test(word) &&
            !ITEM_COUNT_ASKERS.has(normalized[index - 1] ?? "") &&
            !guessedAt.has(index) &&
            !references.has(index)
              ? (/\d+/.exec(word)?.[0] ?? [])
              : [],
          ),
      guessesFigure: guessedAt.size > 0,
      subjects,
      frames,
      countsThings: counted !== undefined && !QUANTITY_NOUNS.has(counted) && !/^\d/.test(counted),
      counted: howMany >= 0 ? countedAfter(terms, howMany, (word) => this.isGeneric(word)) : NOTHING_COUNTED,
      isKeywordQuery,
      alternatives,
      asks: askedThing(terms, normalized, (word) => this.isGeneric(word)),
      asksNowGivenThen: asksNowGivenThen(folded),
      guessedConcepts,
      asksIfSameName: NAMES_ONE_THING.test(folded) && this.namesOneThingTwice(terms),
      position,
      meaningOf: meaningSubject(text, correctedText),
      owners: folded.includes("'s")
        ? new Set(
            possessors(folded, terms, normalized.length)
              .filter((term) => term.word.split(" ").some((word) => this.nameWords.has(word)))
              .map((term) => term.concept),
          )
        : new Set<string>(),
    };
  }

  answer(question: string, options?: AnswerOptions): AnswerResult {
    try {
      return this.answerUnsafe(question, options);
    } catch {
      // A bug must never reach the user as an exception: declining is always a safe answer.
      return { kind: "decline", question, reason: "not-in-briefing", suggestions: [] };
    }
  }

  private decline(
    question: string,
    reason: DeclineReason,
    analysed: AnalysedQuestion | undefined,
    options: AnswerOptions | undefined,
  ): AnswerResult {
    const concepts = analysed === undefined ? new Set<string>() : new Set(analysed.concepts);
    for (const shape of analysed?.shapes ?? []) concepts.add(shape);
    const suggestions =
      reason === "unsafe"
        ? this.suggester.defaults(MAX_SUGGESTIONS, options?.briefing)
        : this.suggester.closest(concepts, MAX_SUGGESTIONS, options?.briefing);
    return { kind: "decline", question, reason, suggestions };
  }

  private answerUnsafe(question: string, options?: AnswerOptions): AnswerResult {
    const cleaned = cleanQuestion(question);
    if (!/[\p{L}\p{N}]/u.test(cleaned)) return this.decline(question, "empty", undefined, options);
    if (looksLikeCommand(cleaned)) return this.decline(question, "empty", undefined, options);
    if (looksUnsafe(cleaned)) return this.decline(question, "unsafe", undefined, options);
    if (asksForAdvice(cleaned) || asksForOpinion(cleaned))
      return this.decline(question, "out-of-scope", this.analyse(cleaned), options);
    const analysed = this.analyse(cleaned);
    const total = analysed.known + analysed.unknown;
    if (analysed.position !== undefined && total === 0)
      return this.answerAtPosition(question, analysed, options);
    if (total === 0 || analysed.known === 0) {
      return this.decline(question, total === 0 ? "not-in-briefing" : "out-of-scope", analysed, options);
    }
    if (
      [...analysed.concepts].some(
        (concept) =>
          this.unanswerableWords.has(concept) &&
          !this.isOtherChoice(analysed.alternatives, concept) &&
          !analysed.guessedConcepts.has(concept),
      ) ||
      (analysed.unknown > 0 &&
        (analysed.known < MIN_KNOWN_TO_TOLERATE_UNKNOWN || analysed.unknown / total > MAX_UNKNOWN_SHARE))
    ) {
      return this.decline(question, "not-in-briefing", analysed, options);
    }

    if (analysed.asksIfSameName) return this.decline(question, "not-in-briefing", analysed, options);
    if (analysed.position !== undefined) return this.answerAtPosition(question, analysed, options);
    const usage = analysed.meaningOf === undefined ? undefined : this.firstUseOf(analysed.meaningOf, options);
    if (usage !== undefined) return { kind: "answer", question, best: usage.quote, related: [], score: 1 };
    const ranked = this.rank(analysed, options);
    const best = ranked[0];
    if (best === undefined || best.score < MIN_ANSWER_SCORE) {
      return this.decline(question, "not-in-briefing", analysed, options);
    }
    const cause = this.effectOf(analysed, this.causeOf(analysed, best.unit));
    const unit = this.units[this.firstMentionOf(analysed, options) ?? cause];
    if (unit === undefined) return this.decline(question, "not-in-briefing", analysed, options);
    // Figures and dates in a "why" question describe the effect, which the matched sentence states.
    const stated = cause === best.unit ? unit : (this.units[best.unit] ?? unit);
    // "What is Xi's slogan" is not answered by "Trump's pledge": when the sentence says whose
    // thing it is, and that is someone the question does not name, the owners must agree.
    // Comparisons are exempt: they name both sides, and a contrast may name one indirectly.
    // "The president's pledge" is Trump's when the sentence's owner is a president ("US President
    // Donald Trump's pledge"): an owner named by title is the sentence's owner holding that title.
    const otherOwner =
      [...analysed.owners].some(
        (owner) =>
          !unit.concepts.has(owner) && ![...unit.owners].some((named) => this.mapper.implies(named, owner)),
      ) && [...unit.owners].some((owner) => !analysed.concepts.has(owner));
    const inUnit = (concept: string) => unit.concepts.has(concept) || unit.about.has(concept);
    const chosen = [...analysed.alternatives].some(inUnit);
    const unnamed = [...analysed.content].some(
      (concept) =>
        this.nameConcepts.has(concept) &&
        !this.lowerCaseConcepts.has(concept) &&
        !inUnit(concept) &&
        !(chosen && analysed.alternatives.has(concept)),
    );
    // Comparisons and likenesses name both sides, and the sentence may name one only indirectly.
    const compares = analysed.intents.has("contrast") || analysed.intents.has("likeness");
    if ((otherOwner || (unnamed && !analysed.isKeywordQuery)) && !compares) {
      return this.decline(question, "not-in-briefing", analysed, options);
    }
    // A bare keyword query asks nothing specific, so it cannot be a known unanswerable question;
    // words the briefing lacks ("belt and road budget") are caught by the unknown-word rule.
    if (best.coverage < MIN_COVERAGE || (!analysed.isKeywordQuery && this.isNearMiss(analysed, options))) {
      return this.decline(question, "not-in-briefing", analysed, options);
    }
    // "What did Mao say about Dongbei": someone's words or views, which only a sentence that
    // reports them (a pledge, a blame, a quotation) can give.
    if (analysed.shapes.includes("?opinion") && !REPORTS_VIEW.test(stated.quote.text)) {
      return this.decline(question, "not-in-briefing", analysed, options);
    }
    if (!analysed.isKeywordQuery && this.timeMismatch(analysed, stated)) {
      return this.decline(question, "not-in-briefing", analysed, options);
    }
    const asksFigure = analysed.intents.has("number") || analysed.intents.has("time");
    if (asksFigure && best.coverage < FIGURE_MIN_COVERAGE) {
      return this.decline(question, "not-in-briefing", analysed, options);
    }
    // "How many X" is answered by a figure on X ("three provinces") or a list of them, not by a
    // figure on something else ("how many steel plants" vs "World War Two").
    // "How much money does Dongbei make for China, in percent" asks for a share: a percent answers.
    const countable =
      [...analysed.counted].some((concept) => stated.counts.has(concept)) ||
      (analysed.asksPercent && stated.folded.includes("percent"));
    if (analysed.counted.size > 0 && !countable && !(analysed.countsThings && stated.hasList)) {
      return this.decline(question, "not-in-briefing", analysed, options);
    }
    if (
      analysed.intents.has("number") &&
      !stated.hasNumber &&
      !countable &&
      !(analysed.countsThings && stated.hasList)
    ) {
      return this.decline(question, "not-in-briefing", analysed, options);
    }
    if (
      (analysed.intents.has("time") && !analysed.intents.has("number") && !stated.hasTime) ||
      (analysed.asksYear && !STATES_YEAR.test(stated.folded)) ||
      (analysed.asksRanking && !STATES_RANKING.test(stated.folded))
    ) {
      return this.decline(question, "not-in-briefing", analysed, options);
    }
    const related = ranked
      .slice(1)
      .filter((candidate) => candidate.score >= Math.max(MIN_ANSWER_SCORE, best.score * RELATED_MIN_FRACTION))
      .slice(0, MAX_RELATED)
      .flatMap((candidate) => {
        const other = this.units[candidate.unit];
        return other === undefined ? [] : [other.quote];
      });
    return {
      kind: "answer",
      question,
      best: unit.quote,
      related,
      score: Math.round(best.score * 1000) / 1000,
    };
  }

  /**
   * "What does the last paragraph say about Dongbei": the best match among the sentences at that
   * place. A question naming nothing else ("what's in paragraph 2") gets the place's first sentence;
   * one about something the place does not mention is declined.
   */
  private answerAtPosition(
    question: string,
    analysed: AnalysedQuestion,
    options: AnswerOptions | undefined,
  ): AnswerResult {
    const reference = analysed.position;
    const here = new Set<number>();
    this.units.forEach((unit, index) => {
      const { citation } = unit.quote;
      if (!inScope(citation.briefing, options)) return;
      const layout = this.layouts.get(citation.briefing);
      if (reference !== undefined && layout !== undefined && isAt(reference, citation, layout))
        here.add(index);
    });
    const first = Math.min(...here);
    const onTopic = (index: number) => {
      const unit = this.units[index];
      return (
        unit !== undefined &&
        [...analysed.content].every((concept) => unit.concepts.has(concept) || unit.about.has(concept))
      );
    };
    const best =
      analysed.content.size === 0
        ? first
        : (this.rank(analysed, options, here).find((candidate) => candidate.coverage > 0)?.unit ??
          [...here].find(onTopic));
    const unit = best === undefined ? undefined : this.units[best];
    if (unit === undefined) return this.decline(question, "not-in-briefing", analysed, options);
    return { kind: "answer", question, best: unit.quote, related: [], score: 1 };
  }

  /**
   * A sentence's date or event is only its time frame. It does not answer a question that
   * - asks about another side of that date ("what did Japan do during World War Two" vs "before");
   * - shares nothing else with the sentence and asks about the date or event itself ("when did
   *   World War Two end", "who won World War Two");
   * - shares nothing else and asks about something more in that period ("who was China's leader
   *   in the 1980s" vs the 1980s reforms).
   */
  private timeMismatch(analysed: AnalysedQuestion, unit: Unit): boolean {
    let onlyAnchors = true;
    let shared = 0;
    let asksAboutAnchor = false;
    let uncovered = false;
    for (const concept of analysed.content) {
      if (!unit.concepts.has(concept)) {
        uncovered = true;
        continue;
      }
      shared++;
      const asked = analysed.frames.get(concept);
      const stated = unit.anchors.get(concept);
      // "Were the factories built after WW2?" is settled by "built … before World War Two": a
      // yes/no question may name the wrong side; any other question asks about another period.
      if (
        asked !== undefined &&
        stated !== undefined &&
        CONFLICTING_FRAMES.has(`${asked}/${stated}`) &&
        !analysed.shapes.includes("?yesno")
      )
        return true;
      if (!unit.anchors.has(concept)) onlyAnchors = false;
      else if (analysed.subjects.has(concept)) asksAboutAnchor = true;
    }
    return shared > 0 && onlyAnchors && (asksAboutAnchor || uncovered);
  }

  /**
   * Declines questions that contain (most of) a curated unanswerable question and are more
   * similar to it than to any answerable sample question.
   */
  private isNearMiss(analysed: AnalysedQuestion, options?: AnswerOptions): boolean {
    const concepts = new Set(analysed.concepts);
    for (const shape of analysed.shapes) concepts.add(shape);
    const questionWeight = this.totalWeight(concepts);
    let closestMiss = -1;
    for (const { miss, concepts: missConcepts, asks, lacking } of this.nearMisses) {
      if (!inScope(miss.briefing, options)) continue;
      // "Which region is made of three provinces" asks for a region, not for the provinces.
      if (asks !== undefined && analysed.asks !== undefined && asks !== analysed.asks) continue;
      // "Did Trump's plan to revive steel and coal work?" is unanswerable for "work": a question
      // without the words the briefing lacks is not that question ("is reviving steel and coal
      // part of Trump's pledge").
      if (!lacking.every((concept) => concepts.has(concept))) continue;
      // A different kind of question about the same things is not the unanswerable one:
      // "what were the steel plants the engine of" is not "how many steel plants are there".
      if (![...missConcepts].every((concept) => !concept.startsWith("?") || concepts.has(concept))) continue;
      if (this.containment(missConcepts, concepts) < NEAR_MISS_MIN_CONTAINMENT) continue;
      closestMiss = Math.max(closestMiss, this.similarity(missConcepts, concepts, questionWeight));
    }
    if (closestMiss < 0) return false;
    for (const sample of this.samples) {
      if (!inScope(sample.briefing, options)) continue;
      if (this.similarity(sample.concepts, concepts, questionWeight) > closestMiss) return false;
    }
    return true;
  }

  /** Weighted share of a curated set (`part`) that is also in `whole`. */
  private containment(part: ReadonlySet<string>, whole: ReadonlySet<string>): number {
    const total = this.curatedWeight(part);
    return total === 0 ? 0 : this.sharedWeight(whole, part) / total;
  }

  /** Weighted Dice similarity of a question's concepts and a curated set (a sample or a near miss). */
  private similarity(
    curated: ReadonlySet<string>,
    question: ReadonlySet<string>,
    questionWeight?: number,
  ): number {
    const total = this.curatedWeight(curated) + (questionWeight ?? this.totalWeight(question));
    return total === 0 ? 0 : (2 * this.sharedWeight(question, curated)) / total;
  }

  private sharedWeight(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
    let shared = 0;
    for (const concept of a) if (b.has(concept)) shared += this.weightOf(concept);
    return shared;
  }

  private totalWeight(concepts: ReadonlySet<string>): number {
    let total = 0;
    for (const concept of concepts) total += this.weightOf(concept);
    return total;
  }

  /** Curated sets never change once the index is built: their weight is summed once. */
  private curatedWeight(concepts: ReadonlySet<string>): number {
    let total = this.curatedWeights.get(concepts);
    if (total === undefined) {
      total = this.totalWeight(concepts);
      this.curatedWeights.set(concepts, total);
    }
    return total;
  }

  /** `within`: only these sentences (a place the question points at). */
  private rank(analysed: AnalysedQuestion, options?: AnswerOptions, within?: ReadonlySet<number>): Ranked[] {
    const queryWithShapes = new Set(analysed.concepts);
    for (const shape of analysed.shapes) queryWithShapes.add(shape);
    const queryWithShapesWeight = this.totalWeight(queryWithShapes);
    let queryWeight = 0;
    for (const concept of analysed.content) queryWeight += this.weightOf(concept);

    const asksCause = analysed.intents.has("cause");
    const candidates = new Set<number>();
    for (const concept of analysed.concepts)
      for (const unit of this.postings.get(concept) ?? [])
        if (within?.has(unit) ?? true) candidates.add(unit);
    const sampleBest = new Map<number, number>();
    const sampleCandidates = new Set<number>();
    for (const concept of analysed.concepts) {
      for (const sample of this.samplePostings.get(concept) ?? []) sampleCandidates.add(sample);
    }
    for (const index of sampleCandidates) {
      const sample = this.samples[index];
      if (sample === undefined) continue;
      const similarity = this.similarity(sample.concepts, queryWithShapes, queryWithShapesWeight);
      if (similarity > (sampleBest.get(sample.unit) ?? 0)) sampleBest.set(sample.unit, similarity);
    }

    const scored: Ranked[] = [];
    for (const index of candidates) {
      const unit = this.units[index];
      if (unit === undefined) continue;
      if (!inScope(unit.quote.citation.briefing, options)) continue;
      // A year or figure in the question is a specific claim ("in the 1980s", "7 percent"): only
      // sentences that state it can answer.
      if (analysed.figures.length > 0 && !analysed.figures.every((figure) => hasFigure(unit.folded, figure)))
        continue;
      if (analysed.guessesFigure && !unit.hasNumber && !unit.hasTime) continue;
      if (analysed.asksChange && !unit.intents.has("change")) continue;
      if (analysed.asksNowGivenThen && unit.intents.has("past")) continue;
      if (analysed.asksPercent && !unit.folded.includes("percent")) continue;
      let overlap = 0;
      let weight = queryWeight;
      for (const concept of analysed.content) {
        if (unit.concepts.has(concept) && (asksCause || !unit.causeOnly.has(concept)))
          overlap += this.weightOf(concept);
        else if (unit.about.has(concept)) overlap += ABOUT_WEIGHT * this.weightOf(concept);
        else if (analysed.ambiguous.has(concept)) weight -= (1 - AMBIGUOUS_WEIGHT) * this.weightOf(concept);
      }
      const coverage = weight <= 0 ? 0 : overlap / weight;
      const sampleSimilarity = sampleBest.get(index) ?? 0;
      const questionMatch = unit.samples.length > 0 ? sampleSimilarity : coverage;
      let score = (1 - SAMPLE_WEIGHT) * coverage + SAMPLE_WEIGHT * questionMatch;
      for (const intent of analysed.intents) {
        if (unit.intents.has(intent))
          score += WEAKLY_WORDED_INTENTS.has(intent) ? CAUSE_OR_CONTRAST_BONUS : INTENT_BONUS;
      }
      score += Math.min(
        MAX_PHRASE_BONUS,
        PHRASE_BONUS * analysed.pairPatterns.filter((pattern) => pattern.test(unit.folded)).length,
      );
      if (coverage >= NAMED_BONUS_MIN_COVERAGE) {
        for (const name of analysed.names)
          if (this.textPostings.get(name)?.has(index) === true) score += NAMED_IN_TEXT_BONUS;
      }
      keepTop(scored, { unit: index, score, coverage });
    }
    return scored;
  }

  suggestQuestions(typed: string, limit: number, options?: AnswerOptions): string[] {
    try {
      return this.suggester.autocomplete(cleanQuestion(typed), limit, options?.briefing);
    } catch {
      return [];
    }
  }
}

/** Whether a briefing's sentences may answer: all may, unless the question names one briefing. */
function inScope(briefing: string, options: AnswerOptions | undefined): boolean {
  return options?.briefing === undefined || briefing === options.briefing;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The start of a word that its inflections share: "industry" and "industries" -> "industr". */
function rootOf(word: string): string {
  const base = stem(word);
  const root = base.length > 4 ? base.replace(/[ye]$/, "") : base;
  return escapeRegExp(root);
}

const EMPTY: ReadonlySet<string> = new Set();
const NOTHING_GUESSED: ReadonlySet<string> = EMPTY;

/** Per-unit sets are mostly empty: share one instead of holding 25,000. */
function orEmpty(set: ReadonlySet<string>): ReadonlySet<string> {
  return set.size === 0 ? EMPTY : set;
}

/** Words whose reading is kept: a few thousand cover what a server asks; the cache starts over when full. */
const CORRECTED_WORDS_CACHE_SIZE = 5_000;

/** The longer half of a split run-together word ("beltand" -> "belt and") has at least this many letters. */
const SPLIT_MIN_PART = 4;
/** Words after a figure that may be what it counts: "3 northeastern provinces". */
const REFERENCE_FIGURE_REACH = 2;
const FIGURE_UNITS = /^(?:years?|decades?|centur(?:y|ies)|months?|days?|percent|million|billion|thousand)$/;
/**
 * Everyday words shorter than this are neither typo targets nor corrected to one: "ago", "any" are
 * one slip from too much, and "side" is not "slide".
 */
const EVERYDAY_CORRECTION_MIN_LENGTH = 5;
/** Words a keyword pair may have between its two words in a sentence ("hit the skids"). */
const MAX_WORDS_INSIDE_PAIR = 1;

export function createAnswerEngine(kb: KnowledgeBase): AnswerEngine {
  return new Engine(kb);
}

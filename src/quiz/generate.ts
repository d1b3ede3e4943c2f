/**
 * Builds quiz questions from the knowledge base: the curated quiz items, plus questions generated
 * from every sentence's typed spans (cloze, multiple choice, true/false). Deterministic for a seed.
 */
import { cite } from "../knowledge/cite.js";
import { readOnce } from "../knowledge/reader.js";
import type {
  Briefing,
  CitedQuote,
  Fact,
  KnowledgeBase,
  Paragraph,
  QuizItem,
  Sentence,
} from "../knowledge/types.js";
import { distractorsFor, DISTRACTOR_COUNT } from "./distractors.js";
import { findEntities, NAME_TYPES, type Entity, type EntityType } from "./entities.js";
import { answerKey } from "./match.js";
import type { Question } from "./question.js";
import { seededRandom, seedFromText, shuffled, type Random } from "./random.js";

export type QuizMode = "buttons" | "typed" | "mixed";

export interface GenerateOptions {
  readonly count: number;
  readonly seed: number;
  /** A topic id: only questions on that topic. */
  readonly topic?: string;
  readonly mode: QuizMode;
}

const TRUE_ANSWERS = ["true", "yes", "t", "y", "right", "correct"];
const FALSE_ANSWERS = ["false", "no", "f", "n", "wrong", "incorrect"];
const BLANK = "_____";

/**
 * Which curated questions ask for a span of each type. A count question must also name what is
 * counted ("How many provinces"), and none may contain the answer itself.
 */
const ASKS_FOR: Readonly<Record<EntityType, RegExp>> = {
  percent: /\b(what share|what percent|how much of)\b/i,
  year: /\b(since (what|which) year|what year|which year)\b/i,
  decade: /\b(which decade|what decade)\b/i,
  count: /\bhow many\b/i,
  money: /\bhow much (money|did|does|do|is|was)\b/i,
  duration: /\bhow long\b/i,
  // "Who gets blamed..." and "Where did attention go..." name someone or somewhere other than the
  // person or place in the sentence often enough that names and dates are only asked as cloze.
  date: /$^/,
  person: /$^/,
  place: /$^/,
  group: /$^/,
};

interface SentenceSource {
  readonly quote: CitedQuote;
  readonly facts: readonly Fact[];
  readonly entities: readonly Entity[];
  /** Names of each kind the sentence's briefing uses: the likeliest wrong answers. */
  readonly briefingNames: ReadonlyMap<EntityType, readonly string[]>;
}

const sentenceKey = (quote: CitedQuote) =>
  `${quote.citation.briefing}:${quote.citation.paragraph}.${quote.citation.sentence}`;

function sentenceQuote(briefing: Briefing, paragraph: Paragraph, sentence: Sentence): CitedQuote {
  return {
    text: paragraph.text.slice(sentence.start, sentence.end).trim(),
    citation: {
      briefing: briefing.id,
      hash: briefing.hash,
      paragraph: paragraph.number,
      sentence: sentence.number,
    },
  };
}

/** Sentences and their spans depend only on the knowledge base, so they are found once per base. */
const sourceCache = new WeakMap<KnowledgeBase, readonly SentenceSource[]>();

function sources(kb: KnowledgeBase): readonly SentenceSource[] {
  const cached = sourceCache.get(kb);
  if (cached !== undefined) return cached;
  const found: SentenceSource[] = [];
  for (const briefing of kb.briefings) {
    const sentences = readOnce(briefing).sentences.map((read) => ({ read, entities: findEntities(read) }));
    const briefingNames = new Map<EntityType, string[]>();
    for (const { entities } of sentences) {
      for (const entity of entities) {
        if (NAME_TYPES.has(entity.type))
          briefingNames.set(entity.type, [...(briefingNames.get(entity.type) ?? []), entity.text]);
      }
    }
    for (const { read, entities } of sentences) {
      const quote = cite(read);
      const facts = kb.facts.filter(
        (fact) =>
          fact.briefing === briefing.id &&
          fact.quote.citation.paragraph === quote.citation.paragraph &&
          fact.quote.citation.sentence === quote.citation.sentence,
      );
      found.push({ quote, facts, entities, briefingNames });
    }
  }
  sourceCache.set(kb, found);
  return found;
}

/** Options shuffled, and where the right one ended up. */
function withOptions(answer: string, distractors: readonly string[], random: Random) {
  const options = shuffled([answer, ...distractors], random);
  return { options, answerIndex: options.indexOf(answer) };
}

function trueFalse(isTrue: boolean) {
  return {
    options: ["True", "False"],
    answerIndex: isTrue ? 0 : 1,
    answer: isTrue ? "True" : "False",
    alsoAccepted: isTrue ? TRUE_ANSWERS : FALSE_ANSWERS,
  };
}

/** The full sentence a curated item's quote sits in: the reveal quotes the whole sentence. */
function expandQuote(kb: KnowledgeBase, quote: CitedQuote): CitedQuote {
  const briefing = kb.getBriefing(quote.citation.briefing);
  const paragraph = briefing?.paragraphs[quote.citation.paragraph - 1];
  const sentence = paragraph?.sentences.find((candidate) => candidate.number === quote.citation.sentence);
  if (briefing === undefined || paragraph === undefined || sentence === undefined) return quote;
  const full = sentenceQuote(briefing, paragraph, sentence);
  return full.text.includes(quote.text) ? full : quote;
}

function fromCurated(kb: KnowledgeBase, item: QuizItem, random: Random): Question {
  const quote = expandQuote(kb, item.quote);
  const base = {
    key: `${sentenceKey(quote)}:${item.kind === "truefalse" ? `tf-${item.id}` : answerKey(item.answer)}`,
    prompt: item.prompt,
    quote,
    topics: item.topics,
    source: item.id,
  };
  if (item.kind === "truefalse") return { ...base, kind: "truefalse", ...trueFalse(item.answer === "true") };
  if (item.kind === "choice") {
    return {
      ...base,
      kind: "choice",
      ...withOptions(item.answer, item.distractors.slice(0, DISTRACTOR_COUNT), random),
      answer: item.answer,
      alsoAccepted: [],
    };
  }
  return { ...base, kind: "cloze", options: [], answerIndex: -1, answer: item.answer, alsoAccepted: [] };
}

const replaceSpan = (text: string, entity: Entity, replacement: string) =>
  `${text.slice(0, entity.start)}${replacement}${text.slice(entity.end)}`;

/** Cloze, multiple choice and true/false candidates built on one span of a sentence. */
function fromEntity(
  source: SentenceSource,
  entity: Entity,
  entities: readonly Entity[],
  seed: number,
): Question[] {
  const text = source.quote.text;
  const key = `${sentenceKey(source.quote)}:${answerKey(entity.text)}`;
  const random = seededRandom(seed ^ seedFromText(key));
  const others = entities.filter((other) => other !== entity);
  const distractors = distractorsFor(entity, others, random, source.briefingNames);
  const topics = [...new Set(source.facts.flatMap((fact) => fact.topics))];
  const base = {
    key,
    quote: source.quote,
    topics,
    source: "generated",
    answer: entity.text,
    alsoAccepted: [],
  };
  const questions: Question[] = [];
  const full = distractors.length === DISTRACTOR_COUNT;
  questions.push({
    ...base,
    kind: "cloze",
    prompt: `Fill in the blank: ${replaceSpan(text, entity, BLANK)}`,
    ...(full ? withOptions(entity.text, distractors, random) : { options: [], answerIndex: -1 }),
  });
  const asking = source.facts
    .flatMap((fact) => fact.questions)
    .find(
      (question) =>
        ASKS_FOR[entity.type].test(question) &&
        !question.toLowerCase().includes(entity.text.toLowerCase()) &&
        (entity.unit === undefined || question.toLowerCase().includes(entity.unit.toLowerCase())),
    );
  if (asking !== undefined && full) {
    questions.push({
      ...base,
      kind: "choice",
      prompt: asking,
      ...withOptions(entity.text, distractors, random),
    });
  }
  // A false statement changes a figure, a date or a name to another of its kind: the briefing's
  // sentence says otherwise. (A name that appears twice in the sentence is left alone: changing
  // one mention would leave the statement half true.)
  const wrong = distractors[0];
  const mentions = text.split(entity.text).length - 1;
  // "the West" -> "the Russia": a name after "the" is swapped only for figures and dates.
  const afterThe = NAME_TYPES.has(entity.type) && /\bthe\s+$/i.test(text.slice(0, entity.start));
  if (wrong !== undefined && mentions === 1 && !afterThe) {
    const isTrue = random.next() < 0.5;
    const statement = isTrue ? text : replaceSpan(text, entity, wrong);
    questions.push({
      ...base,
      // The verbatim sentence is the same true statement whichever span was picked: one key for it.
      key: isTrue ? `${sentenceKey(source.quote)}:verbatim` : key,
      kind: "truefalse",
      prompt: `True or false? ${statement}`,
      ...trueFalse(isTrue),
    });
  }
  return questions;
}

/** A true/false question that swaps the roles of two people the sentence names (and contrasts). */
function roleSwap(source: SentenceSource, entities: readonly Entity[], seed: number): Question | undefined {
  const people = entities.filter((entity) => entity.type === "person");
  const names = [...new Set(people.map((entity) => entity.text))];
  const [first, second] = names;
  if (names.length !== 2 || people.length !== 2 || first === undefined || second === undefined)
    return undefined;
  const key = `${sentenceKey(source.quote)}:roles`;
  const random = seededRandom(seed ^ seedFromText(key));
  const isTrue = random.next() < 0.5;
  let statement = source.quote.text;
  for (const entity of [...people].reverse())
    statement = replaceSpan(statement, entity, entity.text === first ? second : first);
  const topics = [...new Set(source.facts.flatMap((fact) => fact.topics))];
  return {
    key: isTrue ? `${sentenceKey(source.quote)}:verbatim` : key,
    kind: "truefalse",
    prompt: `True or false? ${isTrue ? source.quote.text : statement}`,
    ...trueFalse(isTrue),
    quote: source.quote,
    topics,
    source: "generated",
  };
}

/** Every question the knowledge base can give, for this seed (distractors and order depend on it). */
export function allQuestions(kb: KnowledgeBase, seed: number): Question[] {
  const random = seededRandom(seed);
  const questions = kb.quizItems.map((item) => fromCurated(kb, item, random));
  for (const source of sources(kb)) {
    const entities = source.entities;
    for (const entity of entities) questions.push(...fromEntity(source, entity, entities, seed));
    const swap = roleSwap(source, entities, seed);
    if (swap !== undefined) questions.push(swap);
  }
  return questions;
}

const playable = (question: Question, mode: QuizMode) => mode !== "buttons" || question.options.length > 0;

/**
 * Draws a game's questions: no two share a key (the same answer in the same sentence), and each
 * sentence is used once before any is used twice, so a game covers as much of the briefing as it can.
 */
export function generateQuiz(kb: KnowledgeBase, options: GenerateOptions): Question[] {
  const pool = shuffled(
    allQuestions(kb, options.seed).filter(
      (question) =>
        playable(question, options.mode) &&
        (options.topic === undefined || question.topics.includes(options.topic)),
    ),
    seededRandom(options.seed),
  );
  const chosen: Question[] = [];
  const keys = new Set<string>();
  const sentences = new Set<string>();
  // True and false statements alternate in a game, so always answering one of them wins at most
  // about half; the first pass also covers as many sentences as it can.
  const truths = { True: 0, False: 0 };
  const unbalanced = (question: Question) =>
    question.kind === "truefalse" &&
    truths[question.answer === "True" ? "True" : "False"] >
      truths[question.answer === "True" ? "False" : "True"];
  for (const pass of ["new sentences, balanced", "balanced", "any"] as const) {
    for (const question of pool) {
      if (chosen.length >= options.count) return withBalancedPositions(chosen, options.seed);
      const sentence = sentenceKey(question.quote);
      if (keys.has(question.key) || (pass === "new sentences, balanced" && sentences.has(sentence))) continue;
      if (pass !== "any" && unbalanced(question)) continue;
      keys.add(question.key);
      sentences.add(sentence);
      if (question.kind === "truefalse") truths[question.answer === "True" ? "True" : "False"]++;
      chosen.push(question);
    }
  }
  return withBalancedPositions(chosen, options.seed);
}

/**
 * Moves each multiple-choice answer to a position drawn from a shuffled, evenly filled list
 * (A, B, C, D, A, B, ...), so no letter is right more often than the others in a game, and
 * which one is right next cannot be guessed from the last.
 */
function withBalancedPositions(questions: readonly Question[], seed: number): Question[] {
  const lettered = questions.filter(
    (question) => question.kind !== "truefalse" && question.options.length > 1,
  );
  const width = Math.max(0, ...lettered.map((question) => question.options.length));
  const slots = shuffled(
    lettered.map((_, index) => index % Math.max(1, width)),
    seededRandom(seed ^ 0x5eed),
  );
  let next = 0;
  return questions.map((question) => {
    if (question.kind === "truefalse" || question.options.length <= 1) return question;
    const target = (slots[next++] ?? 0) % question.options.length;
    const others = question.options.filter((_, index) => index !== question.answerIndex);
    const options = [
      ...others.slice(0, target),
      question.options[question.answerIndex] ?? question.answer,
      ...others.slice(target),
    ];
    return { ...question, options, answerIndex: target };
  });
}

/** Questions with buttons built on one curated fact's sentence (for the "Quiz me" button). */
export function questionsForFact(kb: KnowledgeBase, factId: string, seed: number): Question[] {
  const fact = kb.facts.find((candidate) => candidate.id === factId);
  if (fact === undefined) return [];
  const key = sentenceKey(fact.quote);
  return allQuestions(kb, seed).filter(
    (question) => sentenceKey(question.quote) === key && question.options.length > 0,
  );
}

/** Where a sentence sits, as its citation says: "briefing:paragraph.sentence". */
export const sentenceKeyOf = (citation: CitedQuote["citation"]): string =>
  `${citation.briefing}:${citation.paragraph}.${citation.sentence}`;

/** Every sentence of the knowledge base as a verbatim quote, in reading order. */
export function quizSentences(kb: KnowledgeBase): readonly CitedQuote[] {
  return sources(kb).map((source) => source.quote);
}

/**
 * Questions on one sentence (for review cards), built from that sentence alone: its curated
 * items and the generated cloze, choice and true/false questions. Empty for a sentence the
 * quiz finds nothing to ask about, or that is not in the knowledge base.
 */
export function questionsForSentence(
  kb: KnowledgeBase,
  citation: CitedQuote["citation"],
  seed: number,
): Question[] {
  const key = sentenceKeyOf(citation);
  const source = sources(kb).find((candidate) => sentenceKey(candidate.quote) === key);
  if (source === undefined || source.quote.citation.hash !== citation.hash) return [];
  const random = seededRandom(seed);
  const questions = kb.quizItems
    .map((item) => fromCurated(kb, item, random))
    .filter((question) => sentenceKey(question.quote) === key);
  for (const entity of source.entities) questions.push(...fromEntity(source, entity, source.entities, seed));
  const swap = roleSwap(source, source.entities, seed);
  if (swap !== undefined) questions.push(swap);
  return questions;
}

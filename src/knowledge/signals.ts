/**
 * Stage 3's measures of how a candidate sentence meets a question, by name, for the decision
 * stage: coverage of the question's words (exact, as WordNet relatives, by similar meaning,
 * through context), BM25, what stays unmatched, the answer type (stage 4), and cues.
 */
import { answerTypeFit } from "./answerType.js";
import type { TermMeeting } from "./candidates.js";
import type { MeaningIndex } from "./meaningIndex.js";
import type { Question } from "./question.js";
import type { ReadSentence } from "./reader.js";
import { dot, wordVectors } from "./wordVectors.js";
import { wordRelations } from "./wordRelations.js";

/** BM25's usual parameters (Robertson & Zaragoza): term saturation and length normalisation. */
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** A term's weight is divided by this to keep signals within about 0..1. */
const WEIGHT_SCALE = 10;
/** What a similar word's match counts in the soft coverage is its cosine; below this it counts nothing. */
const SOFT_FLOOR = 0.5;

const positionsCache = new WeakMap<ReadSentence, Map<string, number[]>>();

/** Where each of a sentence's words (lemma and written form) stands, made once per sentence. */
function positionsOf(sentence: ReadSentence): Map<string, number[]> {
  let positions = positionsCache.get(sentence);
  if (positions === undefined) {
    positions = new Map();
    for (const term of sentence.terms) {
      for (const key of term.lemma === term.lower ? [term.lemma] : [term.lemma, term.lower]) {
        const list = positions.get(key);
        if (list === undefined) positions.set(key, [term.index]);
        else list.push(term.index);
      }
    }
    positionsCache.set(sentence, positions);
  }
  return positions;
}

/** Where a question term stands in a sentence, by its lemma or written form. */
function positionsOfTerm(sentence: ReadSentence, lemma: string, lower: string): readonly number[] {
  const positions = positionsOf(sentence);
  const byLemma = positions.get(lemma) ?? [];
  const byForm = lemma === lower ? [] : (positions.get(lower) ?? []);
  return byForm.length === 0 ? byLemma : [...new Set([...byLemma, ...byForm])];
}

/** The share of a role's weight that is supported (1 when the question has no word in that role). */
function supportOf([met = 0, all = 0]: readonly number[]): number {
  return all === 0 ? 1 : met / all;
}

/** Words lighter than this ("year", "people") are left out of the weakest-link measure. */
const WEAKEST_MIN_WEIGHT = 1.5;

/** Tokens in the window of densestWindow: about a clause. */
const WINDOW_TOKENS = 12;

/** The largest share of the question's weight met exactly or as relatives inside any window of the sentence. */
function densestWindow(
  sentence: ReadSentence,
  meetings: readonly TermMeeting[],
  totalWeight: number,
): number {
  const hits: { at: number; weight: number; lemma: string }[] = [];
  for (const meeting of meetings) {
    if (meeting.match === undefined || meeting.match.kind === "similar") continue;
    for (const at of positionsOfTerm(sentence, meeting.term.lemma, meeting.term.lower)) {
      hits.push({ at, weight: meeting.term.weight, lemma: meeting.term.lemma });
    }
  }
  hits.sort((a, b) => a.at - b.at);
  let best = 0;
  for (let start = 0; start < hits.length; start++) {
    const seen = new Set<string>();
    let weight = 0;
    for (let end = start; end < hits.length; end++) {
      const hit = hits[end];
      if (hit === undefined || hit.at - (hits[start]?.at ?? 0) > WINDOW_TOKENS) break;
      if (!seen.has(hit.lemma)) {
        seen.add(hit.lemma);
        weight += hit.weight;
      }
    }
    best = Math.max(best, weight);
  }
  return best / totalWeight;
}

/** Words that introduce something without identifying it: "a court", "several officials", "some parties". */
const INDEFINITE = new Set([
  "a",
  "an",
  "another",
  "several",
  "some",
  "other",
  "many",
  "various",
  "certain",
  "few",
  "unnamed",
  "unidentified",
]);

/**
 * Whether the sentence names the thing only as "a court", "several officials" or a bare
 * "Airlines": it does not say which. A mention inside a name ("the Sapporo District Court") or
 * after a name or figure ("Reuters reporters", "two ships") says which.
 */
function mentionedIndefinitely(sentence: ReadSentence, lemma: string): boolean {
  const mentions = sentence.tokens.flatMap((token, index) => (token.lemma === lemma ? [index] : []));
  if (mentions.length === 0) return false;
  const inName = (index: number) => sentence.names.some((name) => index >= name.start && index < name.end);
  return mentions.every((index) => {
    if (inName(index)) return false;
    for (let back = index - 1; back >= Math.max(0, index - 3); back--) {
      const before = sentence.tokens[back];
      if (before === undefined) break;
      if (INDEFINITE.has(before.lower)) return true;
      if (before.pos === "PROPN" || before.pos === "NUM" || inName(back)) return false;
      if (!(before.pos === "ADJ" || before.pos === "NOUN" || before.text === "-")) {
        // No determiner at all: a bare plural ("Airlines cancelled") names none in particular.
        return (
          before.pos !== "DET" &&
          before.pos !== "PRON" &&
          sentence.tokens[index]?.lower.endsWith("s") === true
        );
      }
    }
    return index === 0 || sentence.tokens[index]?.lower.endsWith("s") === true;
  });
}

/** Tokens between a name and a verb of saying for the name to be who says it. */
const SPEAKER_REACH = 6;

/**
 * For a question about what someone said ("what did Le Pen say"): 1 when the sentence has a verb
 * of saying near one of the question's names, 0 when it has none, and 0.5 for other questions.
 */
function speechBySubject(question: Question, sentence: ReadSentence): number {
  if (!question.cues.speech) return 0.5;
  const names = new Set(question.terms.filter((term) => term.name).map((term) => term.lemma));
  if (names.size === 0) return sentence.cues.speech ? 1 : 0;
  const relations = wordRelations();
  return sentence.tokens.some(
    (token, at) =>
      token.pos === "VERB" &&
      relations.classOf(token.lemma, "v") === "communication" &&
      sentence.tokens
        .slice(Math.max(0, at - SPEAKER_REACH), at + SPEAKER_REACH)
        .some((near) => names.has(near.lemma)),
  )
    ? 1
    : 0;
}

export function signalsOf(
  question: Question,
  sentence: ReadSentence,
  meetings: readonly TermMeeting[],
  briefingHits: readonly boolean[],
  totalWeight: number,
  index: MeaningIndex,
): Record<string, number> {
  let exact = 0;
  let lexical = 0;
  let soft = 0;
  let withContext = 0;
  let withProfile = 0;
  let uniform = 0;
  // The question's least supported word: near misses leave one thing unsaid, paraphrases say
  // everything a little differently.
  const byRole = { noun: [0, 0], verb: [0, 0], modifier: [0, 0], name: [0, 0], number: [0, 0] };
  let weakest = 1;
  let weakestCost = 0;
  let unmatchedCount = 0;
  let unmatchedNouns = 0;
  let unmatched = 0;
  let unmatchedNoun = 0;
  let unmatchedVerb = 0;
  let missingInBriefing = 0;
  let missingWeight = 0;
  const matchedTokens: number[] = [];
  let names = 0;
  let namesMet = 0;
  let bm25 = 0;
  let focus = 0;
  let focusLexical = false;
  let predicate = 0;
  let softOnly = 0;
  let nameMissing = 0;
  const length = sentence.terms.length;
  for (const [at, meeting] of meetings.entries()) {
    const { term, match } = meeting;
    const weight = term.weight;
    const isExact = match?.kind === "exact";
    const isLexical = isExact || match?.kind === "related";
    const softValue =
      match === undefined
        ? 0
        : match.kind === "similar"
          ? match.strength >= SOFT_FLOOR
            ? match.strength
            : 0
          : 1;
    exact += isExact ? weight : 0;
    lexical += isLexical ? weight : 0;
    soft += softValue * weight;
    withContext += Math.max(softValue, meeting.inContext ? 1 : 0) * weight;
    withProfile += Math.max(softValue, meeting.inContext ? 1 : 0, meeting.inProfile ? 1 : 0) * weight;
    uniform += Math.max(softValue, meeting.inContext ? 0.5 : 0);
    const support = Math.max(softValue, meeting.inContext ? 0.7 : 0, meeting.inProfile ? 0.4 : 0);
    const role = term.number
      ? byRole.number
      : term.name
        ? byRole.name
        : term.pos === "VERB"
          ? byRole.verb
          : term.pos === "NOUN"
            ? byRole.noun
            : byRole.modifier;
    role[0] = (role[0] ?? 0) + support * weight;
    role[1] = (role[1] ?? 0) + weight;
    if (weight >= WEAKEST_MIN_WEIGHT) {
      weakest = Math.min(weakest, support);
      weakestCost = Math.max(weakestCost, ((1 - support) * weight) / WEIGHT_SCALE);
    }
    if (softValue < 0.5 && !meeting.inContext) {
      unmatchedCount++;
      if (term.pos === "NOUN" || term.pos === "PROPN") unmatchedNouns++;
    }
    if (softValue < 0.6 && !meeting.inContext) {
      unmatched = Math.max(unmatched, weight);
      if (term.pos === "NOUN" || term.pos === "PROPN" || term.number)
        unmatchedNoun = Math.max(unmatchedNoun, weight);
      else if (term.pos === "VERB") unmatchedVerb = Math.max(unmatchedVerb, weight);
    }
    if (briefingHits[at] !== true) {
      missingInBriefing = Math.max(missingInBriefing, weight);
      missingWeight += weight;
      // A name, or a word too rare for the general vocabulary ("novichok"), that the briefing never uses.
      if (term.name || (!term.number && wordVectors().rank(term.lower) === undefined)) nameMissing = 1;
    }
    if (match?.kind === "similar" && !meeting.inContext) softOnly = Math.max(softOnly, weight);
    if (question.predicate !== undefined && term.index === question.predicate.index)
      predicate = Math.max(softValue, meeting.inContext ? 0.5 : 0);
    if (term.name) {
      names++;
      if (isLexical || meeting.inContext) namesMet++;
    }
    if (question.focus !== undefined && term.index === question.focus.index) {
      focus = Math.max(softValue, meeting.inContext ? 0.5 : 0);
      focusLexical = isLexical;
    }
    if (isExact) {
      const df = index.documentFrequency.get(term.lemma) ?? 1;
      const idf = Math.log(1 + (index.sentences.length - df + 0.5) / (df + 0.5));
      bm25 += (idf * (BM25_K1 + 1)) / (1 + BM25_K1 * (1 - BM25_B + (BM25_B * length) / index.averageLength));
    }
  }

  // Where the question's words sit in the sentence: together in one clause, or scattered.
  const matchedLemmas = new Set<string>();
  for (const meeting of meetings) {
    if (meeting.match?.kind === "exact" || meeting.match?.kind === "related")
      matchedLemmas.add(meeting.term.lemma).add(meeting.term.lower);
  }
  sentence.terms.forEach((term) => {
    if (matchedLemmas.has(term.lemma) || matchedLemmas.has(term.lower)) matchedTokens.push(term.index);
  });
  const spread =
    matchedTokens.length < 2
      ? 0
      : (Math.max(...matchedTokens) - Math.min(...matchedTokens)) / Math.max(1, sentence.tokens.length);
  const residue = 1 - matchedTokens.length / Math.max(1, sentence.terms.length);
  // Pairs of the question's neighbouring words that stand together in the sentence ("snap election").
  let pairs = 0;
  let pairsMet = 0;
  for (let at = 1; at < meetings.length; at++) {
    const first = meetings[at - 1];
    const second = meetings[at];
    if (first === undefined || second === undefined || second.term.index - first.term.index > 2) continue;
    pairs++;
    const firstAt = positionsOfTerm(sentence, first.term.lemma, first.term.lower);
    const secondAt = positionsOfTerm(sentence, second.term.lemma, second.term.lower);
    if (firstAt.some((a) => secondAt.some((b) => Math.abs(b - a) <= 2))) pairsMet++;
  }
  // The densest window of the sentence: how much of the question it covers.
  const window = densestWindow(sentence, meetings, totalWeight);
  const fit = answerTypeFit(question, sentence);
  const hasValue = (value: number) => sentence.figures.some((figure) => figure.value === value);
  const questionValues = question.figureValues;
  const figureEcho = questionValues.size === 0 ? 0 : [...questionValues].every(hasValue) ? 1 : -1;
  // A year the question names that the sentence does not, where the sentence names another.
  const questionYears = question.years;
  const sentenceYears = new Set(
    sentence.figures.filter((figure) => figure.kind === "year").map((figure) => figure.value),
  );
  const yearMismatch =
    questionYears.some((year) => !sentenceYears.has(year)) && sentenceYears.size > 0 ? 1 : 0;
  return {
    exact: exact / totalWeight,
    lexical: lexical / totalWeight,
    soft: soft / totalWeight,
    withContext: withContext / totalWeight,
    withProfile: withProfile / totalWeight,
    uniform: uniform / Math.max(1, meetings.length),
    weakest,
    weakestCost,
    nounSupport: supportOf(byRole.noun),
    verbSupport: supportOf(byRole.verb),
    modifierSupport: supportOf(byRole.modifier),
    nameSupport: supportOf(byRole.name),
    numberSupport: supportOf(byRole.number),
    unmatchedCount: Math.min(4, unmatchedCount) / 4,
    unmatchedNouns: Math.min(3, unmatchedNouns) / 3,
    bm25: bm25 / Math.max(1, meetings.length),
    unmatched: unmatched / WEIGHT_SCALE,
    unmatchedNoun: unmatchedNoun / WEIGHT_SCALE,
    unmatchedVerb: unmatchedVerb / WEIGHT_SCALE,
    missingInBriefing: missingInBriefing / WEIGHT_SCALE,
    missingShare: missingWeight / totalWeight,
    spread,
    residue,
    namesMissed: names === 0 ? 0 : (names - namesMet) / names,
    focusAsked: question.focus === undefined ? 0 : 1,
    focusMet: focus,
    focusMissed: question.focus !== undefined && focus < 0.5 ? 1 : 0,
    focusLexical: focusLexical ? 1 : 0,
    focusIndefinite:
      question.focus !== undefined && focusLexical && mentionedIndefinitely(sentence, question.focus.lemma)
        ? 1
        : 0,
    predicateAsked: question.predicate === undefined ? 0 : 1,
    predicateMissed: question.predicate === undefined ? 0 : 1 - predicate,
    softOnly: softOnly / WEIGHT_SCALE,
    nameMissing,
    yearMismatch,
    pastAskedFutureStated: question.past && sentence.cues.future ? 1 : 0,
    asksPrecisely: question.asksPrecisely ? 1 : 0,
    asksOutcome: question.asksOutcome ? 1 : 0,
    speechBySubject: speechBySubject(question, sentence),
    meaning:
      question.meaning === undefined || sentence.meaning === undefined
        ? 0
        : dot(question.meaning, sentence.meaning),
    pairs: pairs === 0 ? 0 : pairsMet / pairs,
    window,
    lede: sentence.position === 0 ? 1 : 0,
    claimCoverage: question.askedFor === "claim" ? lexical / totalWeight : 0,
    typeAsked: fit === undefined ? 0 : 1,
    typeFit: fit ?? 0,
    typeMissed: fit === undefined ? 0 : 1 - fit,
    figureEcho,
    speechMissed: question.cues.speech && !sentence.cues.speech ? 1 : 0,
    futureMissed: question.cues.future && !sentence.cues.future ? 1 : 0,
    negationDiffers: question.cues.negation !== sentence.cues.negation ? 1 : 0,
    sentenceLength: Math.log(1 + length) / 4,
    questionLength: Math.log(1 + meetings.length) / 3,
    firstOfParagraph: sentence.sentence.number === 1 ? 1 : 0,
  };
}

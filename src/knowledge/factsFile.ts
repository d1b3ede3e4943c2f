/**
 * A facts file (knowledge/facts/<id>.yaml), checked against its briefing: ids unique, topics
 * declared, every quote found verbatim (its paragraph and sentence are found, never typed), quiz
 * items well formed, and every sentence covered when a briefing has curated facts.
 */
import { locateQuote } from "./briefingFile.js";
import { foldText } from "./fold.js";
import type { NearMiss } from "./load.js";
import type { FactsFile } from "./schema.js";
import type { Briefing, CitedQuote, Fact, QuizItem, QuizItemKind, Topic } from "./types.js";

/** A choice question shows the answer and exactly this many wrong options (four buttons). */
export const CHOICE_DISTRACTORS = 3;

/** Names where a zod issue happened in a facts file, using ids rather than array indexes. */
export function factsIssueLabel(raw: unknown, path: readonly PropertyKey[]): string {
  const [section, index, ...rest] = path;
  const entry =
    typeof section === "string" && typeof index === "number"
      ? (raw as Record<string, unknown[] | undefined>)[section]?.[index]
      : undefined;
  const id =
    entry !== null && typeof entry === "object" && typeof (entry as { id?: unknown }).id === "string"
      ? (entry as { id: string }).id
      : `#${String(index)}`;
  const noun = { topics: "topic", facts: "fact", quiz: "quiz item", unanswerable: "unanswerable" }[
    String(section)
  ];
  if (noun === undefined) return path.length === 0 ? "document" : path.map(String).join(".");
  const field = rest.length > 0 ? ` ${rest.map(String).join(".")}` : "";
  return index === undefined ? String(section) : `${noun} ${id}${field}`;
}

export interface FactsResult {
  topics: Topic[];
  facts: Fact[];
  quizItems: QuizItem[];
  nearMisses: NearMiss[];
}

export function checkFactsFile(
  file: string,
  briefing: Briefing,
  data: FactsFile,
  seenIds: Map<string, string>,
  problems: string[],
): FactsResult {
  const result: FactsResult = { topics: [], facts: [], quizItems: [], nearMisses: [] };
  const claim = (what: string, id: string): boolean => {
    const key = `${what}:${id}`;
    const previous = seenIds.get(key);
    if (previous !== undefined) {
      problems.push(`${file}: ${what} ${id}: duplicate id (also in ${previous})`);
      return false;
    }
    seenIds.set(key, file);
    return true;
  };
  const topicIds = new Set<string>();
  for (const topic of data.topics) {
    if (!claim(`topic`, `${briefing.id}/${topic.id}`)) continue;
    topicIds.add(topic.id);
    result.topics.push({ ...topic, briefing: briefing.id });
  }
  const checkTopics = (where: string, topics: readonly string[]): boolean => {
    const unknown = topics.filter((topic) => !topicIds.has(topic));
    for (const topic of unknown) problems.push(`${file}: ${where}: unknown topic "${topic}"`);
    return unknown.length === 0;
  };
  const quoteOf = (where: string, quote: string): CitedQuote | undefined => {
    const located = locateQuote(briefing, quote);
    if (located === undefined) problems.push(`${file}: ${where}: quote not found in the briefing`);
    return located;
  };

  for (const fact of data.facts) {
    const where = `fact ${fact.id}`;
    if (!claim("fact", fact.id)) continue;
    const topicsOk = checkTopics(where, fact.topics);
    const quote = quoteOf(where, fact.quote);
    if (quote === undefined || !topicsOk) continue;
    result.facts.push({
      id: fact.id,
      briefing: briefing.id,
      quote,
      topics: fact.topics,
      keywords: fact.keywords,
      questions: fact.questions,
      origin: "curated",
    });
  }

  for (const item of data.quiz) {
    const where = `quiz item ${item.id}`;
    if (!claim("quiz item", item.id)) continue;
    const topicsOk = checkTopics(where, item.topics);
    const quote = quoteOf(where, item.quote);
    const shapeOk = checkQuizShape(file, where, item.kind, item, problems);
    if (quote === undefined || !topicsOk || !shapeOk) continue;
    result.quizItems.push({ ...item, briefing: briefing.id, quote });
  }

  for (const miss of data.unanswerable) {
    result.nearMisses.push({ briefing: briefing.id, question: miss.question, why: miss.why });
  }
  checkCoverage(file, briefing, result.facts, problems);
  return result;
}

function checkQuizShape(
  file: string,
  where: string,
  kind: QuizItemKind,
  item: { answer: string; distractors: readonly string[]; prompt: string; quote: string },
  problems: string[],
): boolean {
  const before = problems.length;
  const answer = foldText(item.answer);
  if (kind === "choice") {
    if (item.distractors.length !== CHOICE_DISTRACTORS) {
      problems.push(`${file}: ${where}: a choice item needs exactly ${CHOICE_DISTRACTORS} distractors`);
    }
    const folded = item.distractors.map(foldText);
    if (folded.includes(answer)) problems.push(`${file}: ${where}: a distractor repeats the answer`);
    if (new Set(folded).size !== folded.length) problems.push(`${file}: ${where}: distractors repeat`);
  } else if (item.distractors.length > 0) {
    problems.push(`${file}: ${where}: only choice items have distractors`);
  }
  if (kind === "truefalse" && answer !== "true" && answer !== "false") {
    problems.push(`${file}: ${where}: a truefalse answer must be "true" or "false"`);
  }
  if (kind === "cloze") {
    if (!item.prompt.includes("___")) problems.push(`${file}: ${where}: a cloze prompt needs a ___ blank`);
    if (!foldText(item.quote).includes(answer)) {
      problems.push(`${file}: ${where}: the cloze answer must appear in its quote`);
    }
  }
  return problems.length === before;
}

/** When a briefing has curated facts, every sentence must be covered by at least one of them. */
function checkCoverage(file: string, briefing: Briefing, facts: readonly Fact[], problems: string[]): void {
  if (facts.length === 0) return;
  for (const paragraph of briefing.paragraphs) {
    for (const sentence of paragraph.sentences) {
      const covered = facts.some(
        (fact) =>
          fact.quote.citation.paragraph === paragraph.number &&
          overlaps(paragraph.text, fact.quote.text, sentence.start, sentence.end),
      );
      if (!covered) {
        problems.push(
          `${file}: paragraph ${paragraph.number} sentence ${sentence.number}: no fact covers "${sentence.text.slice(0, 40)}…"`,
        );
      }
    }
  }
}

function overlaps(paragraph: string, quote: string, start: number, end: number): boolean {
  const at = paragraph.indexOf(quote);
  return at >= 0 && at < end && at + quote.length > start;
}

/**
 * Loads and validates knowledge/: briefings (front matter + paragraphs), curated facts, quiz
 * items and the synonym lexicon. Every problem is collected and reported as `file: where: what`;
 * nothing is skipped silently.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";

import { findFolded, foldText, foldWithMap, type FoldedWithMap } from "./fold.js";
import { EMPTY_LEXICON, parseLexicon, type Lexicon } from "./lexicon.js";
import { factsFileSchema, frontMatterSchema, type FactsFile, type Intent } from "./schema.js";
import { readOnce } from "./reader.js";
import { segmentSentences } from "./segment.js";
import { statementFacts } from "./statements.js";
import type {
  Briefing,
  CitedQuote,
  Fact,
  KnowledgeBase,
  Paragraph,
  QuizItem,
  QuizItemKind,
  Topic,
} from "./types.js";

/** A choice question shows the answer and exactly this many wrong options (four buttons). */
export const CHOICE_DISTRACTORS = 3;
/** Characters of sha256 kept in a citation: enough to detect an edited briefing, short to show. */
export const HASH_LENGTH = 12;

export class KnowledgeLoadError extends Error {
  override readonly name = "KnowledgeLoadError";
  constructor(readonly problems: string[]) {
    super(`knowledge base is invalid:\n${problems.join("\n")}`);
  }
}

/** A fact with the engine-only hints that the public Fact type leaves out. */
export interface CuratedFact extends Fact {
  readonly intents: readonly Intent[];
}

export interface NearMiss {
  readonly briefing: string;
  readonly question: string;
  readonly why: string;
}

/** What loadKnowledge returns: the public KnowledgeBase plus data only the answer engine uses. */
export interface LoadedKnowledge extends KnowledgeBase {
  readonly facts: readonly CuratedFact[];
  readonly lexicon: Lexicon;
  readonly nearMisses: readonly NearMiss[];
}

export function isLoadedKnowledge(kb: KnowledgeBase): kb is LoadedKnowledge {
  return "lexicon" in kb && "nearMisses" in kb;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export function contentHash(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex").slice(0, HASH_LENGTH);
}

/** Reads a briefing file; problems are pushed, and undefined is returned when it is unusable. */
export function parseBriefing(file: string, source: string, problems: string[]): Briefing | undefined {
  const match = FRONT_MATTER.exec(source);
  if (match === null) {
    problems.push(`${file}: front matter: missing (the file must start with a --- YAML block ---)`);
    return undefined;
  }
  let raw: unknown;
  try {
    raw = parseYaml(match[1] ?? "");
  } catch (error) {
    problems.push(`${file}: front matter: malformed YAML (${yamlReason(error)})`);
    return undefined;
  }
  const parsed = frontMatterSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${file}: front matter ${issue.path.join(".") || "block"}: ${issue.message}`);
    }
    return undefined;
  }
  const expectedId = basename(file, ".md");
  if (parsed.data.id !== expectedId) {
    problems.push(`${file}: front matter id: "${parsed.data.id}" must match the file name "${expectedId}"`);
  }
  const body = source.slice(match[0].length).replace(/\r\n/g, "\n");
  const paragraphs: Paragraph[] = body
    .split(/\n[ \t]*\n/)
    .map((block) => block.replace(/^\n+|\n+$/g, ""))
    .filter((block) => block.trim() !== "")
    .map((block, index) => ({ number: index + 1, text: block, sentences: segmentSentences(block) }));
  if (paragraphs.length === 0) {
    problems.push(`${file}: body: has no paragraphs`);
    return undefined;
  }
  const { id, title, publisher, url, date } = parsed.data;
  return {
    id,
    title,
    publisher,
    ...(url === undefined ? {} : { url }),
    ...(date === undefined ? {} : { date }),
    hash: contentHash(paragraphs.map((paragraph) => paragraph.text).join("\n\n")),
    paragraphs,
  };
}

function yamlReason(error: unknown): string {
  if (error instanceof YAMLParseError) {
    const position = error.linePos?.[0];
    const where = position === undefined ? "" : ` at line ${position.line}, column ${position.col}`;
    return `${error.code}${where}`;
  }
  return error instanceof Error ? error.message : String(error);
}

const foldedParagraphs = new WeakMap<Paragraph, FoldedWithMap>();

/** Folding a paragraph once serves every quote looked up in it. */
function foldedParagraph(paragraph: Paragraph): FoldedWithMap {
  let folded = foldedParagraphs.get(paragraph);
  if (folded === undefined) {
    folded = foldWithMap(paragraph.text);
    foldedParagraphs.set(paragraph, folded);
  }
  return folded;
}

/** Finds a quote in the briefing after folding; returns the verbatim span with its citation. */
export function locateQuote(briefing: Briefing, quote: string): CitedQuote | undefined {
  for (const paragraph of briefing.paragraphs) {
    const span = findFolded(paragraph.text, quote, foldedParagraph(paragraph));
    if (span === undefined) continue;
    const sentence =
      paragraph.sentences.find((candidate) => span.start >= candidate.start && span.start < candidate.end) ??
      paragraph.sentences[0];
    return {
      text: paragraph.text.slice(span.start, span.end),
      citation: {
        briefing: briefing.id,
        hash: briefing.hash,
        paragraph: paragraph.number,
        sentence: sentence?.number ?? 1,
      },
    };
  }
  return undefined;
}

/** Reads a YAML file into unknown, reporting malformed YAML as a problem. */
function readYaml(file: string, problems: string[]): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parseYaml(readFileSync(file, "utf8")) as unknown };
  } catch (error) {
    problems.push(`${file}: document: malformed YAML (${yamlReason(error)})`);
    return { ok: false };
  }
}

/** Names where a zod issue happened in a facts file, using ids rather than array indexes. */
function factsIssueLabel(raw: unknown, path: readonly PropertyKey[]): string {
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

interface FactsResult {
  topics: Topic[];
  facts: CuratedFact[];
  quizItems: QuizItem[];
  nearMisses: NearMiss[];
}

function checkFactsFile(
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
      intents: fact.intents,
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

function listFiles(dir: string, extension: string, problems: string[]): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    if (name.endsWith(extension)) files.push(join(dir, name));
    else problems.push(`${join(dir, name)}: file: unexpected file (expected *${extension})`);
  }
  return files;
}

/** Loads and validates a knowledge directory; throws KnowledgeLoadError listing every problem. */
export function loadKnowledge(dir: string): LoadedKnowledge {
  const problems: string[] = [];
  const briefingsDir = join(dir, "briefings");
  if (!existsSync(briefingsDir)) {
    throw new KnowledgeLoadError([`${briefingsDir}: directory: missing`]);
  }
  const briefings: Briefing[] = [];
  for (const file of listFiles(briefingsDir, ".md", problems)) {
    const briefing = parseBriefing(file, readFileSync(file, "utf8"), problems);
    if (briefing === undefined) continue;
    if (briefings.some((other) => other.id === briefing.id)) {
      problems.push(`${file}: front matter id: duplicate briefing id "${briefing.id}"`);
      continue;
    }
    briefings.push(briefing);
  }
  if (briefings.length === 0 && problems.length === 0)
    problems.push(`${briefingsDir}: directory: no briefings`);

  const topics: Topic[] = [];
  const facts: CuratedFact[] = [];
  const quizItems: QuizItem[] = [];
  const nearMisses: NearMiss[] = [];
  const seenIds = new Map<string, string>();
  for (const file of listFiles(join(dir, "facts"), ".yaml", problems)) {
    const briefing = briefings.find((candidate) => candidate.id === basename(file, ".yaml"));
    if (briefing === undefined) {
      problems.push(`${file}: file: no briefing "${basename(file, ".yaml")}" for these facts`);
      continue;
    }
    const raw = readYaml(file, problems);
    if (!raw.ok) continue;
    const parsed = factsFileSchema.safeParse(raw.value ?? {});
    if (!parsed.success) {
      pushZodProblems(file, raw.value, parsed.error, problems);
      continue;
    }
    const result = checkFactsFile(file, briefing, parsed.data, seenIds, problems);
    topics.push(...result.topics);
    facts.push(...result.facts);
    quizItems.push(...result.quizItems);
    nearMisses.push(...result.nearMisses);
  }

  const lexiconFile = join(dir, "lexicon.yaml");
  let lexicon: Lexicon = EMPTY_LEXICON;
  if (existsSync(lexiconFile)) {
    const raw = readYaml(lexiconFile, problems);
    if (raw.ok) lexicon = parseLexicon(lexiconFile, raw.value, problems);
  }

  if (problems.length > 0) throw new KnowledgeLoadError(problems);
  // A briefing without curated facts is read for its own (statements.ts).
  for (const briefing of briefings) {
    if (!facts.some((fact) => fact.briefing === briefing.id)) {
      facts.push(...statementFacts(readOnce(briefing)).map((fact) => ({ ...fact, intents: [] })));
    }
  }
  return buildKnowledgeBase(briefings, topics, facts, quizItems, lexicon, nearMisses);
}

function pushZodProblems(file: string, raw: unknown, error: z.ZodError, problems: string[]): void {
  for (const issue of error.issues) {
    problems.push(`${file}: ${factsIssueLabel(raw ?? {}, issue.path)}: ${issue.message}`);
  }
}

export function buildKnowledgeBase(
  briefings: readonly Briefing[],
  topics: readonly Topic[],
  facts: readonly CuratedFact[],
  quizItems: readonly QuizItem[],
  lexicon: Lexicon,
  nearMisses: readonly NearMiss[],
): LoadedKnowledge {
  const byId = new Map(briefings.map((briefing) => [briefing.id, briefing]));
  return {
    briefings,
    topics,
    facts,
    quizItems,
    lexicon,
    nearMisses,
    getBriefing: (id) => byId.get(id),
    verifyQuote(quote) {
      const briefing = byId.get(quote.citation.briefing);
      if (briefing?.hash !== quote.citation.hash || quote.text.length === 0) return false;
      const paragraph = briefing.paragraphs[quote.citation.paragraph - 1];
      return paragraph?.text.includes(quote.text) ?? false;
    },
  };
}

/**
 * Loads and validates knowledge/: briefings (front matter + paragraphs), curated facts, quiz
 * items and the synonym lexicon. Every problem is collected and reported as `file: where: what`;
 * nothing is skipped silently.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

import { parse as parseYaml } from "yaml";
import type { z } from "zod";

import { parseBriefing, yamlReason } from "./briefingFile.js";
import { checkFactsFile, factsIssueLabel } from "./factsFile.js";
import { EMPTY_LEXICON, parseLexicon, type Lexicon } from "./lexicon.js";
import { readOnce } from "./reader.js";
import { factsFileSchema } from "./schema.js";
import { statementFacts } from "./statements.js";
import type { Briefing, Fact, KnowledgeBase, QuizItem, Topic } from "./types.js";

export { contentHash, HASH_LENGTH, locateQuote, parseBriefing } from "./briefingFile.js";
export { CHOICE_DISTRACTORS } from "./factsFile.js";

export class KnowledgeLoadError extends Error {
  override readonly name = "KnowledgeLoadError";
  constructor(readonly problems: string[]) {
    super(`knowledge base is invalid:\n${problems.join("\n")}`);
  }
}

export interface NearMiss {
  readonly briefing: string;
  readonly question: string;
  readonly why: string;
}

/** What loadKnowledge returns: the public KnowledgeBase plus data only the answer engine uses. */
export interface LoadedKnowledge extends KnowledgeBase {
  readonly facts: readonly Fact[];
  readonly lexicon: Lexicon;
  readonly nearMisses: readonly NearMiss[];
}

export function isLoadedKnowledge(kb: KnowledgeBase): kb is LoadedKnowledge {
  return "lexicon" in kb && "nearMisses" in kb;
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
  const facts: Fact[] = [];
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
      facts.push(...statementFacts(readOnce(briefing)));
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
  facts: readonly Fact[],
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

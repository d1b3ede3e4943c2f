/**
 * `npm run knowledge:check`: validates knowledge/ and prints a summary. For each briefing without
 * a facts file it also prints what the reader found (people, places, groups, figures, dates), so
 * an editor can see how a new briefing will be read. On any problem it prints each one as
 * `file: where: what` and exits 1, so CI fails on bad data.
 */
import { loadConfigOrExit } from "../config.js";
import { KnowledgeLoadError, loadKnowledge } from "../knowledge/load.js";
import { readOnce, type ReadBriefing } from "../knowledge/reader.js";

/** Most items of one kind listed per briefing; the count says how many there are in all. */
const MAX_LISTED = 12;

function list(label: string, items: readonly string[]): string {
  const unique = [...new Set(items)];
  const shown = unique.slice(0, MAX_LISTED).join("; ");
  const more = unique.length > MAX_LISTED ? `; … (${unique.length - MAX_LISTED} more)` : "";
  return `    ${label.padEnd(9)} ${unique.length}${unique.length > 0 ? `: ${shown}${more}` : ""}`;
}

/** What the reader found in a briefing, as lines for an editor. */
function readerReport(read: ReadBriefing, facts: number): string[] {
  const spans = (tokens: readonly { text: string }[], start: number, end: number) =>
    tokens
      .slice(start, end)
      .map((token) => token.text)
      .join(" ");
  const names = (kind: string) =>
    read.sentences.flatMap((sentence) =>
      sentence.names.filter((name) => name.kind === kind).map((name) => name.text),
    );
  return [
    `  ${read.briefing.id}: no facts file; read from its sentences (${facts} statements for /fact, the daily post and quizzes)`,
    list("people", names("person")),
    list("places", names("place")),
    list("groups", names("group")),
    list(
      "figures",
      read.sentences.flatMap((sentence) =>
        sentence.figures.map(
          (figure) =>
            `${spans(sentence.tokens, figure.start, figure.end)} (${figure.kind}${figure.counts === undefined ? "" : `: ${figure.counts}`})`,
        ),
      ),
    ),
    list(
      "dates",
      read.sentences.flatMap((sentence) =>
        sentence.times.map((time) => spans(sentence.tokens, time.start, time.end)),
      ),
    ),
    list(
      "causes",
      read.sentences
        .filter((sentence) => sentence.cues.cause)
        .map((sentence) => `¶${sentence.paragraph.number}.${sentence.sentence.number}`),
    ),
  ];
}

const config = loadConfigOrExit();

try {
  const kb = loadKnowledge(config.knowledgeDir);
  const paragraphs = kb.briefings.reduce((sum, briefing) => sum + briefing.paragraphs.length, 0);
  const sentences = kb.briefings.reduce(
    (sum, briefing) =>
      sum + briefing.paragraphs.reduce((inner, paragraph) => inner + paragraph.sentences.length, 0),
    0,
  );
  const read = kb.briefings.filter((briefing) =>
    kb.facts.some((fact) => fact.briefing === briefing.id && fact.origin === "read"),
  );
  process.stdout.write(
    [
      `knowledge: ${config.knowledgeDir} is valid`,
      `  briefings:  ${kb.briefings.length} (${kb.briefings.map((briefing) => briefing.id).join(", ")})`,
      `  paragraphs: ${paragraphs}`,
      `  sentences:  ${sentences}`,
      `  facts:      ${kb.facts.filter((fact) => fact.origin === "curated").length} curated, ${kb.facts.filter((fact) => fact.origin === "read").length} read from sentences`,
      `  topics:     ${kb.topics.length}`,
      `  quiz items: ${kb.quizItems.length}`,
      `  synonyms:   ${kb.lexicon.groups.length} override groups`,
      ...(read.length > 0 ? ["", "read without a facts file:"] : []),
      ...read.flatMap((briefing) =>
        readerReport(readOnce(briefing), kb.facts.filter((fact) => fact.briefing === briefing.id).length),
      ),
      "",
    ].join("\n"),
  );
} catch (error) {
  if (!(error instanceof KnowledgeLoadError)) throw error;
  process.stderr.write(`knowledge: ${error.problems.length} problem(s)\n`);
  process.stderr.write(`${error.problems.join("\n")}\n`);
  process.exit(1);
}

/**
 * `npm run knowledge:check`: validates knowledge/ and prints a summary. On any problem it
 * prints each one as `file: where: what` and exits 1, so CI fails on bad data.
 */
import { loadConfigOrExit } from "../config.js";
import { KnowledgeLoadError, loadKnowledge } from "../knowledge/load.js";

const config = loadConfigOrExit();

try {
  const kb = loadKnowledge(config.knowledgeDir);
  const paragraphs = kb.briefings.reduce((sum, briefing) => sum + briefing.paragraphs.length, 0);
  const sentences = kb.briefings.reduce(
    (sum, briefing) =>
      sum + briefing.paragraphs.reduce((inner, paragraph) => inner + paragraph.sentences.length, 0),
    0,
  );
  process.stdout.write(
    [
      `knowledge: ${config.knowledgeDir} is valid`,
      `  briefings:  ${kb.briefings.length} (${kb.briefings.map((briefing) => briefing.id).join(", ")})`,
      `  paragraphs: ${paragraphs}`,
      `  sentences:  ${sentences}`,
      `  facts:      ${kb.facts.length}`,
      `  topics:     ${kb.topics.length}`,
      `  quiz items: ${kb.quizItems.length}`,
      `  synonyms:   ${kb.lexicon.groups.length} groups`,
      "",
    ].join("\n"),
  );
} catch (error) {
  if (!(error instanceof KnowledgeLoadError)) throw error;
  process.stderr.write(`knowledge: ${error.problems.length} problem(s)\n`);
  process.stderr.write(`${error.problems.join("\n")}\n`);
  process.exit(1);
}

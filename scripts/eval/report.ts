/**
 * `npm run eval -- [--set heldOut|final|development] [--together]`: answers a split of the
 * evaluation corpus with the shipped engine and model, each briefing loaded alone without a facts
 * file (as ../shared/eval/general/run.mjs does), and prints answered-right and declined-right per
 * briefing. Held-out and final briefings were never used to build or train the engine.
 */
import { createAnswerEngine } from "../../src/knowledge/answer.js";
import { buildKnowledgeBase } from "../../src/knowledge/load.js";
import type { Briefing } from "../../src/knowledge/types.js";
import { type CorpusQuestion, loadCorpus, quoteAnswers } from "./corpus.js";

const args = process.argv.slice(2);
const set = args.includes("--set") ? (args[args.indexOf("--set") + 1] ?? "heldOut") : "heldOut";
const corpus = loadCorpus();
const ids =
  set === "final" ? [...corpus.final] : set === "development" ? [...corpus.development] : [...corpus.heldOut];

type Tally = { answer: [number, number]; decline: [number, number] };
const empty = (): Tally => ({ answer: [0, 0], decline: [0, 0] });

function score(briefings: readonly Briefing[], questions: readonly CorpusQuestion[]): Tally {
  const engine = createAnswerEngine(buildKnowledgeBase(briefings, [], [], [], { groups: [] }, []));
  const tally = empty();
  for (const question of questions) {
    const result = engine.answer(question.q);
    const right =
      question.expect === "decline"
        ? result.kind === "decline"
        : result.kind === "answer" && quoteAnswers(result.best.text, question);
    const bucket = tally[question.expect];
    bucket[1]++;
    if (right) bucket[0]++;
  }
  return tally;
}

const pct = ([right, total]: [number, number]) => (total === 0 ? "-" : ((100 * right) / total).toFixed(1));
const total = empty();
process.stdout.write(`| ${set} briefing, loaded alone | answered right | declined right |\n|---|---|---|\n`);
for (const id of ids.sort()) {
  const briefing = corpus.briefings.get(id);
  if (briefing === undefined) continue;
  const tally = score(
    [briefing],
    corpus.questions.filter((question) => question.briefing === id),
  );
  for (const key of ["answer", "decline"] as const)
    for (const at of [0, 1] as const) total[key][at] += tally[key][at];
  process.stdout.write(
    `| ${id} | ${pct(tally.answer)} (${tally.answer[0]}/${tally.answer[1]}) | ${pct(tally.decline)} (${tally.decline[0]}/${tally.decline[1]}) |\n`,
  );
}
process.stdout.write(
  `| **all, each alone** | **${pct(total.answer)}** (${total.answer[0]}/${total.answer[1]}) | **${pct(total.decline)}** (${total.decline[0]}/${total.decline[1]}) |\n`,
);
if (args.includes("--together")) {
  const briefings = ids.flatMap((id) => corpus.briefings.get(id) ?? []);
  const together = score(
    briefings,
    corpus.questions.filter((question) => ids.includes(question.briefing)),
  );
  process.stdout.write(
    `| all ${ids.length} loaded together | ${pct(together.answer)} | ${pct(together.decline)} |\n`,
  );
}

/**
 * Development aid: answers the development briefings' questions (each briefing alone) with the
 * shipped model and prints the misses with what the pipeline saw. Never run on held-out briefings.
 *
 *   npx tsx scripts/eval/inspect.ts [--briefing ID] [--kind KIND] [--all]
 */
import { createAnswerEngine } from "../../src/knowledge/engine.js";
import { buildKnowledgeBase } from "../../src/knowledge/load.js";
import { loadCorpus, quoteAnswers } from "./corpus.js";

const args = process.argv.slice(2);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const corpus = loadCorpus();
const only = value("--briefing");
const kind = value("--kind");
let right = 0;
let total = 0;
for (const id of corpus.development) {
  if (only !== undefined && id !== only) continue;
  const briefing = corpus.briefings.get(id);
  if (briefing === undefined) continue;
  const engine = createAnswerEngine(buildKnowledgeBase([briefing], [], [], [], { groups: [] }, []));
  for (const question of corpus.questions.filter(
    (q) => q.briefing === id && (kind === undefined || q.kind === kind),
  )) {
    const result = engine.answer(question.q);
    const ok =
      question.expect === "decline"
        ? result.kind === "decline"
        : result.kind === "answer" && quoteAnswers(result.best.text, question);
    total++;
    if (ok) right++;
    if (ok && !args.includes("--all")) continue;
    const decision = engine.decide(question.q);
    const top = decision.ranked[0];
    const correctRank = decision.ranked.findIndex((entry) =>
      quoteAnswers(entry.candidate.sentence.sentence.text, question),
    );
    const signals = Object.entries(top?.candidate.signals ?? {})
      .filter(([, v]) => v !== 0)
      .map(([k, v]) => `${k}=${v.toFixed(2)}`)
      .join(" ");
    process.stdout.write(
      `\n${ok ? "OK  " : "MISS"} ${question.id} [${question.kind}/${question.expect}] ${JSON.stringify(question.q)}\n` +
        `  read: ${decision.question.askedFor}${decision.question.figureKind ? `/${decision.question.figureKind}` : ""} focus=${decision.question.focus?.lemma ?? "-"} text=${JSON.stringify(decision.question.text)}\n` +
        `  terms: ${decision.question.terms.map((t) => `${t.lemma}${t.name ? "*" : ""}:${t.weight.toFixed(1)}`).join(" ")}\n` +
        `  p=${decision.probability.toFixed(2)} top=${JSON.stringify(top?.candidate.sentence.sentence.text.slice(0, 110))} rightRank=${correctRank}\n` +
        `  ${signals}\n` +
        (question.expect === "answer" ? `  want: ${JSON.stringify(question.must_quote_any)}\n` : ""),
    );
  }
}
process.stdout.write(`\n${right}/${total} right\n`);

/**
 * `npm run train:decision`: fits the decision stage's two logistic models on the development
 * briefings of tests/knowledge/general (never the held-out ones), chooses the answer threshold
 * by leave-one-briefing-out cross-validation, prints the cross-validated figures per briefing,
 * and writes src/knowledge/resources/decision-model.json.
 *
 *   npm run train:decision [-- --dry-run]
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import {
  type DecisionModel,
  deciderFeatures,
  logistic,
  type Scorer,
  score,
} from "../src/knowledge/decide.js";
import { fitBoostedTrees } from "./eval/boosting.js";
import { loadCorpus } from "./eval/corpus.js";
import { type Extracted, extract } from "./eval/extract.js";
import { fitLogistic, type Sample } from "./eval/logistic.js";

const value = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
/** Model family for each stage: "pairwise" (ranker only), "linear" (logistic regression), "trees" (boosted trees) or "blend" (decider only: both, log-odds averaged). */
const rankerKind = value("--ranker") ?? "pairwise";
const deciderKind = value("--decider") ?? "linear";
const fit = (kind: string, samples: Sample[], names: readonly string[]): Scorer =>
  kind === "blend"
    ? { kind: "blend", parts: [fitLogistic(samples, names), fitBoostedTrees(samples, names)] }
    : kind === "trees"
      ? fitBoostedTrees(samples, names)
      : fitLogistic(samples, names);

/**
 * A pairwise ranker (RankNet's idea with a linear score): learns from pairs of one right and one
 * wrong sentence for the same question, which is what ranking needs, rather than from each
 * sentence alone.
 */
function fitPairwise(items: readonly Extracted[], names: readonly string[]): Scorer {
  const samples: Sample[] = [];
  for (const item of items) {
    const right = item.candidates.filter((candidate) => candidate.correct);
    const wrong = item.candidates.filter((candidate) => !candidate.correct);
    if (right.length === 0 || wrong.length === 0) continue;
    const weight = 1 / (right.length * wrong.length);
    for (const r of right) {
      for (const w of wrong) {
        const difference: Record<string, number> = {};
        for (const name of names) difference[name] = (r.signals[name] ?? 0) - (w.signals[name] ?? 0);
        const mirrored: Record<string, number> = {};
        for (const name of names) mirrored[name] = -(difference[name] ?? 0);
        samples.push({ features: difference, label: 1, weight }, { features: mirrored, label: 0, weight });
      }
    }
  }
  const model = fitLogistic(samples, names);
  // Differences are centred by construction: score the raw signals, scaled as fitted.
  return { ...model, bias: 0, means: Object.fromEntries(names.map((name) => [name, 0])) };
}

const fitRanker = (items: readonly Extracted[]): Scorer =>
  rankerKind === "pairwise"
    ? fitPairwise(items, signalNames)
    : fit(rankerKind, rankerSamples(items), signalNames);

const MODEL_FILE = fileURLToPath(new URL("../src/knowledge/resources/decision-model.json", import.meta.url));
const dryRun = process.argv.includes("--dry-run");

const corpus = loadCorpus();
const development = corpus.development;
const started = performance.now();
const extracted = new Map<string, Extracted[]>();
for (const id of development) {
  const briefing = corpus.briefings.get(id);
  if (briefing === undefined) continue;
  extracted.set(
    id,
    extract(
      [briefing],
      corpus.questions.filter((question) => question.briefing === id),
    ),
  );
}
process.stdout.write(
  `extracted ${development.length} briefings in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);

const signalNames = (() => {
  for (const list of extracted.values())
    for (const item of list) for (const candidate of item.candidates) return Object.keys(candidate.signals);
  return [];
})();

function rankerSamples(items: readonly Extracted[]): Sample[] {
  const samples: Sample[] = [];
  for (const item of items) {
    if (item.question.expect !== "answer" || !item.candidates.some((candidate) => candidate.correct))
      continue;
    // Each question counts once, however many sentences it has.
    const weight = 1 / item.candidates.length;
    for (const candidate of item.candidates)
      samples.push({
        features: candidate.signals,
        label: candidate.correct ? 1 : 0,
        weight: weight * (candidate.correct ? 1 : 1),
      });
  }
  return samples;
}

interface Judged {
  readonly item: Extracted;
  readonly features: Record<string, number> | undefined;
  readonly topCorrect: boolean;
}

function judge(items: readonly Extracted[], ranker: Scorer): Judged[] {
  return items.map((item) => {
    if (item.screened || item.candidates.length === 0)
      return { item, features: undefined, topCorrect: false };
    const scored = item.candidates
      .map((candidate) => ({ candidate, score: score(ranker, candidate.signals) }))
      .sort((a, b) => b.score - a.score);
    const best = scored[0];
    if (best === undefined) return { item, features: undefined, topCorrect: false };
    return {
      item,
      features: deciderFeatures(best.candidate.signals, best.score, scored[1]?.score, item.askedFor),
      topCorrect: best.candidate.correct,
    };
  });
}

/**
 * The decider learns to tell questions whose best sentence answers them from questions to
 * decline. An answerable question whose best sentence is wrong fails however it is decided, so
 * it teaches nothing about the threshold and is left out.
 */
function deciderSamples(judged: readonly Judged[]): Sample[] {
  return judged.flatMap((entry) => {
    if (entry.features === undefined) return [];
    const answerable = entry.item.question.expect === "answer";
    if (answerable && !entry.topCorrect) return [];
    return [{ features: entry.features, label: answerable ? 1 : 0 }];
  });
}

const deciderNames = (judged: readonly Judged[]) =>
  Object.keys(judged.find((entry) => entry.features !== undefined)?.features ?? {});

interface Outcome {
  readonly briefing: string;
  readonly kind: string;
  readonly expect: "answer" | "decline";
  readonly probability: number;
  readonly topCorrect: boolean;
}

// Leave one development briefing out: fit on the rest, predict it.
const outcomes: Outcome[] = [];
for (const id of development) {
  const rest = development.filter((other) => other !== id).flatMap((other) => extracted.get(other) ?? []);
  const ranker = fitRanker(rest);
  const restJudged = judge(rest, ranker);
  const decider = fit(deciderKind, deciderSamples(restJudged), deciderNames(restJudged));
  for (const entry of judge(extracted.get(id) ?? [], ranker)) {
    outcomes.push({
      briefing: id,
      kind: entry.item.question.kind,
      expect: entry.item.question.expect,
      probability: entry.features === undefined ? 0 : logistic(score(decider, entry.features)),
      topCorrect: entry.topCorrect,
    });
  }
}

function rates(
  list: readonly Outcome[],
  threshold: number,
): { answer: [number, number]; decline: [number, number] } {
  const result = { answer: [0, 0] as [number, number], decline: [0, 0] as [number, number] };
  for (const outcome of list) {
    const answered = outcome.probability >= threshold && outcome.probability > 0;
    if (outcome.expect === "answer") {
      result.answer[1]++;
      if (answered && outcome.topCorrect) result.answer[0]++;
    } else {
      result.decline[1]++;
      if (!answered) result.decline[0]++;
    }
  }
  return result;
}
const pct = ([right, total]: [number, number]) => (total === 0 ? "-" : ((100 * right) / total).toFixed(1));

/**
 * A wrong confident answer is worse than a decline (DESIGN §1): the threshold maximises the
 * answered-right rate plus this many times the declined-right rate.
 */
const DECLINE_WEIGHT = 1.25;
// The threshold that maximises that weighted sum of the two rates.
let threshold = 0.5;
let bestObjective = -1;
for (let t = 0.05; t <= 0.95; t += 0.01) {
  const r = rates(outcomes, t);
  const objective =
    r.answer[0] / Math.max(1, r.answer[1]) + (DECLINE_WEIGHT * r.decline[0]) / Math.max(1, r.decline[1]);
  if (objective > bestObjective + 1e-9) {
    bestObjective = objective;
    threshold = Number(t.toFixed(2));
  }
}
// Near misses: below the threshold, the lowest probability from which at least half of the
// answerable questions still had the right sentence first.
let nearThreshold = threshold;
for (let t = threshold - 0.01; t > 0.01; t -= 0.01) {
  const band = outcomes.filter((outcome) => outcome.probability >= t && outcome.probability < threshold);
  const right = band.filter((outcome) => outcome.expect === "answer" && outcome.topCorrect).length;
  if (band.length > 0 && right / band.length < 0.5) break;
  nearThreshold = Number(t.toFixed(2));
}

process.stdout.write(
  `\nLeave-one-briefing-out on ${development.length} development briefings (threshold ${threshold}, near ${nearThreshold})\n`,
);
process.stdout.write("| briefing | answered right | declined right |\n|---|---|---|\n");
for (const id of development) {
  const r = rates(
    outcomes.filter((outcome) => outcome.briefing === id),
    threshold,
  );
  process.stdout.write(
    `| ${id} | ${pct(r.answer)} (${r.answer[0]}/${r.answer[1]}) | ${pct(r.decline)} (${r.decline[0]}/${r.decline[1]}) |\n`,
  );
}
const all = rates(outcomes, threshold);
const topRight = outcomes.filter((outcome) => outcome.expect === "answer" && outcome.topCorrect).length;
process.stdout.write(`| **all** | **${pct(all.answer)}** | **${pct(all.decline)}** |\n`);
const kinds = [...new Set(outcomes.map((outcome) => outcome.kind))];
process.stdout.write(
  `by kind: ${kinds
    .map((kind) => {
      const r = rates(
        outcomes.filter((outcome) => outcome.kind === kind),
        threshold,
      );
      const top = outcomes.filter((outcome) => outcome.kind === kind && outcome.topCorrect).length;
      return `${kind} ${r.answer[1] > 0 ? `${pct(r.answer)} (top ${pct([top, r.answer[1]])})` : pct(r.decline)}`;
    })
    .join(", ")}\n`,
);
// How well the decider separates answers it should give from questions it should decline,
// whatever the threshold: the area under the ROC curve.
const positives = outcomes
  .filter((outcome) => outcome.expect === "answer" && outcome.topCorrect)
  .map((outcome) => outcome.probability);
const negatives = outcomes
  .filter((outcome) => outcome.expect === "decline")
  .map((outcome) => outcome.probability);
let wins = 0;
for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
process.stdout.write(
  `decider AUC ${(wins / Math.max(1, positives.length * negatives.length)).toFixed(3)}, objective ${(100 * bestObjective).toFixed(1)}\n`,
);
process.stdout.write(
  `right sentence ranked first: ${pct([topRight, all.answer[1]])}% of answerable questions\n`,
);

const ranker = fitRanker(development.flatMap((id) => extracted.get(id) ?? []));
const judgedAll = judge(
  development.flatMap((id) => extracted.get(id) ?? []),
  ranker,
);
const decider = fit(deciderKind, deciderSamples(judgedAll), deciderNames(judgedAll));
const model: DecisionModel = {
  ranker,
  decider,
  threshold,
  nearThreshold,
  trainedOn: `${development.length} development briefings of tests/knowledge/general (${development.reduce((sum, id) => sum + (extracted.get(id)?.length ?? 0), 0)} questions); threshold by leave-one-briefing-out cross-validation`,
};
if (!dryRun) {
  writeFileSync(MODEL_FILE, `${JSON.stringify(model, null, 2)}\n`);
  process.stdout.write(`wrote ${MODEL_FILE}\n`);
}

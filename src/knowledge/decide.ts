/**
 * Stage 5 of the answering pipeline: two small logistic models, trained on labelled questions
 * over many briefings (scripts/trainDecision.ts; the weights ship in resources/decision-model.json).
 * The ranker scores each candidate sentence; the decider turns the best one, with how far it
 * stands above the next, into one calibrated answerability score, compared with a threshold that
 * was chosen on data.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { z } from "zod";

import { ASKED_FOR, type AskedFor } from "./questionShape.js";

const MODEL_FILE = fileURLToPath(new URL("./resources/decision-model.json", import.meta.url));

const linearSchema = z.object({
  kind: z.literal("linear").default("linear"),
  bias: z.number(),
  weights: z.record(z.string(), z.number()),
  /** Per-feature mean and spread the weights were fitted on (features are standardised). */
  means: z.record(z.string(), z.number()),
  scales: z.record(z.string(), z.number()),
});

/** One regression tree, as an array of nodes; node 0 is the root, a node without a feature is a leaf. */
const treeSchema = z.array(
  z.object({
    feature: z.string().optional(),
    threshold: z.number().optional(),
    left: z.number().int().optional(),
    right: z.number().int().optional(),
    value: z.number().optional(),
  }),
);

const treesSchema = z.object({ kind: z.literal("trees"), base: z.number(), trees: z.array(treeSchema) });

const singleScorerSchema = z.union([treesSchema, linearSchema]);

/** Several models' log-odds, averaged: a linear model's smooth trend with the trees' interactions. */
const blendSchema = z.object({ kind: z.literal("blend"), parts: z.array(singleScorerSchema).min(1) });

const scorerSchema = z.union([blendSchema, treesSchema, linearSchema]);

export const decisionModelSchema = z.object({
  ranker: scorerSchema,
  decider: scorerSchema,
  /** Answer when the decider's probability is at least this. */
  threshold: z.number().min(0).max(1),
  /** A decline offers the best sentence first when its probability is at least this. */
  nearThreshold: z.number().min(0).max(1),
  trainedOn: z.string(),
});

export type LinearModel = z.infer<typeof linearSchema>;
export type TreesModel = z.infer<typeof treesSchema>;
export type Scorer = z.infer<typeof scorerSchema>;
export type DecisionModel = z.infer<typeof decisionModelSchema>;

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The model's raw score (log-odds) for some named features; a feature it does not know counts as 0. */
export function score(model: Scorer, features: Readonly<Record<string, number>>): number {
  if (model.kind === "blend")
    return model.parts.reduce((sum, part) => sum + score(part, features), 0) / model.parts.length;
  return model.kind === "trees" ? treesScore(model, features) : linearScore(model, features);
}

function treesScore(model: TreesModel, features: Readonly<Record<string, number>>): number {
  let sum = model.base;
  for (const tree of model.trees) {
    let at = 0;
    for (let steps = 0; steps < tree.length; steps++) {
      const node = tree[at];
      if (node === undefined) break;
      if (node.feature === undefined) {
        sum += node.value ?? 0;
        break;
      }
      at = (features[node.feature] ?? 0) <= (node.threshold ?? 0) ? (node.left ?? 0) : (node.right ?? 0);
    }
  }
  return sum;
}

/** A linear model's weights as parallel arrays, made once per model: scoring runs per candidate. */
interface CompiledLinear {
  readonly names: readonly string[];
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly scales: Float64Array;
}

const compiled = new WeakMap<LinearModel, CompiledLinear>();

function compile(model: LinearModel): CompiledLinear {
  let found = compiled.get(model);
  if (found === undefined) {
    const names = Object.keys(model.weights);
    found = {
      names,
      weights: Float64Array.from(names, (name) => model.weights[name] ?? 0),
      means: Float64Array.from(names, (name) => model.means[name] ?? 0),
      scales: Float64Array.from(names, (name) => (model.scales[name] ?? 1) || 1),
    };
    compiled.set(model, found);
  }
  return found;
}

function linearScore(model: LinearModel, features: Readonly<Record<string, number>>): number {
  const { names, weights, means, scales } = compile(model);
  let sum = model.bias;
  for (let index = 0; index < names.length; index++) {
    sum +=
      ((weights[index] ?? 0) * ((features[names[index] ?? ""] ?? 0) - (means[index] ?? 0))) /
      (scales[index] ?? 1);
  }
  return sum;
}

/** Features of the question as a whole, shared by every candidate's decision. */
export function questionFeatures(askedFor: AskedFor): Record<string, number> {
  const features: Record<string, number> = {};
  for (const kind of ASKED_FOR) features[`asks_${kind}`] = askedFor === kind ? 1 : 0;
  return features;
}

/** What the decider sees: the best candidate's signals, its ranker score and its margin over the next. */
export function deciderFeatures(
  best: Readonly<Record<string, number>>,
  bestScore: number,
  secondScore: number | undefined,
  askedFor: AskedFor,
): Record<string, number> {
  // How well the answer type fits matters more for some kinds of question than others.
  const fitByKind: Record<string, number> = {};
  for (const kind of ["person", "place", "time", "number", "reason", "result"] as const) {
    fitByKind[`fit_${kind}`] = askedFor === kind ? (best.typeFit ?? 0) : 0;
  }
  return {
    ...best,
    ...fitByKind,
    ...questionFeatures(askedFor),
    rankScore: bestScore,
    margin: secondScore === undefined ? 4 : Math.min(4, bestScore - secondScore),
  };
}

let shared: DecisionModel | undefined;

/** The shipped model, read and validated on first use. */
export function decisionModel(): DecisionModel {
  if (shared === undefined) {
    const parsed = decisionModelSchema.safeParse(JSON.parse(readFileSync(MODEL_FILE, "utf8")) as unknown);
    if (!parsed.success) {
      throw new Error(
        `${MODEL_FILE}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
      );
    }
    shared = parsed.data;
  }
  return shared;
}

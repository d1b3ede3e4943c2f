/**
 * Gradient-boosted regression trees for the logistic loss (Friedman's gradient boosting with
 * Newton leaf values, as XGBoost does): small, deterministic, and able to weigh one signal by
 * another ("a figure is expected" x "the sentence has one"), which a linear model cannot.
 */
import type { Sample } from "./logistic.js";

export interface TreeNode {
  /** Leaf when `feature` is absent. */
  feature?: string;
  threshold?: number;
  left?: number;
  right?: number;
  value?: number;
}

export interface BoostedTrees {
  readonly kind: "trees";
  readonly base: number;
  readonly trees: TreeNode[][];
}

export interface BoostingOptions {
  readonly trees: number;
  readonly depth: number;
  readonly learningRate: number;
  /** Least hessian weight in a leaf. */
  readonly minLeaf: number;
  /** L2 penalty on leaf values. */
  readonly lambda: number;
}

export const DEFAULT_BOOSTING: BoostingOptions = {
  trees: 150,
  depth: 3,
  learningRate: 0.08,
  minLeaf: 8,
  lambda: 2,
};

export function evaluateTrees(model: BoostedTrees, features: Readonly<Record<string, number>>): number {
  let sum = model.base;
  for (const tree of model.trees) {
    let at = 0;
    for (;;) {
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

export function fitBoostedTrees(
  samples: readonly Sample[],
  names: readonly string[],
  options: BoostingOptions = DEFAULT_BOOSTING,
): BoostedTrees {
  const n = samples.length;
  const x = names.map((name) => Float64Array.from(samples, (sample) => sample.features[name] ?? 0));
  const y = Float64Array.from(samples, (sample) => sample.label);
  const w = Float64Array.from(samples, (sample) => sample.weight ?? 1);
  const order = x.map((column) =>
    Uint32Array.from([...column.keys()].sort((a, b) => (column[a] ?? 0) - (column[b] ?? 0))),
  );
  let positive = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    positive += (y[i] ?? 0) * (w[i] ?? 0);
    total += w[i] ?? 0;
  }
  const prior = Math.min(0.999, Math.max(0.001, positive / Math.max(1e-9, total)));
  const base = Math.log(prior / (1 - prior));
  const f = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: TreeNode[][] = [];
  const member = new Int32Array(n);
  for (let round = 0; round < options.trees; round++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-(f[i] ?? 0)));
      g[i] = ((y[i] ?? 0) - p) * (w[i] ?? 0);
      h[i] = Math.max(1e-6, p * (1 - p)) * (w[i] ?? 0);
    }
    const tree: TreeNode[] = [];
    member.fill(0);
    const build = (nodeId: number, depth: number): number => {
      const at = tree.length;
      tree.push({});
      let G = 0;
      let H = 0;
      for (let i = 0; i < n; i++) {
        if (member[i] !== nodeId) continue;
        G += g[i] ?? 0;
        H += h[i] ?? 0;
      }
      const leaf = (): number => {
        tree[at] = { value: Number(((options.learningRate * G) / (H + options.lambda)).toFixed(6)) };
        return at;
      };
      if (depth >= options.depth || H < 2 * options.minLeaf) return leaf();
      const parentScore = (G * G) / (H + options.lambda);
      let bestGain = 1e-6;
      let bestFeature = -1;
      let bestThreshold = 0;
      for (let k = 0; k < names.length; k++) {
        const column = x[k] as Float64Array;
        const sorted = order[k] as Uint32Array;
        let GL = 0;
        let HL = 0;
        for (let s = 0; s < n; s++) {
          const i = sorted[s] ?? 0;
          if (member[i] !== nodeId) continue;
          GL += g[i] ?? 0;
          HL += h[i] ?? 0;
          // Split only between distinct values.
          let next = s + 1;
          while (next < n && member[sorted[next] ?? 0] !== nodeId) next++;
          if (next >= n) break;
          const value = column[i] ?? 0;
          const nextValue = column[sorted[next] ?? 0] ?? 0;
          if (nextValue === value) continue;
          const HR = H - HL;
          if (HL < options.minLeaf || HR < options.minLeaf) continue;
          const GR = G - GL;
          const gain = (GL * GL) / (HL + options.lambda) + (GR * GR) / (HR + options.lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestFeature = k;
            bestThreshold = (value + nextValue) / 2;
          }
        }
      }
      if (bestFeature < 0) return leaf();
      const column = x[bestFeature] as Float64Array;
      const leftId = nodeId * 2 + 1;
      const rightId = nodeId * 2 + 2;
      for (let i = 0; i < n; i++) {
        if (member[i] !== nodeId) continue;
        member[i] = (column[i] ?? 0) <= bestThreshold ? leftId : rightId;
      }
      const left = build(leftId, depth + 1);
      const right = build(rightId, depth + 1);
      tree[at] = {
        feature: names[bestFeature] ?? "",
        threshold: Number(bestThreshold.toFixed(6)),
        left,
        right,
      };
      return at;
    };
    build(0, 0);
    trees.push(tree);
    for (let i = 0; i < n; i++)
      f[i] =
        (f[i] ?? 0) + evaluateTrees({ kind: "trees", base: 0, trees: [tree] }, samples[i]?.features ?? {});
  }
  return { kind: "trees", base: Number(base.toFixed(6)), trees };
}

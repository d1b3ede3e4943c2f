/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares) on standardised features: exact, deterministic and fast for a few dozen features.
 */
import type { LinearModel } from "../../src/knowledge/decide.js";

export interface Sample {
  readonly features: Readonly<Record<string, number>>;
  readonly label: 0 | 1;
  /** How much the sample counts (default 1). */
  readonly weight?: number;
}

/** Ridge penalty on standardised weights: keeps rare features from taking extreme values. */
export const DEFAULT_L2 = 1;
const ITERATIONS = 25;

function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++)
      if (Math.abs(a[row]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = row;
    [a[col], a[pivot]] = [a[pivot] ?? [], a[col] ?? []];
    const p = a[col]?.[col] ?? 0;
    if (Math.abs(p) < 1e-12) continue;
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = (a[row]?.[col] ?? 0) / p;
      if (factor === 0) continue;
      for (let k = col; k <= n; k++)
        (a[row] as number[])[k] = (a[row]?.[k] ?? 0) - factor * (a[col]?.[k] ?? 0);
    }
  }
  return a.map((row, i) => (row[n] ?? 0) / (row[i] || 1));
}

export function fitLogistic(
  samples: readonly Sample[],
  names: readonly string[],
  l2 = DEFAULT_L2,
): LinearModel {
  const means: Record<string, number> = {};
  const scales: Record<string, number> = {};
  for (const name of names) {
    const values = samples.map((sample) => sample.features[name] ?? 0);
    const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length);
    means[name] = mean;
    scales[name] = Math.sqrt(variance) || 1;
  }
  const d = names.length + 1;
  // Rows as one flat typed array: the Hessian's inner loop runs samples × d² times per iteration.
  const x = new Float64Array(samples.length * d);
  samples.forEach((sample, i) => {
    x[i * d] = 1;
    names.forEach((name, k) => {
      x[i * d + k + 1] = ((sample.features[name] ?? 0) - (means[name] ?? 0)) / (scales[name] ?? 1);
    });
  });
  let w = new Array<number>(d).fill(0);
  const hessian = new Float64Array(d * d);
  const gradient = new Float64Array(d);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    hessian.fill(0);
    gradient.fill(0);
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i];
      const weight = sample?.weight ?? 1;
      const base = i * d;
      let z = 0;
      for (let k = 0; k < d; k++) z += (w[k] ?? 0) * (x[base + k] ?? 0);
      const p = 1 / (1 + Math.exp(-z));
      const residual = ((sample?.label ?? 0) - p) * weight;
      const curvature = Math.max(1e-6, p * (1 - p)) * weight;
      for (let j = 0; j < d; j++) {
        const xj = x[base + j] ?? 0;
        if (xj === 0) continue;
        gradient[j] = (gradient[j] ?? 0) + residual * xj;
        const scaled = curvature * xj;
        const row = j * d;
        for (let k = j; k < d; k++) hessian[row + k] = (hessian[row + k] ?? 0) + scaled * (x[base + k] ?? 0);
      }
    }
    for (let j = 1; j < d; j++) {
      gradient[j] = (gradient[j] ?? 0) - l2 * (w[j] ?? 0);
      hessian[j * d + j] = (hessian[j * d + j] ?? 0) + l2;
    }
    const matrix = Array.from({ length: d }, (_, j) =>
      Array.from({ length: d }, (_, k) => (k >= j ? hessian[j * d + k] : hessian[k * d + j]) ?? 0),
    );
    const step = solve(matrix, [...gradient]);
    w = w.map((value, k) => value + (step[k] ?? 0));
    if (step.every((value) => Math.abs(value) < 1e-7)) break;
  }
  const weights: Record<string, number> = {};
  names.forEach((name, k) => (weights[name] = Number((w[k + 1] ?? 0).toFixed(6))));
  return {
    kind: "linear",
    bias: Number((w[0] ?? 0).toFixed(6)),
    weights,
    means: Object.fromEntries(Object.entries(means).map(([k, v]) => [k, Number(v.toFixed(6))])),
    scales: Object.fromEntries(Object.entries(scales).map(([k, v]) => [k, Number(v.toFixed(6))])),
  };
}

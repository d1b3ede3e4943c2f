/** Small helpers shared by the benchmarks: timing, percentiles and a plain text table. */
import { performance } from "node:perf_hooks";

export interface Summary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function summarize(samplesMs: readonly number[]): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { count: sorted.length, mean, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

/** Times `fn` once per call after `warmup` untimed calls; returns milliseconds per call. */
export function timeEach(iterations: number, fn: (index: number) => void, warmup = 0): number[] {
  for (let index = 0; index < warmup; index++) fn(index);
  const samples: number[] = [];
  for (let index = 0; index < iterations; index++) {
    const start = performance.now();
    fn(index);
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function timeEachAsync(
  iterations: number,
  fn: (index: number) => Promise<void>,
): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < iterations; index++) {
    const start = performance.now();
    await fn(index);
    samples.push(performance.now() - start);
  }
  return samples;
}

export const ms = (value: number): string =>
  Number.isFinite(value) ? (value < 1 ? value.toFixed(3) : value.toFixed(2)) : "-";
export const ratio = (value: number, baseline: number): string =>
  baseline > 0 && Number.isFinite(value) ? `${(value / baseline).toFixed(2)}x` : "-";

export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  process.stdout.write(`${line(headers)}\n|${widths.map((width) => "-".repeat(width + 2)).join("|")}|\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

/**
 * `npm run bench -- [name...]`: runs the named benchmarks (all by default). Each bench module
 * default-exports an async function that prints its own table of ratios against baselines
 * measured in the same run: absolute times on shared machines are noisy, ratios much less so.
 */
const BENCHMARKS = ["answers", "discord", "store", "daily", "quiz", "scale", "briefings", "review"] as const;
type BenchName = (typeof BENCHMARKS)[number];

const isBenchName = (name: string): name is BenchName => (BENCHMARKS as readonly string[]).includes(name);

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = requested.filter((name) => !isBenchName(name));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: unknown benchmark ${unknown.join(", ")}; choose from ${BENCHMARKS.join(", ")}\n`,
  );
  process.exit(2);
}
const selected = requested.length > 0 ? requested.filter(isBenchName) : [...BENCHMARKS];

for (const name of selected) {
  let module: { default: () => Promise<void> };
  try {
    module = (await import(`./${name}.js`)) as { default: () => Promise<void> };
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND") {
      process.stdout.write(`\n## ${name}: not written yet\n`);
      continue;
    }
    throw error;
  }
  process.stdout.write(`\n## ${name}\n`);
  await module.default();
}

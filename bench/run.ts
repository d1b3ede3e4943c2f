/**
 * `npm run bench -- [name...]`: runs the named benchmarks (all by default). Each bench module
 * default-exports an async function that prints its own table of ratios against baselines
 * measured in the same run: absolute times on shared machines are noisy, ratios much less so.
 */
const BENCHMARKS = [
  "answers",
  "discord",
  "store",
  "daily",
  "quiz",
  "scale",
  "briefings",
  "review",
  "soak",
] as const;
/** Run only when named: the soak takes 30 minutes by default. */
const ON_REQUEST: readonly string[] = ["soak"];
type BenchName = (typeof BENCHMARKS)[number];

const isBenchName = (name: string): name is BenchName => (BENCHMARKS as readonly string[]).includes(name);

// Names come first; from the first option on (`soak -- --minutes 5`), the rest is the benchmarks' own.
const args = process.argv.slice(2).filter((arg) => arg !== "--");
const firstOption = args.findIndex((arg) => arg.startsWith("-"));
const requested = firstOption === -1 ? args : args.slice(0, firstOption);
const unknown = requested.filter((name) => !isBenchName(name));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: unknown benchmark ${unknown.join(", ")}; choose from ${BENCHMARKS.join(", ")}\n`,
  );
  process.exit(2);
}
const selected =
  requested.length > 0
    ? requested.filter(isBenchName)
    : BENCHMARKS.filter((name) => !ON_REQUEST.includes(name));

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

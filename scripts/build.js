// @ts-check
/**
 * `npm run build [-- --outDir DIR] [-- --noCheck] [-- --project FILE]`: compiles src/ and commands/
 * with tsc (tsconfig.build.json, into dist/ by default), then copies what tsc does not emit but the compiled
 * code reads at run time: the SQL migrations, next to the compiled store.
 *
 * The compiled layout mirrors the source one (dist/src, dist/commands), so the command loader
 * finds dist/commands from dist/src/discord, and migrate.js finds dist/src/store/migrations.
 * knowledge/ and data/ are not copied: KNOWLEDGE_DIR and DATABASE_PATH are read from the working
 * directory, as with `npm start`.
 *
 * `--noCheck` emits without type checking (`npm run typecheck` does that); the build test uses it
 * to stay fast. `--project` compiles with another tsconfig that extends tsconfig.build.json (the
 * discord benchmark adds its baseline bot that way, so both bots run compiled).
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, relative, resolve } from "node:path";
import process from "node:process";

import { copyRuntimeAssets } from "./runtimeAssets.js";

const root = resolve(import.meta.dirname, "..");
const USAGE = "usage: npm run build [-- --outDir DIR] [-- --noCheck] [-- --project FILE]";

/** Folders tsc emits into the out dir (tsconfig.build.json's include, under rootDir "."); bench/ only with the bench project. */
const EMITTED = ["src", "commands", "bench"];

/** @param {string} message */
function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

function parseArgs() {
  const args = process.argv.slice(2);
  let outDir = join(root, "dist");
  let noCheck = false;
  let project = join(root, "tsconfig.build.json");
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === "--noCheck") noCheck = true;
    else if (arg === "--outDir") {
      const value = args[++index];
      if (value === undefined) fail(`--outDir needs a folder. ${USAGE}`);
      else outDir = resolve(value);
    } else if (arg === "--project") {
      const value = args[++index];
      if (value === undefined) fail(`--project needs a tsconfig file. ${USAGE}`);
      else project = resolve(value);
    } else fail(`unknown argument ${JSON.stringify(arg)}. ${USAGE}`);
  }
  return { outDir, noCheck, project };
}

const { outDir, noCheck, project } = parseArgs();

// The old output is removed first: a stale dist/commands/<deleted>.js would still be loaded.
// Refuse an out dir that is the repository or one of its parents, whose src/ is the source itself.
const fromOut = relative(outDir, root);
if (fromOut === "" || (!fromOut.startsWith("..") && !isAbsolute(fromOut))) {
  fail(`refusing to build into ${outDir}: it contains the sources`);
}
for (const folder of EMITTED) rmSync(join(outDir, folder), { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const compiled = spawnSync(
  process.execPath,
  [tsc, "-p", project, "--outDir", outDir, ...(noCheck ? ["--noCheck"] : [])],
  { stdio: "inherit" },
);
if (compiled.status !== 0) fail(`tsc failed (exit ${String(compiled.status ?? compiled.signal)})`);

let copied = 0;
try {
  copied = copyRuntimeAssets(root, outDir);
} catch (error) {
  fail(/** @type {Error} */ (error).message);
}

const shown = relative(process.cwd(), outDir) || ".";
process.stdout.write(
  `build: compiled to ${shown}/ and copied ${copied} migration file(s). Run it with node ${join(shown, "src", "main.js")}\n`,
);

// @ts-check
/**
 * `npm start`: runs the bot (or, without a token, the offline console) from JavaScript that esbuild
 * transpiles from the TypeScript sources at start-up, file by file, into `.run/<hash>/`.
 *
 * Why not tsx, as before: on Node 20 tsx's module loader runs in a thread of its own with its own
 * V8 heap, about 35 MB resident for the whole life of the bot. Transpiling once takes a fraction of
 * a second and leaves nothing running. The output mirrors the source tree (src/, commands/, bench/),
 * with the SQL migrations copied next to the store, like `npm run build` but without type checking
 * (`npm run typecheck` does that). It lives inside the project so `node_modules/` resolves.
 *
 * The folder is named by a hash of the sources and runtime assets (scripts/runTree.js), so an unchanged tree is reused and processes
 * starting together (the e2e tests start several bots at once) never see a half-written one: each
 * writes into a temporary folder and renames it into place; the first rename wins.
 *
 * Usage: node [flags] scripts/start.js [entry.ts] [args...]   (entry defaults to src/main.ts)
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";

import { build } from "esbuild";

import { runTree } from "./runTree.js";
import { copyRuntimeAssets } from "./runtimeAssets.js";

const root = resolve(import.meta.dirname, "..");
/** Folders whose TypeScript runs: the app, its commands, and the benchmark's baseline bot. */
const SOURCE_DIRS = ["src", "commands", "bench"];
const RUN_DIR = join(root, ".run");
/** Marks a transpiled tree as complete: written last, just before the rename. */
const COMPLETE = ".complete";
/** Trees of older sources are removed once this old; a bot started from one may still be running. */
const STALE_MS = 24 * 60 * 60 * 1000;
const DEFAULT_ENTRY = "src/main.ts";

/** @param {string} keep */
function removeStaleTrees(keep) {
  const now = Date.now();
  for (const name of readdirSync(RUN_DIR)) {
    const path = join(RUN_DIR, name);
    if (name === keep) continue;
    try {
      if (now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

async function transpiled() {
  const { files, name } = runTree(root, SOURCE_DIRS);
  const outDir = join(RUN_DIR, name);
  if (existsSync(join(outDir, COMPLETE))) return outDir;
  mkdirSync(RUN_DIR, { recursive: true });
  const temporary = mkdtempSync(join(RUN_DIR, "tmp-"));
  try {
    await build({
      entryPoints: files,
      outdir: temporary,
      outbase: root,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "error",
    });
    copyRuntimeAssets(root, temporary);
    writeFileSync(join(temporary, COMPLETE), "");
    renameSync(temporary, outDir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    // Another process finished the same tree first: use theirs.
    if (!existsSync(join(outDir, COMPLETE))) throw error;
  }
  removeStaleTrees(name);
  return outDir;
}

const requested = process.argv[2];
const entry = requested?.endsWith(".ts") === true ? requested : DEFAULT_ENTRY;
// The entry's own arguments start at argv[2], as if it had been run directly.
if (entry === requested) process.argv.splice(2, 1);
const outDir = await transpiled();
await import(pathToFileURL(join(outDir, entry.replace(/\.ts$/, ".js"))).href);

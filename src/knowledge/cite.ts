/**
 * Stage 6 of the answering pipeline: a read sentence as a citation: its verbatim text, the
 * briefing's id and content hash, the paragraph and the sentence (DESIGN §1).
 */
import type { ReadSentence } from "./reader.js";
import type { CitedQuote } from "./types.js";

export function cite(sentence: ReadSentence): CitedQuote {
  return {
    text: sentence.sentence.text,
    citation: {
      briefing: sentence.briefing.id,
      hash: sentence.briefing.hash,
      paragraph: sentence.paragraph.number,
      sentence: sentence.sentence.number,
    },
  };
}

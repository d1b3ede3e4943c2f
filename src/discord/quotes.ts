/**
 * What both renderers need to show a quote: its citation line, and the check that it really is
 * in its paragraph. No discord.js here.
 */
import type { Citation, CitedQuote, KnowledgeBase } from "../knowledge/types.js";

/** `¶4 · "China's Got a Rust Belt Too, You Know" · GZERO Media` */
export function citationLine(citation: Citation, knowledge: KnowledgeBase): string {
  const briefing = knowledge.briefingOf?.(citation) ?? knowledge.getBriefing(citation.briefing);
  const title = briefing?.title ?? citation.briefing;
  const publisher = briefing?.publisher;
  const line = `¶${citation.paragraph} · "${title}"`;
  const cited = publisher === undefined ? line : `${line} · ${publisher}`;
  return knowledge.retired?.(citation) === true ? `${cited} · ${REMOVED_NOTE}` : cited;
}

/** After the citation of a quote from a briefing its server has since removed. */
export const REMOVED_NOTE = "from a removed briefing";

/** Shown in place of a quote that failed verification: the quote itself never goes out. */
export const UNVERIFIED_QUOTE_NOTICE =
  "⚠️ A quote could not be checked against the briefing, so it was left out.";

/** The verification every renderer runs before a quote leaves the process. Never throws. */
export function isVerified(quote: CitedQuote, knowledge: KnowledgeBase): boolean {
  try {
    return quote.text.length > 0 && knowledge.verifyQuote(quote);
  } catch {
    return false;
  }
}

/**
 * Views over one briefing, driven by its topics and curated facts rather than fixed text, so
 * any briefing with a facts file works. Every line attributed to the briefing is a CitedQuote.
 */
import { foldText } from "../knowledge/fold.js";
import { keySentences } from "../knowledge/keySentences.js";
import type { Briefing, CitedQuote, Fact, KnowledgeBase, Topic } from "../knowledge/types.js";
import type { View, ViewField } from "../view.js";
import { showParagraphAction } from "./showParagraph.js";

/** Regions compared under the contrast: a couple of facts each keeps the fields readable. */
const REGION_FACTS_MAX = 2;

const byPosition = (a: Fact, b: Fact) =>
  a.quote.citation.paragraph - b.quote.citation.paragraph ||
  a.quote.citation.sentence - b.quote.citation.sentence;

export function factsOf(knowledge: KnowledgeBase, briefing: string, topic?: string): Fact[] {
  return knowledge.facts
    .filter((fact) => fact.briefing === briefing && (topic === undefined || fact.topics.includes(topic)))
    .sort(byPosition);
}

export function topicsOf(knowledge: KnowledgeBase, briefing: string): Topic[] {
  return knowledge.topics.filter((topic) => topic.briefing === briefing);
}

const noTopic = (briefing: Briefing, topic: string): View => ({
  tone: "warning",
  title: briefing.title,
  description: `This briefing has no "${topic}" topic. Try /briefing summary for what it covers.`,
});

/** One cited line per topic, each a different fact where possible. */
export function summaryView(knowledge: KnowledgeBase, briefing: Briefing): View {
  const used = new Set<string>();
  const fields: ViewField[] = [];
  for (const topic of topicsOf(knowledge, briefing.id)) {
    const facts = factsOf(knowledge, briefing.id, topic.id);
    // Prefer a fact filed first under this topic (its main subject), then any not shown yet.
    const unused = facts.filter((candidate) => !used.has(candidate.id));
    const fact = unused.find((candidate) => candidate.topics[0] === topic.id) ?? unused[0] ?? facts[0];
    if (fact === undefined) continue;
    used.add(fact.id);
    fields.push({ name: topic.title, quotes: [fact.quote] });
  }
  if (fields.length === 0) {
    // No curated topics: the sentence that carries each paragraph's point.
    return {
      tone: "info",
      title: briefing.title,
      description: `${briefing.publisher} · ${briefing.paragraphs.length} paragraphs, one cited line each.`,
      quotes: keySentences(briefing).map((quote) => ({ quote })),
    };
  }
  return {
    tone: "info",
    title: briefing.title,
    description: `${briefing.publisher} · at a glance, one cited line per topic.`,
    fields,
  };
}

/** Every cited fact of one topic, in the briefing's order. */
export function topicView(knowledge: KnowledgeBase, briefing: Briefing, topicId: string): View {
  const topic = topicsOf(knowledge, briefing.id).find((candidate) => candidate.id === topicId);
  const facts = factsOf(knowledge, briefing.id, topicId);
  if (topic === undefined || facts.length === 0) return noTopic(briefing, topicId);
  const first = facts[0];
  const action = first === undefined ? undefined : showParagraphAction(first.quote, knowledge);
  return {
    tone: "info",
    title: topic.title,
    description: topic.description,
    quotes: facts.map((fact) => ({ quote: fact.quote })),
    footer: briefing.title,
    ...(action === undefined ? {} : { actions: [[action]] }),
  };
}

/** "Xi versus Trump", "A vs. B", "A and B": the two sides a contrast topic names. */
export function sidesOf(title: string): [string, string] | undefined {
  const match = /^(.+?)\s+(?:versus|vs\.?|v\.?|and)\s+(.+)$/i.exec(title.trim());
  const first = match?.[1]?.trim();
  const second = match?.[2]?.trim();
  return first === undefined || second === undefined ? undefined : [first, second];
}

function mentionAt(text: string, name: string): number {
  const pattern = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i");
  return pattern.exec(text)?.index ?? -1;
}

/**
 * The part of a quote about `side`: the whole quote when it names only that side; when it names
 * both, the clause from this side's name up to where the other side's clause begins.
 */
export function clauseAbout(quote: CitedQuote, side: string, other: string): CitedQuote | undefined {
  const text = quote.text;
  const at = mentionAt(text, side);
  if (at < 0) return undefined;
  const otherAt = mentionAt(text, other);
  if (otherAt < 0) return quote;
  let span: string;
  if (at < otherAt) {
    const clauseEnd = text.lastIndexOf(",", otherAt);
    span = text.slice(at, clauseEnd > at ? clauseEnd : otherAt);
  } else {
    span = text.slice(at);
  }
  span = span.trim();
  return span.length === 0 ? undefined : { text: span, citation: quote.citation };
}

function mostCommonOtherTopic(facts: readonly Fact[], exclude: string): string | undefined {
  const counts = new Map<string, number>();
  for (const fact of facts) {
    for (const topic of fact.topics) if (topic !== exclude) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Two sides' policies as two inline fields (from the topic whose title names them), then each
 * side's region as its own field, every line a cited quote.
 */
export function contrastView(knowledge: KnowledgeBase, briefing: Briefing): View {
  const topics = topicsOf(knowledge, briefing.id);
  const topic =
    topics.find(
      (candidate) => sidesOf(candidate.title) !== undefined && /contrast|versus|vs/.test(candidate.id),
    ) ?? topics.find((candidate) => sidesOf(candidate.title) !== undefined);
  const sides = topic === undefined ? undefined : sidesOf(topic.title);
  if (topic === undefined || sides === undefined) return noTopic(briefing, "contrast");
  const facts = factsOf(knowledge, briefing.id, topic.id);

  // Present the side the briefing mentions first on the left.
  const firstMention = (side: string) => {
    const fact = facts.find((candidate) => mentionAt(candidate.quote.text, side) >= 0);
    return fact === undefined
      ? Infinity
      : fact.quote.citation.paragraph * 1000 + mentionAt(fact.quote.text, side);
  };
  const ordered = [...sides].sort((a, b) => firstMention(a) - firstMention(b));

  const fields: ViewField[] = [];
  const shown = new Set<string>();
  const regions: { side: string; topic: string | undefined }[] = [];
  for (const side of ordered) {
    const other = ordered.find((candidate) => candidate !== side) ?? "";
    const sideFacts = facts.filter((fact) => mentionAt(fact.quote.text, side) >= 0);
    const quotes = sideFacts
      .map((fact) => clauseAbout(fact.quote, side, other))
      .filter((quote) => quote !== undefined);
    for (const fact of sideFacts) if (mentionAt(fact.quote.text, other) < 0) shown.add(fact.id);
    fields.push({
      name: side,
      inline: true,
      ...(quotes.length > 0 ? { quotes } : { text: "The briefing says nothing specific." }),
    });
    regions.push({
      side,
      topic: mostCommonOtherTopic(
        sideFacts.filter((fact) => mentionAt(fact.quote.text, other) < 0),
        topic.id,
      ),
    });
  }

  for (const { topic: regionId } of regions) {
    const region = topics.find((candidate) => candidate.id === regionId);
    if (region === undefined) continue;
    const regionFacts = factsOf(knowledge, briefing.id, region.id)
      .filter((fact) => !shown.has(fact.id))
      .slice(0, REGION_FACTS_MAX);
    for (const fact of regionFacts) shown.add(fact.id);
    if (regionFacts.length > 0)
      fields.push({ name: region.title, quotes: regionFacts.map((fact) => fact.quote) });
  }

  return {
    tone: "info",
    title: topic.title,
    description: topic.description,
    fields,
    footer: briefing.title,
  };
}

function citationOf(briefing: Briefing, paragraph: number, sentence: number) {
  return { briefing: briefing.id, hash: briefing.hash, paragraph, sentence };
}

/** One whole paragraph, verbatim. */
export function paragraphView(briefing: Briefing, number: number): View {
  const paragraph = briefing.paragraphs[number - 1];
  if (paragraph === undefined) {
    return {
      tone: "error",
      title: "No such paragraph",
      description: `"${briefing.title}" has paragraphs 1 to ${briefing.paragraphs.length}; there is no paragraph ${number}.`,
    };
  }
  return {
    tone: "info",
    title: `Paragraph ${number} of ${briefing.paragraphs.length}`,
    quotes: [{ quote: { text: paragraph.text, citation: citationOf(briefing, number, 1) } }],
  };
}

export function briefingListView(knowledge: KnowledgeBase): View {
  const lines = knowledge.briefings.map((briefing) => {
    const extras = [
      briefing.publisher,
      briefing.date,
      `${briefing.paragraphs.length} paragraphs`,
      `id ${briefing.id}`,
    ];
    return `• **${briefing.title}** — ${extras.filter((part) => part !== undefined).join(" · ")}`;
  });
  return {
    tone: "info",
    title: `${knowledge.briefings.length} briefing${knowledge.briefings.length === 1 ? "" : "s"} loaded`,
    description: lines.join("\n"),
  };
}

/** Briefings whose id or title matches what has been typed, sorted by title. */
export function matchBriefings(knowledge: KnowledgeBase, typed: string): Briefing[] {
  const needle = foldText(typed);
  return knowledge.briefings
    .filter((briefing) => needle === "" || foldText(`${briefing.id} ${briefing.title}`).includes(needle))
    .sort((a, b) => a.title.localeCompare(b.title));
}

/**
 * The "Related" button on an answer: more cited facts that share a topic with the quoted one,
 * shown privately. State is the answer's citation, so nothing needs storing.
 */
import { defineComponent } from "../command.js";
import { defineCustomId, idArg, intArg, isIdArg } from "../customId.js";
import type { Citation, Fact, KnowledgeBase } from "../knowledge/types.js";
import { message, type ViewAction } from "../view.js";
import { hashArg } from "./showParagraph.js";

/** Enough citations to be useful without burying the first ones. */
export const RELATED_MAX = 5;
const PARAGRAPH_NUMBER_MAX = 9_999;
const SENTENCE_NUMBER_MAX = 999;

export const relatedId = defineCustomId("related", 1, [
  idArg,
  hashArg,
  intArg(1, PARAGRAPH_NUMBER_MAX),
  intArg(1, SENTENCE_NUMBER_MAX),
]);

export function relatedAction(citation: Citation): ViewAction | undefined {
  if (!isIdArg(citation.briefing)) return undefined;
  return {
    customId: relatedId.encode(citation.briefing, citation.hash, citation.paragraph, citation.sentence),
    label: "Related",
    emoji: "🔗",
    style: "secondary",
  };
}

const sameSpot = (a: Citation, b: Citation) =>
  a.briefing === b.briefing && a.paragraph === b.paragraph && a.sentence === b.sentence;

/** Facts sharing a topic with the facts quoted at `citation`, nearest paragraphs first. */
export function relatedFacts(knowledge: KnowledgeBase, citation: Citation, max = RELATED_MAX): Fact[] {
  const facts = knowledge.facts.filter((fact) => fact.briefing === citation.briefing);
  const here = facts.filter((fact) => sameSpot(fact.quote.citation, citation));
  const topics = new Set(here.flatMap((fact) => fact.topics));
  const seenText = new Set(here.map((fact) => fact.quote.text));
  const distance = (fact: Fact) => Math.abs(fact.quote.citation.paragraph - citation.paragraph);
  const related: Fact[] = [];
  // A quote no curated fact covers has no topics: its paragraph's facts are the nearest relatives.
  const isRelated = (fact: Fact) =>
    topics.size === 0
      ? fact.quote.citation.paragraph === citation.paragraph
      : fact.topics.some((topic) => topics.has(topic));
  const candidates = facts
    .filter((fact) => !sameSpot(fact.quote.citation, citation) && isRelated(fact))
    .sort((a, b) => distance(a) - distance(b) || a.quote.citation.paragraph - b.quote.citation.paragraph);
  for (const fact of candidates) {
    if (seenText.has(fact.quote.text)) continue;
    seenText.add(fact.quote.text);
    related.push(fact);
    if (related.length === max) break;
  }
  return related;
}

export const relatedComponent = defineComponent(
  relatedId,
  async (ctx, [briefing, hash, paragraph, sentence]) => {
    const citation: Citation = { briefing, hash, paragraph, sentence };
    // Only this server's briefings: a citation from elsewhere has expired here.
    const { knowledge } = await ctx.services.library.forGuild(ctx.guildId);
    const current = knowledge.getBriefing(briefing);
    if (current?.hash !== hash) {
      return message(
        {
          tone: "warning",
          title: "Expired",
          description: "That answer's briefing has changed since; ask again.",
        },
        { ephemeral: true },
      );
    }
    const facts = relatedFacts(knowledge, citation);
    if (facts.length === 0) {
      return message(
        { tone: "info", title: "Related", description: "The briefing says nothing more on this topic." },
        { ephemeral: true },
      );
    }
    return message(
      { tone: "info", title: "Related", quotes: facts.map((fact) => ({ quote: fact.quote })) },
      { ephemeral: true },
    );
  },
);

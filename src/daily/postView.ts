/**
 * The daily post as a View: the fact's verbatim quote (the renderer adds its citation), the topic,
 * and the buttons. It pings the configured role and nobody else.
 */
import { showParagraphAction } from "../interactions/showParagraph.js";
import type { Fact, KnowledgeBase } from "../knowledge/types.js";
import type { View, ViewAction } from "../view.js";

export const POST_TITLE = "Fact of the day";

/** Extra buttons under a post (e.g. "Quiz me" once the quiz lands), built outside the core. */
export type PostActionsBuilder = (fact: Fact) => readonly ViewAction[];

export function topicTitle(fact: Fact, knowledge: KnowledgeBase): string | undefined {
  const topicId = fact.topics[0];
  return knowledge.topics.find((topic) => topic.id === topicId)?.title;
}

export function dailyPostView(
  fact: Fact,
  knowledge: KnowledgeBase,
  roleId: string | null,
  extraActions: PostActionsBuilder | undefined,
): View {
  const briefing = knowledge.getBriefing(fact.briefing);
  const topic = topicTitle(fact, knowledge);
  const showParagraph = showParagraphAction(fact.quote, knowledge);
  const actions = [...(showParagraph === undefined ? [] : [showParagraph]), ...(extraActions?.(fact) ?? [])];
  return {
    tone: "info",
    title: POST_TITLE,
    ...(roleId === null ? {} : { content: `<@&${roleId}>` }),
    quotes: [{ quote: fact.quote }],
    ...(topic === undefined ? {} : { fields: [{ name: "Topic", text: topic, inline: true }] }),
    ...(briefing === undefined ? {} : { footer: `From "${briefing.title}" · ${briefing.publisher}` }),
    ...(actions.length === 0 ? {} : { actions: [actions] }),
    // Only the configured role may be pinged; with no role, nobody is.
    allowedMentions: roleId === null ? {} : { roles: [roleId] },
  };
}

/**
 * The daily post as a View: the fact's verbatim quote (the renderer adds its citation), the topic,
 * and the buttons. It pings the configured role and nobody else.
 */
import { quizMeAction } from "../interactions/quizMe.js";
import { rememberAction } from "../interactions/remember.js";
import { showParagraphAction } from "../interactions/showParagraph.js";
import type { Fact, KnowledgeBase } from "../knowledge/types.js";
import { questionsForFact } from "../quiz/generate.js";
import type { View, ViewAction } from "../view.js";

export const POST_TITLE = "Fact of the day";

/** Extra buttons under a post beyond Show paragraph and Quiz me, if a caller wants any. */
export type PostActionsBuilder = (fact: Fact) => readonly ViewAction[];

export function topicTitle(fact: Fact, knowledge: KnowledgeBase): string | undefined {
  const topicId = fact.topics[0];
  return knowledge.topics.find((topic) => topic.id === topicId)?.title;
}

const quizable = new WeakMap<KnowledgeBase, Set<string>>();

function hasQuizQuestion(fact: Fact, knowledge: KnowledgeBase): boolean {
  let ids = quizable.get(knowledge);
  if (ids === undefined) {
    ids = new Set(
      knowledge.facts.filter((f) => questionsForFact(knowledge, f.id, 0).length > 0).map((f) => f.id),
    );
    quizable.set(knowledge, ids);
  }
  return ids.has(fact.id);
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
  // "Quiz me" only where the quiz can build a question from this fact; otherwise it would expire on click.
  const quizMe = hasQuizQuestion(fact, knowledge) ? quizMeAction(fact.id) : undefined;
  const remember = rememberAction(fact.quote);
  const actions = [
    ...(showParagraph === undefined ? [] : [showParagraph]),
    ...(quizMe === undefined ? [] : [quizMe]),
    ...(remember === undefined ? [] : [remember]),
    ...(extraActions?.(fact) ?? []),
  ];
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

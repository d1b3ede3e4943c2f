/** The `topic` options of /fact and /quiz: autocomplete, and resolving what was picked. */
import type { AutocompleteChoice } from "../command.js";
import { AUTOCOMPLETE_CHOICES_MAX } from "../discord/limits.js";
import { foldText } from "../knowledge/fold.js";
import type { KnowledgeBase, Topic } from "../knowledge/types.js";

export function topicChoices(knowledge: KnowledgeBase, typedRaw: string): AutocompleteChoice[] {
  const typed = foldText(typedRaw);
  return knowledge.topics
    .filter((topic) => typed === "" || foldText(`${topic.id} ${topic.title}`).includes(typed))
    .sort((a, b) => a.title.localeCompare(b.title))
    .slice(0, AUTOCOMPLETE_CHOICES_MAX)
    .map((topic) => ({ name: topic.title, value: topic.id }));
}

/** The topic a user picked: autocomplete sends its id, but a typed title is accepted too. */
export function findTopic(knowledge: KnowledgeBase, typed: string): Topic | undefined {
  const wanted = foldText(typed);
  return knowledge.topics.find((topic) => topic.id === typed || foldText(topic.title) === wanted);
}

/** The reply when a typed topic matches none. */
export function unknownTopicMessage(typed: string): string {
  return `There is no topic "${typed}". Start typing in the topic option to see the list.`;
}

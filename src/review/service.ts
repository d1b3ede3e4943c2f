/**
 * Spaced-repetition review for members: adding cards (Remember this, wrong quiz answers, whole
 * topics or briefings), the next due card, grading it with FSRS, and the member's preferences.
 * No discord.js: commands turn what this returns into views.
 */
import type { Clock } from "../clock.js";
import type { CitedQuote, KnowledgeBase } from "../knowledge/types.js";
import { sentenceKeyOf } from "../quiz/generate.js";
import type { Question } from "../quiz/question.js";
import type { GuildSettingsRepository } from "../store/settings.js";
import type {
  CardOrigin,
  NewCard,
  RatingCode,
  ReviewMember,
  ReviewRepository,
  StoredCard,
} from "../store/review.js";
import {
  newCardId,
  promptFor,
  promptFromQuestion,
  promptSchema,
  sentenceAt,
  sentencesOf,
  type CardPrompt,
} from "./cards.js";
import { DEFAULT_DESIRED_RETENTION, newMemory, step } from "./scheduler.js";

/** Direct messages have no server: a member's cards there live in a deck of their own. */
export const DIRECT_DECK = "dm";

export interface ShownCard {
  readonly card: StoredCard;
  readonly prompt: CardPrompt;
  /** Cards due now, this one included. */
  readonly dueCount: number;
}

export type NextCard =
  | { readonly kind: "card"; readonly shown: ShownCard }
  /** Nothing due: `nextDue` is when the next card is, or undefined when the deck is empty. */
  | { readonly kind: "none"; readonly nextDue: Date | undefined };

export type GradeOutcome = { readonly kind: "graded"; readonly due: Date } | { readonly kind: "moved-on" };

export interface ReviewServiceDeps {
  readonly repository: ReviewRepository;
  readonly settings: GuildSettingsRepository;
  /** The shipped briefings: a deck's knowledge when `knowledgeFor` is not given. */
  readonly knowledge: KnowledgeBase;
  /** What a deck's server can see (the shipped briefings and its own), when servers have their own. */
  readonly knowledgeFor?: (deck: string) => Promise<KnowledgeBase>;
  readonly clock: Clock;
}

export const deckOf = (guildId: string | null): string => guildId ?? DIRECT_DECK;

export class ReviewService {
  constructor(private readonly deps: ReviewServiceDeps) {}

  /** The recall probability this server's cards are scheduled for. */
  async retention(deck: string): Promise<number> {
    if (deck === DIRECT_DECK) return DEFAULT_DESIRED_RETENTION;
    return (await this.deps.settings.get(deck)).desiredRetention ?? DEFAULT_DESIRED_RETENTION;
  }

  private async knowledgeOf(deck: string): Promise<KnowledgeBase> {
    return this.deps.knowledgeFor === undefined ? this.deps.knowledge : this.deps.knowledgeFor(deck);
  }

  private newCard(deck: string, userId: string, prompt: CardPrompt, origin: CardOrigin): NewCard {
    const now = this.deps.clock.now();
    return {
      id: newCardId(),
      guildId: deck,
      userId,
      factKey: sentenceKeyOf(prompt.quote.citation),
      briefingId: prompt.quote.citation.briefing,
      origin,
      prompt: JSON.stringify(prompt),
      memory: newMemory(now),
      createdAt: now,
    };
  }

  /** "Remember this": a card for one cited sentence. False when it is stale or already a card. */
  async remember(
    deck: string,
    userId: string,
    citation: CitedQuote["citation"],
  ): Promise<"added" | "known" | "stale"> {
    const knowledge = await this.knowledgeOf(deck);
    const quote = sentenceAt(knowledge, citation);
    if (quote === undefined) return "stale";
    const prompt = promptFor(knowledge, quote, userId);
    const added = await this.deps.repository.addCards([this.newCard(deck, userId, prompt, "remember")]);
    return added === 1 ? "added" : "known";
  }

  /** Quiz questions a member got wrong become cards, unless they turned that off. */
  async addWrongAnswers(deck: string, userId: string, questions: readonly Question[]): Promise<number> {
    if (questions.length === 0) return 0;
    if (!(await this.deps.repository.member(deck, userId)).addWrongAnswers) return 0;
    return this.deps.repository.addCards(
      questions.map((question) => this.newCard(deck, userId, promptFromQuestion(question), "quiz")),
    );
  }

  /** Every sentence of a topic or briefing (or of everything); returns how many cards were new. */
  async addAll(
    deck: string,
    userId: string,
    selection: { readonly topic?: string; readonly briefing?: string },
  ): Promise<{ added: number; sentences: number }> {
    const knowledge = await this.knowledgeOf(deck);
    const sentences = sentencesOf(knowledge, selection);
    const cards = sentences.map((quote) =>
      this.newCard(deck, userId, promptFor(knowledge, quote, userId), "add"),
    );
    return { added: await this.deps.repository.addCards(cards), sentences: sentences.length };
  }

  /** The member's next due card, or when the next one will be. */
  async next(deck: string, userId: string): Promise<NextCard> {
    const now = this.deps.clock.now();
    const first = await this.deps.repository.firstDue(deck, userId);
    if (first === undefined) return { kind: "none", nextDue: undefined };
    if (first.memory.due.getTime() > now.getTime()) return { kind: "none", nextDue: first.memory.due };
    const dueCount = await this.deps.repository.countDue(deck, userId, now);
    return {
      kind: "card",
      shown: { card: first, prompt: promptSchema.parse(JSON.parse(first.prompt)), dueCount },
    };
  }

  /** A card of this member at this revision, for Show answer; undefined when it moved on. */
  async shown(
    deck: string,
    userId: string,
    cardId: string,
    revision: number,
  ): Promise<ShownCard | undefined> {
    const card = await this.deps.repository.card(cardId);
    if (card === undefined || card.userId !== userId || card.guildId !== deck || card.revision !== revision)
      return undefined;
    const dueCount = await this.deps.repository.countDue(deck, userId, this.deps.clock.now());
    return { card, prompt: promptSchema.parse(JSON.parse(card.prompt)), dueCount };
  }

  /**
   * Grades a card shown at `revision`. Counted once: a second click, or a second open message,
   * finds the card at a newer revision and changes nothing.
   */
  async grade(
    deck: string,
    userId: string,
    cardId: string,
    revision: number,
    rating: RatingCode,
  ): Promise<GradeOutcome> {
    const card = await this.deps.repository.card(cardId);
    if (card === undefined || card.userId !== userId || card.guildId !== deck || card.revision !== revision)
      return { kind: "moved-on" };
    const now = this.deps.clock.now();
    const fsrsStep = step(card.memory, rating, now, await this.retention(deck));
    const recorded = await this.deps.repository.grade({
      cardId,
      userId,
      fromRevision: revision,
      ...fsrsStep,
    });
    if (!recorded) return { kind: "moved-on" };
    return { kind: "graded", due: fsrsStep.after.due };
  }

  member(deck: string, userId: string): Promise<ReviewMember> {
    return this.deps.repository.member(deck, userId);
  }

  async updateMember(
    deck: string,
    userId: string,
    changes: Partial<Pick<ReviewMember, "addWrongAnswers" | "showName" | "displayName">>,
  ): Promise<ReviewMember> {
    const updated = { ...(await this.deps.repository.member(deck, userId)), ...changes };
    await this.deps.repository.setMember(updated, this.deps.clock.now());
    return updated;
  }
}

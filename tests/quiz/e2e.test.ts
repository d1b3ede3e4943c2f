/**
 * A whole quiz over the fake Discord: the real bot (startBot) and discord.js client, a temp
 * SQLite file, the real knowledge base, and quiz timers on an injected ManualClock.
 */
import { InteractionResponseType } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ManualClock } from "../../src/clock.js";
import { PAUSE_BETWEEN_QUESTIONS_MS } from "../../src/quiz/service.js";
import { startBriefbot, type BriefbotUnderTest } from "../e2e/briefbot.js";
import { sentPayloadProblems } from "../e2e/checks.js";
import { startFakeDiscord, type FakeDiscord, type InjectedInteraction } from "../e2e/fakeDiscord.js";
import { EPHEMERAL_FLAG, makeUser, type Json } from "../e2e/world.js";

type Embed = { title?: string; description?: string };
type Row = { components: { custom_id?: string; label?: string }[] };
const embedOf = (message: Json | undefined) => ((message?.embeds ?? []) as Embed[])[0] ?? {};
const buttonsOf = (message: Json) => ((message.components ?? []) as Row[]).flatMap((row) => row.components);
const flagsOf = (message: Json | undefined) => (typeof message?.flags === "number" ? message.flags : 0);

const SECONDS = 10;
/** Quiz timers are whole seconds: quarter-second steps never jump over one. */
const STEP_MS = 250;

describe("/quiz over a fake Discord", () => {
  let fake: FakeDiscord;
  let briefbot: BriefbotUnderTest;
  const clock = new ManualClock(Date.now());

  /** Moves the bot's clock, letting each timer's async work (posts, edits) finish as it goes. */
  async function advance(ms: number): Promise<void> {
    for (let moved = 0; moved < ms; moved += STEP_MS) {
      clock.advance(Math.min(STEP_MS, ms - moved));
      await briefbot.bot.services.quiz.idle();
    }
  }

  const channelPosts = () => fake.messages.filter((m) => m.source === "channel-post");
  const postTitled = (title: string) =>
    fake.waitFor(() => channelPosts().find((m) => embedOf(m.message).title === title), 5_000, title);

  beforeAll(async () => {
    fake = await startFakeDiscord({
      guilds: [{ channels: [{ name: "study" }, { name: "read-only", botDenied: ["SendMessages"] }] }],
    });
    briefbot = await startBriefbot(fake, { clock });
  });

  afterAll(async () => {
    await briefbot.stop();
    await fake.close();
  });

  it("runs a two-question game: answers, reveals, next question, standings, leaderboard", async () => {
    const amy = makeUser("amy");
    const bo = makeUser("bo");
    const cy = makeUser("cy");
    const start = fake.injectInteraction(
      fake.slash("quiz", { subcommand: "start", options: { questions: 2, seconds: SECONDS } }, { user: amy }),
    );
    expect(embedOf(await fake.replyFor(start)).title).toBe("Quiz starting");

    const first = await postTitled("Question 1 of 2");
    const firstId = String(first.message.id);
    const buttons = buttonsOf(first.message);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    const click = (customId: string, user = amy): InjectedInteraction =>
      fake.injectInteraction(fake.button(customId, firstId, { user }));

    const amyClick = click(buttons[0]?.custom_id ?? "", amy);
    const boClick = click(buttons[1]?.custom_id ?? "", bo);
    const cyClick = click(buttons[0]?.custom_id ?? "", cy);
    for (const sent of [amyClick, boClick, cyClick]) {
      const reply = await fake.replyFor(sent);
      expect(flagsOf(reply) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
      expect(embedOf(reply).description).toMatch(/^Locked in: /);
    }
    const boAgain = await fake.replyFor(click(buttons[0]?.custom_id ?? "", bo));
    expect(flagsOf(boAgain) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    expect(embedOf(boAgain).title).toBe("Already answered");

    // A forged id (another game) is refused privately and records nothing.
    const forged = await fake.replyFor(click("quiz:v1:nosuchgame:1:0", cy));
    expect(flagsOf(forged) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);

    await advance(SECONDS * 1000);
    await fake.waitFor(
      () => fake.messages.find((m) => m.source === "channel-edit" && m.message.id === firstId),
      5_000,
      "the reveal edit",
    );
    const revealed = embedOf(fake.message(firstId));
    expect(revealed.title).toContain("the answer is");
    expect(revealed.description).toContain("3 answered");
    expect(buttonsOf(fake.message(firstId) ?? {})).toEqual([]);

    await advance(PAUSE_BETWEEN_QUESTIONS_MS);
    const second = await postTitled("Question 2 of 2");
    const secondButtons = buttonsOf(second.message);
    await fake.replyFor(
      fake.injectInteraction(
        fake.button(secondButtons[0]?.custom_id ?? "", String(second.message.id), { user: cy }),
      ),
    );

    await advance(SECONDS * 1000 + PAUSE_BETWEEN_QUESTIONS_MS);
    const standings = await postTitled("Quiz over: final standings");
    for (const user of [amy, bo, cy]) expect(embedOf(standings.message).description).toContain(user.username);

    // Old buttons from the finished game: a private "This quiz has ended".
    const stale = await fake.replyFor(click(buttons[0]?.custom_id ?? "", makeUser("dee")));
    expect(embedOf(stale).description).toBe("This quiz has ended.");

    const board = await fake.replyFor(
      fake.injectInteraction(fake.slash("quiz", { subcommand: "leaderboard" }, { user: makeUser("eve") })),
    );
    const stored = await briefbot.bot.services.store.scores.leaderboard(fake.guild.id, {
      scope: "server",
      sort: "points",
    });
    expect(stored.length).toBe(3);
    const text = embedOf(board).description ?? "";
    const names = new Map([amy, bo, cy].map((user) => [user.id, user.username]));
    for (const entry of stored)
      expect(text).toContain(`${names.get(entry.userId) ?? "?"}: ${entry.points} points`);

    expect(sentPayloadProblems(fake)).toEqual([]);
  });

  it("takes typed answers through the modal, refuses a second game, a muted channel and a stranger's stop", async () => {
    const starter = makeUser("fay");
    const readOnly = fake.guild.channels.find((channel) => channel.name === "read-only");
    if (readOnly === undefined) throw new Error("read-only channel expected");
    const muted = await fake.replyFor(
      fake.injectInteraction(
        fake.slash("quiz", { subcommand: "start" }, { user: starter, channel: readOnly }),
      ),
    );
    expect(flagsOf(muted) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    expect(embedOf(muted).description).toContain("can't post quiz questions");

    const start = fake.injectInteraction(
      fake.slash(
        "quiz",
        { subcommand: "start", options: { questions: 3, seconds: SECONDS, mode: "typed", topic: "gdp" } },
        { user: starter },
      ),
    );
    await fake.replyFor(start);
    // The first game had two questions, so this title can only be the new game's.
    const posted = await postTitled("Question 1 of 3");
    const messageId = String(posted.message.id);
    const typeButton = buttonsOf(posted.message).find((button) => button.label === "Type answer");
    expect(buttonsOf(posted.message)).toHaveLength(1);

    const second = await fake.replyFor(
      fake.injectInteraction(fake.slash("quiz", { subcommand: "start" }, { user: makeUser("gus") })),
    );
    expect(flagsOf(second) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    expect(embedOf(second).title).toBe("Quiz running");

    const typist = makeUser("hal");
    const open = fake.injectInteraction(
      fake.button(typeButton?.custom_id ?? "", messageId, { user: typist }),
    );
    const modal = await fake.callbackFor(open);
    expect(modal.type).toBe(InteractionResponseType.Modal);
    const modalId = String(modal.data?.custom_id);
    const game = await briefbot.bot.services.store.quiz.runningGameInChannel(fake.channel.id);
    const question = JSON.parse(game?.questionsJson ?? "[]") as { answer: string }[];
    const answer = question[0]?.answer ?? "";
    const locked = await fake.replyFor(
      fake.injectInteraction(
        fake.modalSubmit(
          modalId,
          { answer: `  ${answer.toUpperCase()}!` },
          { user: typist, message: messageId },
        ),
      ),
    );
    expect(embedOf(locked).description).toMatch(/^Locked in: /);
    const stored = await briefbot.bot.services.store.quiz.answers(game?.id ?? "", 1);
    expect(stored).toMatchObject([{ username: "hal", correct: true }]);

    const stranger = await fake.replyFor(
      fake.injectInteraction(fake.slash("quiz", { subcommand: "stop" }, { user: makeUser("ivy") })),
    );
    expect(flagsOf(stranger) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    const stop = await fake.replyFor(
      fake.injectInteraction(fake.slash("quiz", { subcommand: "stop" }, { user: starter })),
    );
    expect(embedOf(stop).description).toContain("stopped the quiz");
    expect((await briefbot.bot.services.store.quiz.getGame(game?.id ?? ""))?.endReason).toBe("stopped");

    expect(sentPayloadProblems(fake)).toEqual([]);
  });
});

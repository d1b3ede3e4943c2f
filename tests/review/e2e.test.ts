/**
 * Review, progress and privacy end to end: the real bot and discord.js client against the fake
 * Discord, a temp SQLite file and the real knowledge base.
 */
import { InteractionResponseType } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ManualClock } from "../../src/clock.js";
import { DEFAULT_COOLDOWNS } from "../../src/discord/cooldowns.js";
import { ATTACHMENT_MAX_BYTES } from "../../src/discord/limits.js";
import { startBriefbot, type BriefbotUnderTest } from "../e2e/briefbot.js";
import { sentPayloadProblems } from "../e2e/checks.js";
import { startFakeDiscord, type FakeDiscord, type InjectedInteraction } from "../e2e/fakeDiscord.js";
import { EPHEMERAL_FLAG, makeUser, type Json } from "../e2e/world.js";

type Embed = { title?: string; description?: string };
type Row = { components: { custom_id?: string; label?: string }[] };
const embedOf = (message: Json | undefined) => ((message?.embeds ?? []) as Embed[])[0] ?? {};
const buttonsOf = (message: Json) => ((message.components ?? []) as Row[]).flatMap((row) => row.components);
const button = (message: Json, label: string) => {
  const found = buttonsOf(message).find((b) => b.label === label)?.custom_id;
  if (found === undefined) throw new Error(`no "${label}" button on ${JSON.stringify(embedOf(message))}`);
  return found;
};
const flagsOf = (message: Json | undefined) => (typeof message?.flags === "number" ? message.flags : 0);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("review, progress and privacy over a fake Discord", () => {
  let fake: FakeDiscord;
  let briefbot: BriefbotUnderTest;
  const student = makeUser("student");
  const where = { user: student };

  const clock = new ManualClock(Date.now());
  // One member does everything here: actions are spaced so the per-user cooldown never decides.
  const run = (payload: Json): InjectedInteraction => {
    clock.advance(DEFAULT_COOLDOWNS.userWindowMs / DEFAULT_COOLDOWNS.userBurst);
    return fake.injectInteraction(payload);
  };
  const press = (customId: string, message: Json) => run(fake.button(customId, String(message.id), where));

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ channels: [{ name: "study" }] }] });
    briefbot = await startBriefbot(fake, { clock });
  });

  afterAll(async () => {
    await briefbot.stop();
    await fake.close();
  });

  it("Remember this -> /review next -> Show answer -> Good -> the next card; a stale grade has moved on", async () => {
    const answer = await fake.replyFor(
      run(fake.slash("ask", { options: { question: "What share of GDP does Dongbei contribute?" } }, where)),
    );
    const remembered = await fake.replyFor(press(button(answer, "Remember this"), answer));
    expect(flagsOf(remembered) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    expect(embedOf(remembered).title).toBe("Added to your review cards");
    await fake.replyFor(
      run(fake.slash("review", { subcommand: "add", options: { briefing: "china-rust-belt" } }, where)),
    );

    const front = await fake.replyFor(run(fake.slash("review", { subcommand: "next" }, where)));
    expect(flagsOf(front) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    expect(embedOf(front).title).toMatch(/^Review · \d+ due$/);
    const showSent = press(button(front, "Show answer"), front);
    expect((await fake.callbackFor(showSent)).type).toBe(InteractionResponseType.UpdateMessage);
    const back = await fake.replyFor(showSent);
    expect(buttonsOf(back).map((b) => b.label)).toEqual(["Again", "Hard", "Good", "Easy"]);
    // The back of the card quotes the sentence with its citation.
    expect(JSON.stringify(back)).toContain("¶");

    const good = button(back, "Good");
    const nextCard = await fake.replyFor(press(good, back));
    expect(embedOf(nextCard).title).toMatch(/^Review · \d+ due$/);
    expect(button(nextCard, "Show answer")).not.toBe(button(front, "Show answer"));

    // The same Good again (a double click, or a second open message) counts once.
    const stale = await fake.replyFor(press(good, back));
    expect(embedOf(stale).title).toBe("This card has moved on");
    expect(flagsOf(stale) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    const counts = await briefbot.bot.services.store.privacy.describe(student.id);
    expect(counts["review_log.user_id"]).toBe(1);
    // A forged grade id is refused as expired, never parsed into a grade.
    const forged = await fake.replyFor(press("review-grade:v1:nosuchcard:0:3", back));
    expect(flagsOf(forged) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
  });

  it("/progress replies with a PNG under 8 MB and the same figures as text", async () => {
    const sent = run(fake.slash("progress", { subcommand: "member" }, where));
    const reply = await fake.replyFor(sent);
    const upload = fake.requests.find((r) => r.files.length > 0 && r.path.includes(sent.token));
    const file = upload?.files[0];
    expect(file?.filename).toBe("progress.png");
    expect(file?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(file?.data.byteLength).toBeLessThan(ATTACHMENT_MAX_BYTES);
    const description = embedOf(reply).description ?? "";
    const cards = await briefbot.bot.services.store.review.countsByState({
      guildId: fake.guild.id,
      userId: student.id,
    });
    const total = cards[0] + cards[1] + cards[2] + cards[3];
    expect(description).toContain(`Cards: ${total} (new ${cards[0]}, learning ${cards[1]}`);
    expect(description).toContain("Last 30 days: 1 reviews");
    // The alt text Discord shows screen readers carries the figures too.
    const attachments = ((upload?.body as { attachments?: { description?: string }[] }).attachments ?? [])[0];
    expect(attachments?.description).toContain(`Cards: ${total}`);
  });

  it("/privacy lists the member's data and Delete my data (confirmed) removes every row", async () => {
    const overview = await fake.replyFor(run(fake.slash("privacy", {}, where)));
    expect(embedOf(overview).description).toContain("review cards");
    const confirm = await fake.replyFor(press(button(overview, "Delete my data"), overview));
    expect(embedOf(confirm).title).toBe("Delete all your data?");
    const done = await fake.replyFor(press(button(confirm, "Yes, delete everything"), confirm));
    expect(embedOf(done).title).toBe("Your data is deleted");
    const left = await briefbot.bot.services.store.privacy.describe(student.id);
    expect(Object.values(left).every((n) => n === 0)).toBe(true);
    expect(sentPayloadProblems(fake)).toEqual([]);
  });
});

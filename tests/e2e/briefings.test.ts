/**
 * Each server's own briefings end to end: an admin adds one from an attachment the fake Discord
 * serves, makes it current, and /ask answers from it with ¶ citations; a second server asking the
 * same question never sees it; /briefing remove asks, then removes; bad input is refused privately.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { InteractionResponseType } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { blockQuotes, fileParagraphs, messageTexts } from "./briefingText.js";
import { startBriefbot, type BriefbotUnderTest } from "./briefbot.js";
import { sentPayloadProblems } from "./checks.js";
import { startFakeDiscord, type FakeDiscord, type InjectedInteraction } from "./fakeDiscord.js";
import type { OptionValue } from "./interactions.js";
import { ADMIN_PERMISSIONS, EPHEMERAL_FLAG, makeUser, type FakeGuild, type Json } from "./world.js";
import { repoRoot } from "../helpers/runScript.js";

const UPLOADS = join(repoRoot, "tests", "fixtures", "uploads");
const EELS = readFileSync(join(UPLOADS, "harbour-eels.md"), "utf8");
const MUSEUM = readFileSync(join(UPLOADS, "museum-theft.txt"), "utf8");
const QUESTION = "Why did they arrest two men?";

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };
const embedsOf = (message: Json | undefined) => (message?.embeds ?? []) as Embed[];
const flagsOf = (message: Json | undefined) => (typeof message?.flags === "number" ? message.flags : 0);
const textOf = (message: Json | undefined) => (message === undefined ? "" : messageTexts(message).join("\n"));
const buttonsOf = (message: Json | undefined) =>
  ((message?.components ?? []) as { components: { custom_id?: string; label?: string }[] }[]).flatMap(
    (row) => row.components,
  );

describe("each server's own briefings over a fake Discord", () => {
  let fake: FakeDiscord;
  let briefbot: BriefbotUnderTest;
  let first: FakeGuild;
  let second: FakeGuild;

  const channelOf = (guild: FakeGuild) => {
    const channel = guild.channels[0];
    if (channel === undefined) throw new Error("each test guild has a channel");
    return channel;
  };
  const admin = (guild: FakeGuild) => ({
    guild,
    channel: channelOf(guild),
    user: makeUser("admin"),
    permissions: ADMIN_PERMISSIONS,
  });
  const student = (guild: FakeGuild) => ({ guild, channel: channelOf(guild), user: makeUser("student") });
  const slash = (
    guild: FakeGuild,
    subcommand: string | undefined,
    options: Record<string, OptionValue>,
    who: "admin" | "student" = "admin",
    name = "briefing",
  ): InjectedInteraction =>
    fake.injectInteraction(
      fake.slash(
        name,
        { ...(subcommand === undefined ? {} : { subcommand }), options },
        who === "admin" ? admin(guild) : student(guild),
      ),
    );
  const add = (
    guild: FakeGuild,
    filename: string,
    content: string | Buffer,
    extra: Record<string, string> = {},
  ) => slash(guild, "add", { file: { attachment: fake.attachments.upload(filename, content) }, ...extra });
  const ask = (guild: FakeGuild, question = QUESTION) =>
    slash(guild, undefined, { question }, "student", "ask");

  beforeAll(async () => {
    fake = await startFakeDiscord({
      guilds: [{ channels: [{ name: "general" }] }, { channels: [{ name: "study" }] }],
    });
    [first, second] = fake.guilds as [FakeGuild, FakeGuild];
    briefbot = await startBriefbot(fake);
  });

  afterAll(async () => {
    await briefbot.stop();
    await fake.close();
  });

  it("adds a briefing from an attachment, privately, saying what it read", async () => {
    const sent = add(first, "harbour-eels.md", EELS);
    const callback = await fake.callbackFor(sent);
    expect(callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const reply = await fake.replyFor(sent);
    expect(flagsOf(reply) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('Added "The Harbour Eel Case"');
    expect(embed?.description).toMatch(/4 paragraphs, \d+ sentences/);
    const fields = Object.fromEntries((embed?.fields ?? []).map((field) => [field.name, field.value]));
    expect(fields.People).toBeDefined();
    expect(fields.Places).toMatch(/Hong Kong/);
    expect(fields["Other names"]).toMatch(/Portmere/);
    expect(fields.Figures).toMatch(/300|5,000/);
    expect(fields.Dates).toMatch(/2010|Tuesday|March/);
    expect(fields["Questions it can answer"]?.split("\n")).toHaveLength(3);
    expect(fake.attachments.downloads).toHaveLength(1);
  });

  it("makes it current; /ask then answers from it with a ¶ citation; the other server never sees it", async () => {
    const used = await fake.replyFor(slash(first, "use", { briefing: "harbour-eels" }));
    expect(embedsOf(used)[0]?.title).toBe('Now studying "The Harbour Eel Case"');

    const answer = await fake.replyFor(ask(first));
    const [best] = messageTexts(answer).flatMap((text) => blockQuotes(text));
    expect(best?.text).toContain("Police in Portmere arrested two men on Tuesday");
    expect(best?.citedParagraph).toBe(1);
    expect(textOf(answer)).toContain('¶1 · "The Harbour Eel Case" · Coast Weekly');

    // The second server asks the same question: nothing from the first server's briefing.
    const elsewhere = await fake.replyFor(ask(second));
    expect(textOf(elsewhere)).not.toMatch(/Portmere|Harbour Eel/);
    const listed = await fake.replyFor(slash(second, "list", {}, "student"));
    expect(textOf(listed)).not.toMatch(/harbour-eels/);
    const choices = await fake.callbackFor(
      fake.injectInteraction(
        fake.autocomplete(
          "briefing",
          { subcommand: "use", focused: "briefing", options: { briefing: "" } },
          admin(second),
        ),
      ),
    );
    expect(JSON.stringify(choices.data?.choices)).not.toMatch(/harbour-eels/);
    const refused = await fake.replyFor(slash(second, "use", { briefing: "harbour-eels" }));
    expect(flagsOf(refused) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    expect(textOf(refused)).toMatch(/no briefing "harbour-eels" here/);
  });

  it("gives each server its own answer to the same question, and its own facts", async () => {
    const added = await fake.replyFor(
      add(second, "museum-theft.txt", MUSEUM, { title: "Stolen Munch Returned", publisher: "Nordic Desk" }),
    );
    expect(embedsOf(added)[0]?.title).toBe('Added "Stolen Munch Returned"');
    await fake.replyFor(slash(second, "use", { briefing: "stolen-munch-returned" }));
    expect(textOf(await fake.replyFor(ask(second)))).toContain("Police in Lindvik arrested two men");
    expect(textOf(await fake.replyFor(ask(first)))).toContain("Police in Portmere arrested two men");
    // /fact draws from the current briefing.
    for (let round = 0; round < 3; round++) {
      const fact = await fake.replyFor(slash(first, undefined, {}, "student", "fact"));
      expect(textOf(fact)).toContain("The Harbour Eel Case");
      expect(textOf(fact)).not.toContain("Lindvik");
    }
  });

  it("refuses every bad input privately and stores nothing", async () => {
    const refusals: [InjectedInteraction, RegExp][] = [
      [add(first, "eels.pdf", EELS), /not a \.md or \.txt file/],
      [add(first, "long.txt", "word ".repeat(4_100), { title: "Long", publisher: "P" }), /at most 20,000/],
      [add(first, "blank.txt", "\n\n   \n", { title: "Blank", publisher: "P" }), /no paragraphs/],
      [add(first, "again.md", EELS), /already has a briefing with the id "harbour-eels"/],
      [
        add(first, "latin1.txt", Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), {
          title: "Cafe",
          publisher: "P",
        }),
        /not UTF-8/,
      ],
      [add(first, "plain.txt", MUSEUM), /needs the `title` and `publisher`/],
      [
        slash(first, "add", {
          file: {
            attachment: { ...fake.attachments.upload("evil.md", EELS), url: "https://example.com/evil.md" },
          },
        }),
        /must be a Discord attachment/,
      ],
      [
        fake.injectInteraction(
          fake.slash(
            "briefing",
            { subcommand: "add", options: { file: { attachment: fake.attachments.upload("x.md", EELS) } } },
            student(first),
          ),
        ),
        /Manage Server/,
      ],
    ];
    for (const [sent, problem] of refusals) {
      const reply = await fake.replyFor(sent);
      expect(flagsOf(reply) & EPHEMERAL_FLAG, String(problem)).toBe(EPHEMERAL_FLAG);
      expect(textOf(reply)).toMatch(problem);
    }
    const listed = await fake.replyFor(slash(first, "list", {}, "student"));
    expect(embedsOf(listed)[0]?.title).toBe("2 briefings here");
  });

  it("removes a briefing after confirmation; a stale confirmation has expired", async () => {
    const asked = await fake.replyFor(slash(first, "remove", { briefing: "harbour-eels" }));
    expect(flagsOf(asked) & EPHEMERAL_FLAG).toBe(EPHEMERAL_FLAG);
    const confirm = buttonsOf(asked).find((button) => button.label === "Remove it");
    expect(confirm?.custom_id).toMatch(/^brfrm:v1:harbour-eels:[0-9a-f]{12}$/);
    const notAdmin = await fake.callbackFor(
      fake.injectInteraction(fake.button(confirm?.custom_id ?? "", asked, student(first))),
    );
    expect(JSON.stringify(notAdmin.data)).toMatch(/Manage Server/);
    const done = await fake.callbackFor(
      fake.injectInteraction(fake.button(confirm?.custom_id ?? "", asked, admin(first))),
    );
    expect(done.type).toBe(InteractionResponseType.UpdateMessage);
    expect(JSON.stringify(done.data)).toContain('Removed \\"The Harbour Eel Case\\"');
    const again = await fake.callbackFor(
      fake.injectInteraction(fake.button(confirm?.custom_id ?? "", asked, admin(first))),
    );
    expect(JSON.stringify(again.data)).toMatch(/expired/i);

    expect(textOf(await fake.replyFor(ask(first)))).not.toContain("Portmere");
    const listed = await fake.replyFor(slash(first, "list", {}, "student"));
    expect(embedsOf(listed)[0]?.title).toBe("1 briefing here");
    // The shipped briefing cannot be removed.
    expect(textOf(await fake.replyFor(slash(first, "remove", { briefing: "china-rust-belt" })))).toMatch(
      /ships with the bot/,
    );
  });

  it("sent nothing that breaks Discord's limits or misquotes a briefing", () => {
    expect(
      sentPayloadProblems(fake, [
        fileParagraphs(join(UPLOADS, "harbour-eels.md")),
        fileParagraphs(join(UPLOADS, "museum-theft.txt")),
      ]),
    ).toEqual([]);
    expect(briefbot.logs.filter((line) => line.level >= 50)).toEqual([]);
  });
});

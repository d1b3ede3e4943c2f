import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { createDailyService } from "../../src/daily/service.js";
import { dailyKnowledge } from "../../src/library/library.js";
import { openStore, type Store } from "../../src/store/index.js";
import { FakeMessenger, SettlingClock, tempDir } from "../daily/helpers.js";
import { eels, libraryOver, museum, shippedKnowledge, silentLogger } from "./helpers.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup() {
  const { dir, cleanup } = tempDir();
  const store: Store = openStore(join(dir, "bot.sqlite"));
  cleanups.push(() => {
    void store.close();
    cleanup();
  });
  const clock = new SettlingClock(new Date("2026-12-01T08:00:00Z"));
  const { library } = libraryOver(store, clock);
  const messenger = new FakeMessenger(clock);
  const daily = createDailyService({
    repository: store.daily,
    knowledge: shippedKnowledge().knowledge,
    knowledgeFor: dailyKnowledge(library),
    messenger,
    clock,
    logger: silentLogger,
  });
  return { library, daily, messenger };
}

describe("the daily post on each server's briefings", () => {
  it("posts from the server's current briefing and never from another server's", async () => {
    const { library, daily, messenger } = setup();
    await library.add("A", eels(), "admin");
    await library.use("A", "harbour-eels", "admin");
    await library.add("B", museum(), "admin");
    await library.use("B", "stolen-munch-returned", "admin");
    for (const [guildId, channelId] of [
      ["A", "c-a"],
      ["B", "c-b"],
      ["C", "c-c"],
    ] as const) {
      const configured = await daily.configure({
        guildId,
        channelId,
        time: "09:00",
        timeZone: "UTC",
        roleId: null,
      });
      expect(configured.ok).toBe(true);
      const posted = await daily.postNow(guildId);
      expect(posted.ok).toBe(true);
    }
    const cited = (channelId: string) =>
      messenger.deliveries
        .filter((delivery) => delivery.channelId === channelId)
        .map((delivery) => delivery.view.quotes?.[0]?.quote.citation.briefing);
    expect(cited("c-a")).toEqual(["harbour-eels"]);
    expect(cited("c-b")).toEqual(["stolen-munch-returned"]);
    expect(cited("c-c")).toEqual(["china-rust-belt"]);
    // A preview draws from the same place.
    const preview = await daily.preview("A");
    expect(preview.ok && preview.view.quotes?.[0]?.quote.citation.briefing).toBe("harbour-eels");
    // /daily set briefing: a daily choice of its own wins over the current briefing.
    await library.use("A", "china-rust-belt", "admin", "daily");
    const daily2 = await daily.preview("A");
    expect(daily2.ok && daily2.view.quotes?.[0]?.quote.citation.briefing).toBe("china-rust-belt");
    expect((await library.forGuild("A")).current?.id).toBe("harbour-eels");
  });
});

import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import daily from "../../commands/daily.js";
import { createApp, type App } from "../../src/app.js";
import type { CommandContext, RuntimePermission } from "../../src/command.js";
import { parseConfig } from "../../src/config.js";
import { RETRY_BASE_MS } from "../../src/daily/delivery.js";
import { DeliveryError } from "../../src/messenger.js";
import type { Reply } from "../../src/view.js";
import { repoRoot } from "../helpers/runScript.js";
import { FakeMessenger, SettlingClock, silentLogger, tempDir } from "./helpers.js";

const GUILD = "100000000000000001";
const CHANNEL = "200000000000000001";
const ROLE = "300000000000000001";

let app: App | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await app?.close();
  cleanup?.();
  app = undefined;
});

async function boot(start = "2026-06-01T06:00:00Z") {
  const temp = tempDir();
  cleanup = temp.cleanup;
  const clock = new SettlingClock(new Date(start));
  const messenger = new FakeMessenger(clock);
  const config = parseConfig({
    DATABASE_PATH: join(temp.dir, "bot.sqlite"),
    KNOWLEDGE_DIR: join(repoRoot, "knowledge"),
    LOG_LEVEL: "error",
  });
  app = await createApp(config, { clock, messenger, logger: silentLogger });
  await app.startJobs();
  return { app, clock, messenger };
}

function context(a: App, permissions: readonly RuntimePermission[] = ["ManageGuild"]): CommandContext {
  return {
    user: { id: "400000000000000001", username: "admin", bot: false },
    guildId: GUILD,
    channelId: CHANNEL,
    can: (permission) => permissions.includes(permission),
    services: a.services,
  };
}

async function run(a: App, raw: Record<string, unknown>, permissions?: readonly RuntimePermission[]) {
  const options = daily.options.parse(raw);
  expect(daily.defer?.(options)).toEqual({ ephemeral: true });
  return daily.execute(context(a, permissions), options);
}

function text(reply: Reply): string {
  if (reply.kind !== "message") throw new Error(`unexpected ${reply.kind}`);
  const view = reply.view;
  return [view.title, view.description, ...(view.fields ?? []).map((f) => `${f.name}: ${f.text ?? ""}`)].join(
    "\n",
  );
}

const set = (time: string, timezone: string, extra: Record<string, unknown> = {}) => ({
  subcommand: "set",
  channel: { id: CHANNEL, type: 0 },
  time,
  timezone,
  ...extra,
});

describe("/daily", () => {
  it("refuses members without Manage Server, privately, and saves nothing", async () => {
    const { app } = await boot();
    for (const raw of [
      set("09:00", "UTC"),
      { subcommand: "status" },
      { subcommand: "now" },
      { subcommand: "off" },
    ]) {
      const reply = await run(app, raw, []);
      expect(reply.kind === "message" && reply.ephemeral).toBe(true);
      expect(text(reply)).toMatch(/Manage Server/);
    }
    expect(await app.services.daily.status(GUILD)).toBeUndefined();
    expect(daily.data.default_member_permissions).toBe("32");
  });

  it.each([
    ["9 o'clock", "UTC", /not a time/],
    ["24:00", "UTC", /not a time/],
    ["09:00", "Moon/Base", /not a time zone/],
  ])("set time %j zone %j: a clear private error and nothing saved", async (time, timezone, error) => {
    const { app } = await boot();
    const reply = await run(app, set(time, timezone));
    expect(reply.kind === "message" && reply.ephemeral).toBe(true);
    expect(text(reply)).toMatch(error);
    expect(text(reply)).toMatch(/Nothing was saved/);
    expect(await app.services.daily.status(GUILD)).toBeUndefined();
  });

  it("accepts only a real role id as the ping, so nothing else can reach the mention", () => {
    expect(daily.options.safeParse(set("09:00", "UTC", { ping: { id: "@everyone" } })).success).toBe(false);
    expect(daily.options.safeParse(set("09:00", "UTC", { ping: { id: `${ROLE}><@&1` } })).success).toBe(
      false,
    );
    expect(daily.options.safeParse(set("09:00", "UTC", { ping: { id: ROLE, name: "study" } })).success).toBe(
      true,
    );
  });

  it("set refuses a channel the bot cannot post in", async () => {
    const { app, messenger } = await boot();
    messenger.canPost = { ok: false, reason: "I need Send Messages and Embed Links there." };
    expect(text(await run(app, set("09:00", "UTC")))).toMatch(/can't post in <#\d+>.*Embed Links/);
    expect(await app.services.daily.status(GUILD)).toBeUndefined();
  });

  it("set, status, preview, then the post goes out with the role ping only", async () => {
    const { app, clock, messenger } = await boot();
    const saved = await run(app, set("09:00", "Europe/London", { ping: { id: ROLE, name: "study" } }));
    const next = Date.parse("2026-06-01T08:00:00Z") / 1000;
    expect(text(saved)).toContain(`<t:${next}:F> (<t:${next}:R>)`);
    expect(text(saved)).toContain("09:00 (Europe/London)");

    const preview = await run(app, { subcommand: "preview" });
    expect(preview.kind === "message" && preview.ephemeral).toBe(true);
    if (preview.kind !== "message") return;
    expect(preview.view.allowedMentions).toEqual({});
    expect(preview.view.content).toBeUndefined();
    const previewQuote = preview.view.quotes?.[0]?.quote.text;

    await clock.runUntil(Date.parse("2026-06-01T09:00:00Z"));
    expect(messenger.deliveries).toHaveLength(1);
    expect(messenger.deliveries[0]?.view.quotes?.[0]?.quote.text).toBe(previewQuote);
    expect(messenger.deliveries[0]?.view.allowedMentions).toEqual({ roles: [ROLE] });

    const status = text(await run(app, { subcommand: "status" }));
    expect(status).toContain(
      `https://discord.com/channels/${GUILD}/${CHANNEL}/${messenger.deliveries[0]?.messageId ?? ""}`,
    );
    expect(status).toContain(`<t:${next + 86_400}:F>`);
  });

  it("now posts today's fact and counts as today's post; off stops posting", async () => {
    const { app, clock, messenger } = await boot();
    await run(app, set("09:00", "UTC"));
    expect(text(await run(app, { subcommand: "now" }))).toMatch(/Posted today's fact in <#\d+>/);
    expect(text(await run(app, { subcommand: "now" }))).toMatch(/already been posted/);
    await clock.runUntil(Date.parse("2026-06-01T09:30:00Z"));
    expect(messenger.deliveries).toHaveLength(1);
    expect(text(await run(app, { subcommand: "off" }))).toMatch(/off/);
    // Skip a day without polling every 5 s: stop the loop and run the due-check by hand.
    await app.stopJobs();
    await clock.runUntil(Date.parse("2026-06-02T09:30:00Z"));
    await app.services.daily.tick();
    expect(messenger.deliveries).toHaveLength(1);
    expect(text(await run(app, { subcommand: "status" }))).toMatch(/None: daily posts are off/);
  });

  it("now, while today's post waits for a retry, says when it will be retried instead of 'already posted'", async () => {
    const { app, clock, messenger } = await boot();
    await run(app, set("09:00", "UTC"));
    messenger.behaviour = () => new DeliveryError("unavailable", true, "503 Service Unavailable");
    const retryAt = Math.floor((clock.now().getTime() + RETRY_BASE_MS) / 1000);
    const first = text(await run(app, { subcommand: "now" }));
    expect(first).toContain(`I will try again <t:${retryAt}:R> in <#${CHANNEL}>`);
    expect(first).not.toMatch(/503/);

    const again = await run(app, { subcommand: "now" });
    expect(again.kind === "message" && again.view.tone).toBe("info");
    expect(text(again)).toMatch(/queued/);
    expect(text(again)).toContain(`Next try <t:${retryAt}:R>`);
    expect(text(again)).not.toMatch(/already been posted/);
    expect(text(await run(app, { subcommand: "status" }))).toContain(
      `Queued: 2026-06-01: Discord did not accept the post yet; next try <t:${retryAt}:R>`,
    );
    expect(messenger.attempts).toHaveLength(1);

    messenger.behaviour = () => "ok";
    await clock.runUntil(retryAt * 1000);
    expect(messenger.deliveries).toHaveLength(1);
    expect(text(await run(app, { subcommand: "now" }))).toMatch(/already been posted/);
  });

  it("status shows why posting stopped after a 50013", async () => {
    const { app, clock, messenger } = await boot();
    await run(app, set("09:00", "UTC"));
    messenger.behaviour = () => new DeliveryError("missing-permissions", false, "Missing Permissions", 50013);
    await clock.runUntil(Date.parse("2026-06-01T10:00:00Z"));
    const status = text(await run(app, { subcommand: "status" }));
    expect(status).toMatch(/Daily fact is off/);
    expect(status).toMatch(/missing permissions to post in <#\d+>/);
  });

  it("autocompletes time zones: at most 25, best matches first", async () => {
    const { app } = await boot();
    const complete = (value: string) =>
      daily.autocomplete?.(context(app), { name: "timezone", value }, {}) as {
        name: string;
        value: string;
      }[];
    expect(complete("europe/lon")[0]?.value).toBe("Europe/London");
    expect(complete("chatham")[0]?.value).toBe("Pacific/Chatham");
    expect(complete("")[0]?.value).toBe("UTC");
    for (const typed of ["", "a", "america", "zzz"]) expect(complete(typed).length).toBeLessThanOrEqual(25);
    expect(complete("zzz")).toEqual([]);
  });
});

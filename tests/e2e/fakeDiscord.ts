/**
 * A fake Discord on 127.0.0.1 that a real discord.js 14 Client talks to: a REST server (point
 * DISCORD_API_URL / `rest.api` at `fake.apiUrl`) and a WebSocket gateway (its URL is handed out by
 * `GET /gateway/bot`, as Discord does). It records every request, callback and message the bot
 * sends, with arrival times, so tests assert on the real payloads; it can inject interactions and
 * REST faults.
 *
 * Usage:
 *   const fake = await startFakeDiscord();
 *   // start a bot with rest.api = fake.apiUrl and any token, wait until it is ready
 *   const sent = fake.injectInteraction(fake.slash("ask", { options: { question: "..." } }));
 *   const callback = await fake.callbackFor(sent);
 *   await fake.close();
 *
 * Times (`at`, `sentAt`) are `performance.now()` milliseconds in this process.
 */
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

import { GatewayDispatchEvents, InteractionResponseType, InteractionType } from "discord-api-types/v10";

import { AttachmentHost } from "./attachments.js";
import {
  autocompletePayload,
  buttonPayload,
  messageMenuPayload,
  modalSubmitPayload,
  slashCommandPayload,
  type CommandInput,
  type InteractionScope,
} from "./interactions.js";
import { FakeGateway, guildOnShard, type GatewayFault, type ShardKey } from "./gateway.js";
import {
  discordError,
  faultAnswer,
  isJson,
  NOT_FOUND,
  parseBody,
  uploadedFiles,
  respond,
  routeOf,
  UNAUTHORIZED,
  type Fault,
  type RecordedRequest,
  type RestAnswer,
  type RouteName,
} from "./restProtocol.js";
import { snowflake } from "./snowflake.js";
import {
  botCan,
  channelObject,
  editMessage,
  EPHEMERAL_FLAG,
  guildCreatePayload,
  LOADING_FLAG,
  makeGuild,
  makeUser,
  messageObject,
  type FakeChannel,
  type FakeGuild,
  type FakeUser,
  type GuildSpec,
  type Json,
  type MessageFields,
} from "./world.js";

/** Discord's usual heartbeat interval. Tests may lower it to exercise heartbeats. */
const DEFAULT_HEARTBEAT_INTERVAL_MS = 41_250;
/** Discord forgets an interaction that is not acknowledged within 3 s. */
const DEFAULT_ACK_DEADLINE_MS = 3_000;
/** How long waitFor and the callback helpers wait by default before failing a test. */
const DEFAULT_WAIT_MS = 5_000;
/**
 * Pending-connection queue of the REST server. Node's default (511) overflows when a bot opens a
 * connection per concurrent callback in a burst of 1,000; dropped SYNs are retried after 1 s, 3 s...
 * which Discord's edge would never cause. (The kernel caps it at net.core.somaxconn.)
 */
const LISTEN_BACKLOG = 4096;
/** Idle keep-alive of the REST server; fake.close() ends every connection anyway. */
export const KEEP_ALIVE_MS = 60_000;
/** Node requires headersTimeout above keepAliveTimeout. */
const HEADERS_TIMEOUT_MARGIN_MS = 1_000;
/** waitFor also re-checks this often: short enough to add no noticeable delay to a test. */
const WAIT_POLL_MS = 10;
/** Application flags in READY: GATEWAY_GUILD_MEMBERS_LIMITED (1 << 15), as for most small bots. */
const APPLICATION_FLAGS = 1 << 15;

export { DiscordErrors, type Fault, type RecordedRequest, type RouteName } from "./restProtocol.js";

export interface InjectedInteraction {
  readonly id: string;
  readonly token: string;
  /** The InteractionType. */
  readonly type: number;
  readonly payload: Json;
  /** When the INTERACTION_CREATE dispatch was written to the gateway socket. */
  readonly sentAt: number;
}

export interface RecordedCallback {
  readonly at: number;
  readonly interaction: InjectedInteraction;
  /** The InteractionResponseType. */
  readonly type: number;
  readonly data: Json | undefined;
  readonly body: Json;
}

export type MessageSource =
  "interaction-callback" | "webhook-edit" | "webhook-followup" | "channel-post" | "channel-edit";

export interface RecordedMessage {
  readonly at: number;
  readonly source: MessageSource;
  readonly channelId: string;
  /** The message as it stands after this change. */
  readonly message: Json;
  readonly interaction?: InjectedInteraction;
}

export interface FakeDiscordOptions {
  /** Guilds the bot is in; one guild with one channel, "general", by default. */
  readonly guilds?: readonly GuildSpec[];
  /** Tokens answered with 401 (REST) or close 4004 (gateway). Any other token is accepted. */
  readonly rejectTokens?: readonly string[];
  readonly heartbeatIntervalMs?: number;
  /** Refuse callbacks later than this after the dispatch, as Discord does (10062). */
  readonly ackDeadlineMs?: number;
  readonly botName?: string;
  /** The shard count GET /gateway/bot recommends (what SHARD_COUNT=auto uses); 1 by default. */
  readonly recommendedShards?: number;
  /**
   * session_start_limit.max_concurrency: how many shards may identify at once (one per bucket,
   * shard id % this); 1 by default, as for a small bot. Large bots get 16.
   */
  readonly maxConcurrency?: number;
}

interface InteractionState {
  readonly injected: InjectedInteraction;
  callback?: RecordedCallback;
  /** Id of the message the interaction's token edits as @original. */
  originalId?: string;
}

interface StoredMessage {
  readonly channelId: string;
  message: Json;
}

interface FaultRule {
  readonly matches: (request: RecordedRequest) => boolean;
  readonly fault: Fault;
  remaining: number;
}

/** Callback types as plain numbers, since request bodies carry numbers. */
const REPLY: number = InteractionResponseType.ChannelMessageWithSource;
const DEFERRED_REPLY: number = InteractionResponseType.DeferredChannelMessageWithSource;
const UPDATE: number = InteractionResponseType.UpdateMessage;
const DEFERRED_UPDATE: number = InteractionResponseType.DeferredMessageUpdate;

/** Which callback types Discord accepts for each interaction type. */
const ALLOWED_CALLBACKS: Readonly<Record<number, readonly number[]>> = {
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [
    InteractionResponseType.ApplicationCommandAutocompleteResult,
  ],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

export class FakeDiscord {
  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Every accepted interaction callback, in arrival order. */
  readonly callbacks: RecordedCallback[] = [];
  /** Every message created or edited, by any route, in arrival order. */
  readonly messages: RecordedMessage[] = [];
  /** Commands registered by bulk PUT, by scope ("global" or a guild id). */
  readonly commands = new Map<string, Json[]>();

  readonly bot: FakeUser;
  readonly applicationId: string;
  readonly guilds: readonly FakeGuild[];
  /** A member to act as the invoking user, unless a test passes another. */
  readonly user: FakeUser;

  private readonly events = new EventEmitter();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();
  private readonly stored = new Map<string, StoredMessage>();
  private readonly faults: FaultRule[] = [];
  /** Extra time before the answer to each request on a route (the state changes on arrival). */
  private readonly delays = new Map<RouteName, number>();
  private readonly delayTimers = new Set<NodeJS.Timeout>();
  /** Channel posts by channel and nonce, as Discord remembers them for enforce_nonce. */
  private readonly nonces = new Map<string, string>();
  /** Posts answered with the earlier message of the same nonce instead of a new one. */
  nonceReplays = 0;
  private readonly recommendedShards: number;
  private readonly maxConcurrency: number;
  private readonly commandIds = new Map<string, string>();
  /** Callbacks later than this after their dispatch are refused (10062). Tests may change it. */
  ackDeadlineMs: number;
  private readonly rejectTokens: ReadonlySet<string>;
  private restUrl = "";
  /** Files tests upload; served from this host, as Discord's CDN serves attachments. */
  readonly attachments = new AttachmentHost(() => new URL(this.restUrl).origin);
  private httpServer: Server | undefined;
  private readonly gateway: FakeGateway;

  constructor(options: FakeDiscordOptions = {}) {
    this.events.setMaxListeners(0);
    this.bot = makeUser(options.botName ?? "briefbot", true);
    this.applicationId = this.bot.id;
    this.guilds = (options.guilds ?? [{}]).map((spec) => makeGuild(spec));
    this.user = makeUser("student");
    this.ackDeadlineMs = options.ackDeadlineMs ?? DEFAULT_ACK_DEADLINE_MS;
    this.rejectTokens = new Set(options.rejectTokens ?? []);
    this.recommendedShards = options.recommendedShards ?? 1;
    this.maxConcurrency = options.maxConcurrency ?? 1;
    this.gateway = new FakeGateway({
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
      acceptsToken: (token) => token !== "" && !this.rejectTokens.has(token),
      readyPayload: (shard) => this.readyPayload(shard),
      guildCreates: (shard) => this.guildsOn(shard).map((guild) => guildCreatePayload(guild, this.bot)),
      onChange: () => this.events.emit("change"),
    });
  }

  /** The REST base to pass as DISCORD_API_URL / `rest.api`, e.g. http://127.0.0.1:PORT/api. */
  get apiUrl(): string {
    return this.restUrl;
  }

  get gatewayConnections(): number {
    return this.gateway.connections;
  }

  /** The shard ids with a ready gateway session, sorted. */
  get readyShards(): number[] {
    return this.gateway.readyShards;
  }

  /** The guilds whose events go to `shard`. */
  guildsOn(shard: ShardKey): FakeGuild[] {
    return this.guilds.filter((guild) => guildOnShard(guild.id, shard));
  }

  get guild(): FakeGuild {
    const guild = this.guilds[0];
    if (guild === undefined) throw new Error("fake discord: no guild configured");
    return guild;
  }

  get channel(): FakeChannel {
    const channel = this.guild.channels[0];
    if (channel === undefined) throw new Error("fake discord: the first guild has no channel");
    return channel;
  }

  /** @internal Use startFakeDiscord(). */
  async listen(): Promise<void> {
    await this.gateway.listen();

    const server = createServer((request, response) => {
      this.onHttpRequest(request, response);
    });
    // Keep idle connections long, as Discord's edge does: with Node's 5 s default the server can
    // close a socket just as a loaded client reuses it, and the POST fails with "other side closed".
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.headersTimeout = KEEP_ALIVE_MS + HEADERS_TIMEOUT_MARGIN_MS;
    this.httpServer = server;
    await new Promise<void>((resolve) =>
      server.listen({ port: 0, host: "127.0.0.1", backlog: LISTEN_BACKLOG }, resolve),
    );
    this.restUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  }

  // ---- waiting ----------------------------------------------------------------------------

  /**
   * Resolves with the predicate's first truthy result, re-checked whenever the fake records
   * something and every few milliseconds; rejects after `timeoutMs` naming `what`.
   */
  waitFor<T>(
    predicate: () => T | undefined | null | false,
    timeoutMs = DEFAULT_WAIT_MS,
    what = "condition",
  ): Promise<T> {
    const now = predicate();
    if (now !== undefined && now !== null && now !== false) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = predicate();
        if (value === undefined || value === null || value === false) return;
        finish();
        resolve(value);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      // Also polled, for predicates about state outside the fake (the bot's own, a log line).
      const poll = setInterval(check, WAIT_POLL_MS);
      const finish = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.events.off("change", check);
      };
      this.events.on("change", check);
    });
  }

  /** Resolves once a gateway session has been sent READY and every GUILD_CREATE. */
  waitForReady(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitFor(() => this.gateway.hasReadySession, timeoutMs, "gateway READY").then(() => undefined);
  }

  /** Resolves once every shard in `shards` has a ready session (and no other shard has one). */
  waitForShards(shards: readonly number[], timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    const wanted = [...shards].sort((a, b) => a - b).join(",");
    return this.waitFor(
      () => this.gateway.readyShards.join(",") === wanted,
      timeoutMs,
      `ready sessions on shards ${wanted}`,
    ).then(() => undefined);
  }

  /** Answers every later request on `route` after `ms` more; what it changes, it changes on arrival. */
  delayResponses(route: RouteName, ms: number): void {
    this.delays.set(route, ms);
  }

  /** Causes a gateway fault on every ready session (or those of `shard`); see FakeGateway.inject. */
  injectGatewayFault(fault: GatewayFault, shard?: number): number {
    const hit = this.gateway.inject(fault, shard);
    this.events.emit("change");
    return hit;
  }

  /** Whether an interaction injected now reaches a session, at once or when it resumes. */
  get canInject(): boolean {
    return this.gateway.canDispatch;
  }

  /** Gateway faults injected so far, and how many sessions resumed. */
  get gatewayFaultCounts(): ReadonlyMap<string, number> {
    return this.gateway.faultCounts;
  }

  /** Resolves once no gateway connection is open. */
  waitForGatewayClosed(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitFor(() => this.gateway.connections === 0, timeoutMs, "the gateway to close").then(
      () => undefined,
    );
  }

  /** The accepted callback for an injected interaction. */
  callbackFor(interaction: InjectedInteraction, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedCallback> {
    return this.waitFor(
      () => this.interactions.get(interaction.id)?.callback,
      timeoutMs,
      `the callback of interaction ${interaction.id}`,
    );
  }

  /**
   * The interaction's reply as it stands once it has content (a deferred reply counts once it is
   * edited in): the message for message callbacks, the updated message for component updates.
   */
  replyFor(interaction: InjectedInteraction, timeoutMs = DEFAULT_WAIT_MS): Promise<Json> {
    return this.waitFor(
      () => {
        const originalId = this.interactions.get(interaction.id)?.originalId;
        const message = originalId === undefined ? undefined : this.stored.get(originalId)?.message;
        if (message === undefined) return undefined;
        const flags = typeof message.flags === "number" ? message.flags : 0;
        return (flags & LOADING_FLAG) === 0 ? message : undefined;
      },
      timeoutMs,
      `the reply to interaction ${interaction.id}`,
    );
  }

  /** Follow-up messages sent through the interaction's token. */
  followUpsFor(interaction: InjectedInteraction): Json[] {
    return this.messages
      .filter((entry) => entry.source === "webhook-followup" && entry.interaction?.id === interaction.id)
      .map((entry) => entry.message);
  }

  // ---- faults -----------------------------------------------------------------------------

  /**
   * Answers the next `times` requests on `route` (or matching a predicate) with `fault`.
   * Returns a function telling how many are still pending.
   */
  failNext(
    route: RouteName | ((request: RecordedRequest) => boolean),
    fault: Fault,
    times = 1,
  ): () => number {
    const rule: FaultRule = {
      matches: typeof route === "string" ? (request) => request.route === route : route,
      fault,
      remaining: times,
    };
    this.faults.push(rule);
    return () => rule.remaining;
  }

  // ---- interactions -----------------------------------------------------------------------

  private scope(overrides: Partial<Omit<InteractionScope, "applicationId" | "bot">> = {}): InteractionScope {
    return {
      applicationId: this.applicationId,
      bot: this.bot,
      guild: overrides.guild ?? this.guild,
      channel: overrides.channel ?? overrides.guild?.channels[0] ?? this.channel,
      user: overrides.user ?? this.user,
      ...(overrides.permissions === undefined ? {} : { permissions: overrides.permissions }),
      ...(overrides.locale === undefined ? {} : { locale: overrides.locale }),
    };
  }

  /** The id of a command: from the bot's bulk PUT when it registered one, else stable per name. */
  commandId(name: string): string {
    for (const list of this.commands.values()) {
      const found = list.find((command) => command.name === name);
      if (found !== undefined && typeof found.id === "string") return found.id;
    }
    let id = this.commandIds.get(name);
    if (id === undefined) {
      id = snowflake();
      this.commandIds.set(name, id);
    }
    return id;
  }

  /** A chat-input command payload, e.g. `slash("briefing", { subcommand: "contrast" })`. */
  slash(name: string, input: CommandInput = {}, where: Partial<InteractionScope> = {}): Json {
    return slashCommandPayload(this.scope(where), name, this.commandId(name), input);
  }

  /** A message context menu ("Apps → <name>") used on a member's message with the given text. */
  messageMenu(name: string, content: string, where: Partial<InteractionScope> = {}): Json {
    const scope = this.scope(where);
    const message = messageObject(scope.channel.id, makeUser("classmate"), { content });
    return messageMenuPayload(scope, name, this.commandId(name), message);
  }

  /** An autocomplete payload for the option `input.focused`. */
  autocomplete(
    name: string,
    input: CommandInput & { readonly focused: string },
    where: Partial<InteractionScope> = {},
  ): Json {
    return autocompletePayload(this.scope(where), name, this.commandId(name), input);
  }

  /** A button press on a message the fake holds (by id) or on a full message object. */
  button(customId: string, message: Json | string, where: Partial<InteractionScope> = {}): Json {
    return buttonPayload(this.scope(where), customId, this.resolveMessage(message));
  }

  modalSubmit(
    customId: string,
    fields: Readonly<Record<string, string>>,
    where: Partial<InteractionScope> & { readonly message?: Json | string } = {},
  ): Json {
    const message = where.message === undefined ? undefined : this.resolveMessage(where.message);
    return modalSubmitPayload(this.scope(where), customId, fields, message);
  }

  /** The current state of a message the bot sent, by id. */
  message(id: string): Json | undefined {
    return this.stored.get(id)?.message;
  }

  private resolveMessage(message: Json | string): Json {
    if (typeof message !== "string") return message;
    const found = this.stored.get(message);
    if (found === undefined) throw new Error(`fake discord: no message ${message}`);
    return found.message;
  }

  /**
   * Sends INTERACTION_CREATE to the session of the interaction's guild's shard (every ready session
   * when the bot is unsharded), or to the session of `options.shard`: a test may make an
   * interaction arrive at a process that does not serve its server.
   */
  injectInteraction(payload: Json, options: { readonly shard?: number } = {}): InjectedInteraction {
    const id = payload.id;
    const token = payload.token;
    const type = payload.type;
    if (typeof id !== "string" || typeof token !== "string" || typeof type !== "number") {
      throw new Error("fake discord: an interaction needs id, token and type");
    }
    const sentAt = this.gateway.dispatchToReady(GatewayDispatchEvents.InteractionCreate, payload, {
      ...(typeof payload.guild_id === "string" ? { guildId: payload.guild_id } : {}),
      ...options,
    });
    const injected: InjectedInteraction = { id, token, type: type, payload, sentAt };
    const state: InteractionState = { injected };
    this.interactions.set(id, state);
    this.interactionsByToken.set(token, state);
    return injected;
  }

  // ---- REST -------------------------------------------------------------------------------

  private onHttpRequest(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const at = performance.now();
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      if (this.attachments.serve(url.pathname, response)) return;
      const method = request.method ?? "GET";
      const prefix = "/api/v10";
      const rawPath = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
      const path = rawPath
        .split("/")
        .map((part) => decodeURIComponent(part))
        .join("/");
      const authorization = request.headers.authorization;
      const record: RecordedRequest = {
        seq: this.requests.length,
        at,
        method,
        path,
        query: url.searchParams,
        route: url.pathname.startsWith(prefix) ? routeOf(method, path) : "unknown",
        authorized: typeof authorization === "string" && authorization.startsWith("Bot "),
        body: parseBody(Buffer.concat(chunks), request.headers["content-type"]),
        files: uploadedFiles(Buffer.concat(chunks), request.headers["content-type"]),
        status: 0,
      };
      this.requests.push(record);
      const answer = this.takeFault(record) ?? this.route(record, authorization);
      record.status = answer.status;
      const delay = this.delays.get(record.route) ?? 0;
      if (delay > 0) {
        const timer = setTimeout(() => {
          this.delayTimers.delete(timer);
          respond(response, answer);
        }, delay);
        this.delayTimers.add(timer);
      } else {
        respond(response, answer);
      }
      this.events.emit("change");
    });
  }

  private takeFault(record: RecordedRequest): RestAnswer | undefined {
    const rule = this.faults.find((candidate) => candidate.remaining > 0 && candidate.matches(record));
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    record.fault = rule.fault;
    return faultAnswer(rule.fault);
  }

  private tokenOk(authorization: string | undefined): boolean {
    if (authorization === undefined || !authorization.startsWith("Bot ")) return false;
    const token = authorization.slice("Bot ".length);
    return token !== "" && !this.rejectTokens.has(token);
  }

  private route(record: RecordedRequest, authorization: string | undefined): RestAnswer {
    const parts = record.path.split("/").slice(1);
    const needsBotAuth = ![
      "interaction-callback",
      "webhook-message-edit",
      "webhook-message-get",
      "webhook-message-delete",
      "webhook-followup",
      "unknown",
    ].includes(record.route);
    if (needsBotAuth && !this.tokenOk(authorization)) return UNAUTHORIZED;
    switch (record.route) {
      case "gateway-bot":
        return {
          status: 200,
          body: {
            url: this.gateway.url,
            shards: this.recommendedShards,
            session_start_limit: {
              total: 1000,
              remaining: 999,
              reset_after: 14_400_000,
              max_concurrency: this.maxConcurrency,
            },
          },
        };
      case "gateway":
        return { status: 200, body: { url: this.gateway.url } };
      case "application":
        return { status: 200, body: this.applicationObject() };
      case "current-user":
        return { status: 200, body: this.bot };
      case "commands-put":
        return this.putCommands(record, parts);
      case "commands-get": {
        const scope = parts[3] === "guilds" ? (parts[4] ?? "") : "global";
        return { status: 200, body: this.commands.get(scope) ?? [] };
      }
      case "interaction-callback":
        return this.interactionCallback(record, parts[1] ?? "", parts[2] ?? "");
      case "webhook-message-edit":
      case "webhook-message-get":
      case "webhook-message-delete":
        return this.webhookMessage(record, parts[2] ?? "", parts[4] ?? "");
      case "webhook-followup":
        return this.webhookFollowUp(record, parts[2] ?? "");
      case "channel-get":
      case "channel-message-post":
      case "channel-message-edit":
      case "channel-message-get":
        return this.channelRoute(record, parts[1] ?? "", parts[3]);
      case "unknown":
        return NOT_FOUND;
    }
  }

  private readyPayload(shard: ShardKey): Json {
    return {
      v: 10,
      user: { ...this.bot, verified: true, mfa_enabled: false, flags: 0 },
      guilds: this.guildsOn(shard).map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: `fake-session-${snowflake()}`,
      shard,
      application: { id: this.applicationId, flags: APPLICATION_FLAGS },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      auth: {},
      _trace: ["fake-discord"],
    };
  }

  private applicationObject(): Json {
    return {
      id: this.applicationId,
      name: this.bot.username,
      icon: null,
      description: "",
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: "0".repeat(64),
      flags: APPLICATION_FLAGS,
      team: null,
      owner: this.guild.ownerId === "" ? null : { ...makeUser("owner"), id: this.guild.ownerId },
      bot: this.bot,
      approximate_guild_count: this.guilds.length,
    };
  }

  private putCommands(record: RecordedRequest, parts: readonly string[]): RestAnswer {
    if (parts[1] !== this.applicationId) return discordError(403, 50001, "Missing Access");
    if (!Array.isArray(record.body)) return discordError(400, 50035, "Invalid Form Body");
    const guildId = parts[2] === "guilds" ? parts[3] : undefined;
    const scope = guildId ?? "global";
    const list = record.body.filter(isJson).map((command) => ({
      ...command,
      id: this.commandIdFor(scope, command.name),
      application_id: this.applicationId,
      version: snowflake(),
      type: command.type ?? 1,
      ...(guildId === undefined ? {} : { guild_id: guildId }),
      default_member_permissions: command.default_member_permissions ?? null,
      nsfw: command.nsfw ?? false,
    }));
    this.commands.set(scope, list);
    return { status: 200, body: list };
  }

  private commandIdFor(scope: string, name: unknown): string {
    const existing = this.commands.get(scope)?.find((command) => command.name === name)?.id;
    return typeof existing === "string" ? existing : snowflake();
  }

  private interactionCallback(record: RecordedRequest, id: string, token: string): RestAnswer {
    const state = this.interactions.get(id);
    if (state?.injected.token !== token) return discordError(404, 10062, "Unknown interaction");
    if (state.callback !== undefined) {
      return discordError(400, 40060, "Interaction has already been acknowledged.");
    }
    if (record.at - state.injected.sentAt > this.ackDeadlineMs) {
      return discordError(404, 10062, "Unknown interaction");
    }
    const body = record.body;
    if (!isJson(body) || typeof body.type !== "number") return discordError(400, 50035, "Invalid Form Body");
    const type = body.type;
    if (!(ALLOWED_CALLBACKS[state.injected.type] ?? []).includes(type)) {
      return discordError(400, 50035, "Invalid Form Body: this callback type does not fit this interaction");
    }
    const data = isJson(body.data) ? body.data : undefined;
    const callback: RecordedCallback = { at: record.at, interaction: state.injected, type, data, body };
    state.callback = callback;
    this.callbacks.push(callback);

    const payload = state.injected.payload;
    const channelId = typeof payload.channel_id === "string" ? payload.channel_id : this.channel.id;
    const interactionMeta = {
      id,
      type: state.injected.type,
      user: isJson(payload.member) ? payload.member.user : payload.user,
      authorizing_integration_owners: payload.authorizing_integration_owners,
    };
    let message: Json | undefined;
    switch (type) {
      case REPLY:
      case DEFERRED_REPLY: {
        const deferred = type === DEFERRED_REPLY;
        message = messageObject(channelId, this.bot, data ?? {}, {
          applicationId: this.applicationId,
          interaction: interactionMeta,
          flags: deferred ? LOADING_FLAG : 0,
        });
        this.stored.set(message.id as string, { channelId, message });
        state.originalId = message.id as string;
        if (!deferred)
          this.messages.push({
            at: record.at,
            source: "interaction-callback",
            channelId,
            message,
            interaction: state.injected,
          });
        break;
      }
      case UPDATE:
      case DEFERRED_UPDATE: {
        const target = isJson(payload.message) ? payload.message : undefined;
        const targetId = typeof target?.id === "string" ? target.id : undefined;
        if (target !== undefined && targetId !== undefined) {
          const current = this.stored.get(targetId)?.message ?? target;
          message = type === UPDATE ? editMessage(current, data ?? {}) : current;
          this.stored.set(targetId, { channelId, message });
          state.originalId = targetId;
          if (type === UPDATE) {
            this.messages.push({
              at: record.at,
              source: "interaction-callback",
              channelId,
              message,
              interaction: state.injected,
            });
          }
        }
        break;
      }
      default:
        break;
    }
    if (record.query.get("with_response") !== "true") return { status: 204 };
    const flags = typeof message?.flags === "number" ? message.flags : 0;
    return {
      status: 200,
      body: {
        interaction: {
          id,
          type: state.injected.type,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: (flags & LOADING_FLAG) !== 0,
          response_message_ephemeral: (flags & EPHEMERAL_FLAG) !== 0,
        },
        resource: message === undefined ? { type } : { type, message },
      },
    };
  }

  private webhookMessage(record: RecordedRequest, token: string, messageId: string): RestAnswer {
    const state = this.interactionsByToken.get(token);
    if (state === undefined) return discordError(404, 10015, "Unknown Webhook");
    const id = messageId === "@original" ? state.originalId : messageId;
    const stored = id === undefined ? undefined : this.stored.get(id);
    if (id === undefined || stored === undefined) return discordError(404, 10008, "Unknown Message");
    if (record.route === "webhook-message-get") return { status: 200, body: stored.message };
    if (record.route === "webhook-message-delete") {
      this.stored.delete(id);
      return { status: 204 };
    }
    const body: MessageFields = isJson(record.body) ? record.body : {};
    stored.message = editMessage(stored.message, body);
    this.messages.push({
      at: record.at,
      source: "webhook-edit",
      channelId: stored.channelId,
      message: stored.message,
      interaction: state.injected,
    });
    return { status: 200, body: stored.message };
  }

  private webhookFollowUp(record: RecordedRequest, token: string): RestAnswer {
    const state = this.interactionsByToken.get(token);
    if (state === undefined) return discordError(404, 10015, "Unknown Webhook");
    if (state.callback === undefined) return discordError(404, 10015, "Unknown Webhook");
    const payload = state.injected.payload;
    const channelId = typeof payload.channel_id === "string" ? payload.channel_id : this.channel.id;
    const message = messageObject(channelId, this.bot, isJson(record.body) ? record.body : {}, {
      applicationId: this.applicationId,
    });
    this.stored.set(message.id as string, { channelId, message });
    this.messages.push({
      at: record.at,
      source: "webhook-followup",
      channelId,
      message,
      interaction: state.injected,
    });
    return { status: 200, body: message };
  }

  private findChannel(id: string): FakeChannel | undefined {
    for (const guild of this.guilds) {
      const channel = guild.channels.find((candidate) => candidate.id === id);
      if (channel !== undefined) return channel;
    }
    return undefined;
  }

  private channelRoute(
    record: RecordedRequest,
    channelId: string,
    messageId: string | undefined,
  ): RestAnswer {
    const channel = this.findChannel(channelId);
    if (channel === undefined) return discordError(404, 10003, "Unknown Channel");
    if (!botCan(channel, "ViewChannel")) return discordError(403, 50001, "Missing Access");
    if (record.route === "channel-get") return { status: 200, body: channelObject(channel, this.bot) };
    if (record.route === "channel-message-get" || record.route === "channel-message-edit") {
      const stored = messageId === undefined ? undefined : this.stored.get(messageId);
      if (stored?.channelId !== channelId || messageId === undefined)
        return discordError(404, 10008, "Unknown Message");
      if (record.route === "channel-message-get") return { status: 200, body: stored.message };
      stored.message = editMessage(stored.message, isJson(record.body) ? record.body : {});
      this.messages.push({ at: record.at, source: "channel-edit", channelId, message: stored.message });
      return { status: 200, body: stored.message };
    }
    const body: MessageFields = isJson(record.body) ? record.body : {};
    const hasEmbeds = Array.isArray(body.embeds) && body.embeds.length > 0;
    if (!botCan(channel, "SendMessages") || (hasEmbeds && !botCan(channel, "EmbedLinks"))) {
      return discordError(403, 50013, "Missing Permissions");
    }
    // enforce_nonce: the same nonce in a channel returns the first message instead of a second one.
    const nonceKey =
      body.enforce_nonce === true && typeof body.nonce === "string"
        ? `${channelId}:${body.nonce}`
        : undefined;
    const earlier = nonceKey === undefined ? undefined : this.nonces.get(nonceKey);
    const earlierMessage = earlier === undefined ? undefined : this.stored.get(earlier)?.message;
    if (earlierMessage !== undefined) {
      this.nonceReplays += 1;
      return { status: 200, body: earlierMessage };
    }
    const message = messageObject(channelId, this.bot, body);
    this.stored.set(message.id as string, { channelId, message });
    if (nonceKey !== undefined) this.nonces.set(nonceKey, message.id as string);
    this.messages.push({ at: record.at, source: "channel-post", channelId, message });
    return { status: 200, body: message };
  }

  /** Closes every gateway connection and both servers. Stop the bot first. */
  async close(): Promise<void> {
    for (const timer of this.delayTimers) clearTimeout(timer);
    this.delayTimers.clear();
    const server = this.httpServer;
    await Promise.all([
      this.gateway.close(),
      server === undefined
        ? undefined
        : new Promise<void>((resolve) => {
            server.close(() => {
              resolve();
            });
            server.closeAllConnections();
          }),
    ]);
  }
}

/** Starts a fake Discord on ephemeral 127.0.0.1 ports. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.listen();
  return fake;
}

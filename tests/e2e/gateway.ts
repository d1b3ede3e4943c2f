/**
 * The fake Discord's gateway: a WebSocket server on 127.0.0.1 that speaks just enough of
 * Discord's gateway v10 (JSON, no compression) for discord.js: HELLO, heartbeat ACKs, IDENTIFY ->
 * READY + one GUILD_CREATE per guild, RESUME -> the missed dispatches + RESUMED (or an invalid
 * session when the session is gone), and dispatches on demand.
 *
 * Faults, as Discord's gateway produces them (`inject`): a socket dropped without a close frame
 * (the client sees 1006), close code 4000, op 7 Reconnect, op 9 Invalid Session (not resumable),
 * and heartbeat ACKs that stop coming (a zombie connection). As with Discord, a session survives
 * its socket: dispatches made while it is disconnected are kept and replayed when it resumes.
 *
 * Sharding as Discord does it: IDENTIFY names [shard id, shard count] (no shard means [0, 1]); a
 * session receives only the guilds of its shard, (guild id >> 22) % count, and a guild's events go
 * to the session of that shard.
 */
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

import { GatewayDispatchEvents, GatewayOpcodes } from "discord-api-types/v10";
import { WebSocketServer, type WebSocket } from "ws";

import { shardOf } from "../../src/sharding/layout.js";
import { isJson } from "./restProtocol.js";

/** Gateway close codes the fake uses: a bad token at IDENTIFY, and a frame that is not JSON. */
const CLOSE_AUTHENTICATION_FAILED = 4004;
const CLOSE_DECODE_ERROR = 4002;
/** "Unknown error": Discord's catch-all close, after which a client should resume. */
const CLOSE_UNKNOWN_ERROR = 4000;
/**
 * Dispatches a session keeps for replay on RESUME. A soak's worst outage (a zombie connection
 * noticed after two heartbeat intervals) sees a few hundred; Discord keeps far more.
 */
const REPLAY_BUFFER = 5_000;

/** The faults `inject` can cause on every ready session (or those of one shard). */
export type GatewayFault = "drop" | "close-4000" | "reconnect" | "invalid-session" | "zombie";
export const GATEWAY_FAULTS: readonly GatewayFault[] = [
  "drop",
  "close-4000",
  "reconnect",
  "invalid-session",
  "zombie",
];

export interface GatewayOptions {
  readonly heartbeatIntervalMs: number;
  readonly acceptsToken: (token: string) => boolean;
  /** The READY payload (without resume_gateway_url, which the gateway fills in) and GUILD_CREATEs of a shard. */
  readonly readyPayload: (shard: ShardKey) => Record<string, unknown>;
  readonly guildCreates: (shard: ShardKey) => readonly unknown[];
  /** Called whenever a session opens, becomes ready or closes. */
  readonly onChange: () => void;
}

/** [shard id, shard count], as in IDENTIFY and READY. */
export type ShardKey = readonly [number, number];

/** Whether a guild's events go to `shard`. */
export const guildOnShard = (guildId: string, [id, count]: ShardKey): boolean =>
  shardOf(guildId, count) === id;

/** Where a dispatch goes: a guild's shard (as Discord routes it), or one shard named outright. */
export type DispatchTarget = { readonly guildId?: string; readonly shard?: number };

/** What Discord keeps of a session, across sockets, until it is invalidated. */
interface SessionState {
  readonly id: string;
  readonly shard: ShardKey;
  sequence: number;
  /** The latest dispatches, for replay on RESUME. */
  readonly frames: { readonly seq: number; readonly frame: string }[];
  /** The socket serving it now; undefined while the client is away. */
  attached: Session | undefined;
  /** Whether a RESUME may pick it up once its socket closes. */
  resumable: boolean;
  /** Heartbeats on its socket go unanswered. */
  zombie: boolean;
}

interface Session {
  readonly socket: WebSocket;
  ready: boolean;
  shard: ShardKey;
  state: SessionState | undefined;
}

export class FakeGateway {
  private readonly sessions = new Set<Session>();
  /** Sessions by id, attached or waiting for a RESUME. */
  private readonly states = new Map<string, SessionState>();
  /** How many times each fault was injected, and how many RESUMEs succeeded. */
  readonly faultCounts = new Map<GatewayFault | "resumed", number>();
  private server: WebSocketServer | undefined;
  private address = "";

  constructor(private readonly options: GatewayOptions) {}

  async listen(): Promise<void> {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    this.server = server;
    server.on("connection", (socket) => {
      this.open(socket);
    });
    await new Promise<void>((resolve) => server.once("listening", resolve));
    this.address = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  get url(): string {
    return this.address;
  }

  get connections(): number {
    return this.sessions.size;
  }

  get hasReadySession(): boolean {
    return [...this.sessions].some((session) => session.ready);
  }

  /** The shard ids of the ready sessions, sorted (a shard twice if two bots serve it). */
  get readyShards(): number[] {
    return [...this.sessions]
      .filter((session) => session.ready)
      .map((session) => session.shard[0])
      .sort((a, b) => a - b);
  }

  /**
   * Sends a dispatch to the ready sessions it is for: those of the target's shard (every ready
   * session when nothing narrows it, as with one unsharded bot). Returns when it was written
   * (performance.now()).
   */
  dispatchToReady(event: string, data: unknown, target: DispatchTarget = {}): number {
    // A session whose socket dropped still gets its events, replayed when it resumes.
    const ready = [...this.states.values()].filter(
      (state) =>
        (state.resumable || state.attached?.ready === true) &&
        (target.shard === undefined || state.shard[0] === target.shard) &&
        (target.guildId === undefined ||
          target.shard !== undefined ||
          guildOnShard(target.guildId, state.shard)),
    );
    if (ready.length === 0) {
      throw new Error(
        `fake discord: no bot is connected and ready${target.shard === undefined ? "" : ` on shard ${target.shard}`}`,
      );
    }
    let at = 0;
    for (const state of ready) at = this.dispatch(state, event, data);
    return at;
  }

  /** Whether some session can take a dispatch now or on resume (what dispatchToReady needs). */
  get canDispatch(): boolean {
    return [...this.states.values()].some((state) => state.resumable || state.attached?.ready === true);
  }

  /** Causes `fault` on every ready session (of `shard`, when given); returns how many it hit. */
  inject(fault: GatewayFault, shard?: number): number {
    const hit = [...this.sessions].filter(
      (session) =>
        session.ready && session.state !== undefined && (shard === undefined || session.shard[0] === shard),
    );
    for (const session of hit) {
      const state = session.state;
      if (state === undefined) continue;
      this.faultCounts.set(fault, (this.faultCounts.get(fault) ?? 0) + 1);
      // Not ready until it resumes or identifies again (a zombie still delivers until then).
      if (fault !== "zombie") session.ready = false;
      switch (fault) {
        case "drop":
          state.resumable = true;
          session.socket.terminate();
          break;
        case "close-4000":
          state.resumable = true;
          session.socket.close(CLOSE_UNKNOWN_ERROR, "Unknown error");
          break;
        case "reconnect":
          state.resumable = true;
          session.socket.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null }));
          break;
        case "invalid-session":
          this.forget(state);
          session.socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
          break;
        case "zombie":
          state.resumable = true;
          state.zombie = true;
          break;
      }
    }
    return hit.length;
  }

  async close(): Promise<void> {
    this.states.clear();
    for (const session of this.sessions) session.socket.terminate();
    const server = this.server;
    if (server !== undefined)
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
  }

  private open(socket: WebSocket): void {
    const session: Session = { socket, ready: false, shard: [0, 1], state: undefined };
    this.sessions.add(session);
    socket.on("close", () => {
      this.sessions.delete(session);
      const state = session.state;
      if (state?.attached === session) {
        state.attached = undefined;
        // A socket the client closed on its own (shutting down) ends its session; one a fault
        // broke waits for a RESUME.
        if (!state.resumable) this.forget(state);
      }
      this.options.onChange();
    });
    socket.on("error", () => {
      // A client that vanished mid-frame: the close event still follows.
    });
    socket.on("message", (raw: Buffer) => {
      this.onFrame(session, raw.toString("utf8"));
    });
    const hello = { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } };
    socket.send(JSON.stringify(hello));
    this.options.onChange();
  }

  private onFrame(session: Session, text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      session.socket.close(CLOSE_DECODE_ERROR, "Decode error");
      return;
    }
    if (!isJson(frame)) return;
    switch (frame.op) {
      case GatewayOpcodes.Heartbeat:
        if (session.state?.zombie !== true)
          session.socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
        return;
      case GatewayOpcodes.Identify: {
        const token = isJson(frame.d) ? frame.d.token : undefined;
        if (typeof token !== "string" || !this.options.acceptsToken(token)) {
          session.socket.close(CLOSE_AUTHENTICATION_FAILED, "Authentication failed.");
          return;
        }
        const shard = isJson(frame.d) ? frame.d.shard : undefined;
        if (Array.isArray(shard) && typeof shard[0] === "number" && typeof shard[1] === "number") {
          session.shard = [shard[0], shard[1]];
        }
        this.sendReady(session);
        return;
      }
      case GatewayOpcodes.Resume:
        this.resume(session, isJson(frame.d) ? frame.d : {});
        return;
      default:
        // Presence updates, member requests and the like change nothing here.
        return;
    }
  }

  private sendReady(session: Session): void {
    const ready = this.options.readyPayload(session.shard);
    const id = typeof ready.session_id === "string" ? ready.session_id : `session-${this.states.size}`;
    const state: SessionState = {
      id,
      shard: session.shard,
      sequence: 0,
      frames: [],
      attached: session,
      resumable: false,
      zombie: false,
    };
    session.state = state;
    this.states.set(id, state);
    this.dispatch(state, GatewayDispatchEvents.Ready, { ...ready, resume_gateway_url: this.address });
    for (const guild of this.options.guildCreates(session.shard)) {
      this.dispatch(state, GatewayDispatchEvents.GuildCreate, guild);
    }
    session.ready = true;
    this.options.onChange();
  }

  /** Picks a kept session up on a new socket: the dispatches it missed, then RESUMED. */
  private resume(session: Session, d: Record<string, unknown>): void {
    const state = typeof d.session_id === "string" ? this.states.get(d.session_id) : undefined;
    if (state === undefined || state.attached !== undefined || typeof d.seq !== "number") {
      session.socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
      return;
    }
    const seq = d.seq;
    state.attached = session;
    state.resumable = false;
    state.zombie = false;
    session.state = state;
    session.shard = state.shard;
    for (const kept of state.frames) if (kept.seq > seq) session.socket.send(kept.frame);
    this.dispatch(state, GatewayDispatchEvents.Resumed, {});
    session.ready = true;
    this.faultCounts.set("resumed", (this.faultCounts.get("resumed") ?? 0) + 1);
    this.options.onChange();
  }

  private forget(state: SessionState): void {
    state.resumable = false;
    this.states.delete(state.id);
  }

  private dispatch(state: SessionState, event: string, data: unknown): number {
    state.sequence += 1;
    const frame = JSON.stringify({ op: GatewayOpcodes.Dispatch, t: event, s: state.sequence, d: data });
    state.frames.push({ seq: state.sequence, frame });
    if (state.frames.length > REPLAY_BUFFER) state.frames.splice(0, state.frames.length - REPLAY_BUFFER);
    const at = performance.now();
    const socket = state.attached?.socket;
    if (socket !== undefined && socket.readyState === socket.OPEN) socket.send(frame);
    return at;
  }
}

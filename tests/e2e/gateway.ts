/**
 * The fake Discord's gateway: a WebSocket server on 127.0.0.1 that speaks just enough of
 * Discord's gateway v10 (JSON, no compression) for discord.js: HELLO, heartbeat ACKs, IDENTIFY ->
 * READY + one GUILD_CREATE per guild, RESUME -> invalid session, and dispatches on demand.
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

interface Session {
  readonly socket: WebSocket;
  sequence: number;
  ready: boolean;
  shard: ShardKey;
}

export class FakeGateway {
  private readonly sessions = new Set<Session>();
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
    const ready = [...this.sessions].filter(
      (session) =>
        session.ready &&
        (target.shard === undefined || session.shard[0] === target.shard) &&
        (target.guildId === undefined ||
          target.shard !== undefined ||
          guildOnShard(target.guildId, session.shard)),
    );
    if (ready.length === 0) {
      throw new Error(
        `fake discord: no bot is connected and ready${target.shard === undefined ? "" : ` on shard ${target.shard}`}`,
      );
    }
    let at = 0;
    for (const session of ready) at = this.dispatch(session, event, data);
    return at;
  }

  async close(): Promise<void> {
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
    const session: Session = { socket, sequence: 0, ready: false, shard: [0, 1] };
    this.sessions.add(session);
    socket.on("close", () => {
      this.sessions.delete(session);
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
        // Sessions are not kept: tell the client to identify afresh.
        session.socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
        return;
      default:
        // Presence updates, member requests and the like change nothing here.
        return;
    }
  }

  private sendReady(session: Session): void {
    this.dispatch(session, GatewayDispatchEvents.Ready, {
      ...this.options.readyPayload(session.shard),
      resume_gateway_url: this.address,
    });
    for (const guild of this.options.guildCreates(session.shard)) {
      this.dispatch(session, GatewayDispatchEvents.GuildCreate, guild);
    }
    session.ready = true;
    this.options.onChange();
  }

  private dispatch(session: Session, event: string, data: unknown): number {
    session.sequence += 1;
    const frame = JSON.stringify({ op: GatewayOpcodes.Dispatch, t: event, s: session.sequence, d: data });
    const at = performance.now();
    session.socket.send(frame);
    return at;
  }
}

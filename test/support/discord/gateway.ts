// The gateway half of FakeDiscord: HELLO / IDENTIFY / READY / GUILD_CREATE, heartbeats, intent-filtered dispatch.
import type { Server } from 'node:http';
import { GatewayOpcodes } from 'discord-api-types/v10';
import type { GatewayGuildCreateDispatchData, GatewayReadyDispatchData } from 'discord-api-types/v10';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';

export const HEARTBEAT_INTERVAL_MS = 41_250;

interface GatewaySession {
  ws: WebSocket;
  identified: boolean;
  intents: number;
  seq: number;
}

export interface GatewayHooks {
  token: string;
  ready(shard: [number, number]): GatewayReadyDispatchData;
  guildCreates(intents: number): GatewayGuildCreateDispatchData[];
  /** Called after READY and every GUILD_CREATE went out to a newly identified session. */
  onIdentified(): void;
}

export class FakeGateway {
  readonly #wss: WebSocketServer;
  readonly #sessions = new Set<GatewaySession>();
  readonly #hooks: GatewayHooks;

  constructor(server: Server, hooks: GatewayHooks) {
    this.#hooks = hooks;
    this.#wss = new WebSocketServer({ server });
    this.#wss.on('connection', (ws) => this.#accept(ws));
  }

  /** Open sessions that completed IDENTIFY. */
  get identifiedSessions(): number {
    return [...this.#sessions].filter((s) => s.identified).length;
  }

  /**
   * Sends a dispatch to every identified session whose intents include `intent` (null = no intent needed).
   * Returns how many sessions received it.
   */
  dispatch(event: string, data: unknown, intent: number | null): number {
    let delivered = 0;
    for (const session of this.#sessions) {
      if (!session.identified) continue;
      if (intent !== null && (session.intents & intent) !== intent) continue;
      this.#sendDispatch(session, event, data);
      delivered += 1;
    }
    return delivered;
  }

  async close(): Promise<void> {
    for (const session of this.#sessions) session.ws.terminate();
    this.#sessions.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(ws: WebSocket): void {
    const session: GatewaySession = { ws, identified: false, intents: 0, seq: 0 };
    this.#sessions.add(session);
    ws.on('close', () => this.#sessions.delete(session));
    ws.on('error', () => this.#sessions.delete(session));
    ws.on('message', (raw) => this.#receive(session, raw));
    this.#send(session, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS } });
  }

  #receive(session: GatewaySession, raw: RawData): void {
    let payload: { op?: number; d?: unknown };
    try {
      payload = JSON.parse(rawText(raw)) as { op?: number; d?: unknown };
    } catch {
      session.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.#send(session, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        this.#identify(session, payload.d as { token?: string; intents?: number; shard?: [number, number] });
        return;
      case GatewayOpcodes.Resume:
        // Sessions are not resumable here: force a fresh IDENTIFY.
        this.#send(session, { op: GatewayOpcodes.InvalidSession, d: false });
        return;
      default:
        // Presence updates, guild member requests, voice state updates: accepted and ignored.
        return;
    }
  }

  #identify(session: GatewaySession, data: { token?: string; intents?: number; shard?: [number, number] }): void {
    if (session.identified) {
      session.ws.close(4005, 'Already authenticated.');
      return;
    }
    const token = (data.token ?? '').replace(/^Bot /, '');
    if (token !== this.#hooks.token) {
      session.ws.close(4004, 'Authentication failed.');
      return;
    }
    session.identified = true;
    session.intents = data.intents ?? 0;
    this.#sendDispatch(session, 'READY', this.#hooks.ready(data.shard ?? [0, 1]));
    for (const guild of this.#hooks.guildCreates(session.intents)) this.#sendDispatch(session, 'GUILD_CREATE', guild);
    this.#hooks.onIdentified();
  }

  #sendDispatch(session: GatewaySession, event: string, data: unknown): void {
    session.seq += 1;
    this.#send(session, { op: GatewayOpcodes.Dispatch, t: event, s: session.seq, d: data });
  }

  #send(session: GatewaySession, payload: object): void {
    if (session.ws.readyState === session.ws.OPEN) session.ws.send(JSON.stringify(payload));
  }
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString('utf8');
  return raw.toString('utf8');
}

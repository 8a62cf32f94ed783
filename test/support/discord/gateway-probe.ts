// A bare gateway client for tests that need to see raw dispatches (e.g. what a session with few intents gets).
import WebSocket from 'ws';

export interface Dispatch {
  t: string;
  d: unknown;
}

export class GatewayProbe {
  readonly dispatches: Dispatch[] = [];
  /** Resolves with the close code once the server closes the socket. */
  readonly closed: Promise<number>;
  readonly #ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('message', (raw) => {
      const payload = JSON.parse(raw.toString()) as { op: number; t?: string; d?: unknown };
      if (payload.op === 0 && payload.t) this.dispatches.push({ t: payload.t, d: payload.d });
    });
  }

  /** Connects and sends IDENTIFY right away (the server sends HELLO first, but does not require waiting for it). */
  static async identify(wsUrl: string, token: string, intents: number): Promise<GatewayProbe> {
    const ws = new WebSocket(`${wsUrl}/?v=10&encoding=json`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const probe = new GatewayProbe(ws);
    ws.send(JSON.stringify({ op: 2, d: { token, intents, properties: { os: 'linux', browser: 'probe', device: 'probe' } } }));
    return probe;
  }

  /** Resolves with the first dispatch of that type (already received or later); rejects after timeoutMs. */
  async next(event: string, timeoutMs = 5000): Promise<Dispatch> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.dispatches.find((d) => d.t === event);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`GatewayProbe: no ${event} within ${timeoutMs} ms (got ${this.dispatches.map((d) => d.t).join(', ') || 'nothing'})`);
  }

  close(): void {
    this.#ws.terminate();
  }
}

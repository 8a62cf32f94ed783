// A pass-through HTTP proxy in front of a fake provider that counts the requests matching `counted`
// and the most of them in flight at once (the fakes do not track concurrency themselves).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

export class CountingProxy {
  readonly url: string;
  /** Counted requests so far, and the most in flight at once. */
  count = 0;
  maxInFlight = 0;
  #inFlight = 0;
  readonly #server: Server;
  readonly #pool: Pool;

  static async start(target: string, counted: (method: string, path: string) => boolean): Promise<CountingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new CountingProxy(server, target, counted);
  }

  private constructor(server: Server, target: string, counted: (method: string, path: string) => boolean) {
    this.#server = server;
    const origin = new URL(target);
    this.#pool = new Pool(origin.origin, { connections: 64 });
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${origin.pathname}`;
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const method = req.method ?? 'GET';
        const path = req.url ?? '/';
        const counts = counted(method, path);
        if (counts) {
          this.count += 1;
          this.maxInFlight = Math.max(this.maxInFlight, ++this.#inFlight);
        }
        const headers = { ...req.headers, host: origin.host };
        this.#pool
          .request({ method: method as 'GET', path, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined })
          .then(async (answer) => {
            const body = Buffer.from(await answer.body.arrayBuffer());
            res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') }).end(body);
          })
          .catch(() => res.writeHead(502).end())
          .finally(() => {
            if (counts) this.#inFlight -= 1;
          });
      });
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
    await this.#pool.close();
  }
}

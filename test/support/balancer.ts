// A small round-robin HTTP load balancer for tests: PUBLIC_URL points at it and provider webhooks are
// spread over several bot processes, as deploy/Caddyfile does with `lb_policy round_robin`. Like Caddy,
// a request is tried on the next process only when it could not be sent at all (the connection was
// refused: a process that died or is restarting, cf. `lb_try_duration`); a process that took the request
// and died before answering leaves it failed (502), as the provider would see it.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the balancer passed it on. */
export interface Served {
  /** The port of the process that answered (or the last one tried). */
  upstream: number;
  method: string;
  /** The path without the query (webhook URLs carry their task's token there). */
  path: string;
  /** The process's HTTP status, or 502 when no process could answer. */
  status: number;
  /** Ports tried before it, whose connections were refused. */
  refusedBy: number[];
}

export interface Balancer {
  url: string;
  readonly served: Served[];
  /** Runs when a process's answer arrives, before it is passed back (a test can act at that moment). */
  onAnswer: ((served: Served) => void) | undefined;
  /** While set, requests go to this port first (the others only when it refuses). */
  pin: number | undefined;
  /** Answered requests whose path starts with `prefix`, by upstream port. */
  answeredBy(prefix: string): Map<number, number>;
  close(): Promise<void>;
}

export async function startBalancer(upstreams: number[]): Promise<Balancer> {
  let turn = 0;
  const served: Served[] = [];
  const server = createServer((req, res) => {
    const pinned = balancer.pin === undefined ? -1 : upstreams.indexOf(balancer.pin);
    const first = pinned >= 0 ? pinned : turn++ % upstreams.length;
    const order = upstreams.map((_, i) => upstreams[(first + i) % upstreams.length]!);
    void readAll(req).then((body) => forward(req, res, body, order, []));
  });
  const balancer: Balancer = {
    url: '',
    served,
    onAnswer: undefined,
    pin: undefined,
    answeredBy(prefix) {
      const counts = new Map<number, number>();
      for (const s of served) if (s.path.startsWith(prefix) && s.status < 500) counts.set(s.upstream, (counts.get(s.upstream) ?? 0) + 1);
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, order: number[], refusedBy: number[]): void {
    const [port, ...others] = order;
    const path = (req.url ?? '/').replace(/\?.*$/s, '');
    const record = (status: number) => {
      const entry: Served = { upstream: port ?? 0, method: req.method ?? 'GET', path, status, refusedBy };
      served.push(entry);
      return entry;
    };
    if (port === undefined) {
      record(502);
      res.writeHead(502).end('no process could take the request');
      return;
    }
    const headers = { ...req.headers, host: `127.0.0.1:${port}`, 'content-length': String(body.length) };
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: false }, (answer) => {
      balancer.onAnswer?.(record(answer.statusCode ?? 502));
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') return forward(req, res, body, others, [...refusedBy, port]);
      record(502);
      if (!res.headersSent) res.writeHead(502).end(`process on ${port} failed: ${error.message}`);
      else res.destroy();
    });
    upstream.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  balancer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return balancer;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

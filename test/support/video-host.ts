// A provider's video host for archive tests: serves FakeVideo bytes over real HTTP (streamed, never
// whole in memory), answers chosen statuses, can leave out Content-Length, pause partway until a test
// says go, or drop the connection; records every request and how much of each body went out.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeVideo } from './fake-video.ts';

export interface ServeOptions {
  /** Send no Content-Length (chunked), so the size shows only while reading. */
  chunked?: boolean;
  /** After this many bytes, wait for `resume` before sending the rest. */
  pauseAt?: number;
  resume?: () => Promise<void>;
  /** After this many bytes, destroy the connection. */
  dropAt?: number;
  contentType?: string;
}

export interface Transfer {
  method: string;
  path: string;
  status: number;
  /** Body bytes written to the socket. */
  sent: number;
  /** True once the whole body was written; false when the client went away first (or it was dropped). */
  completed: boolean;
  /** True once the host is done with the request, either way. */
  settled: boolean;
}

export class VideoHost {
  readonly url: string;
  readonly transfers: Transfer[] = [];
  readonly #server: Server;
  readonly #videos = new Map<string, { video: FakeVideo; options: ServeOptions }>();
  readonly #statuses = new Map<string, number>();

  static async start(): Promise<VideoHost> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return new VideoHost(server);
  }

  private constructor(server: Server) {
    this.#server = server;
    this.url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    server.on('request', (req, res) => void this.#handle(req, res));
  }

  /** Serves `video` at `path`; returns its URL. */
  serve(path: string, video: FakeVideo, options: ServeOptions = {}): string {
    this.#videos.set(path, { video, options });
    return `${this.url}${path}`;
  }

  /** Answers `status` (no video) at `path`; returns its URL. */
  fail(path: string, status: number): string {
    this.#statuses.set(path, status);
    return `${this.url}${path}`;
  }

  /** Transfers of one path, in order. */
  of(path: string): Transfer[] {
    return this.transfers.filter((t) => t.path === path);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const served = this.#videos.get(path);
    const status = this.#statuses.get(path) ?? (served ? 200 : 404);
    const transfer: Transfer = { method, path, status, sent: 0, completed: false, settled: false };
    this.transfers.push(transfer);
    try {
      await this.#answer(res, transfer, served);
    } finally {
      transfer.settled = true;
    }
  }

  async #answer(res: ServerResponse, transfer: Transfer, served: { video: FakeVideo; options: ServeOptions } | undefined): Promise<void> {
    const { method, status } = transfer;
    if (!served || status !== 200) {
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`no video here (${String(status)})`);
      transfer.completed = true;
      return;
    }
    const { video, options } = served;
    const headers: Record<string, string | number> = { 'content-type': options.contentType ?? 'video/mp4' };
    if (!options.chunked) headers['content-length'] = video.size;
    res.writeHead(200, headers);
    if (method === 'HEAD') return void res.end();
    let paused = false;
    for (const chunk of video.chunks()) {
      if (res.destroyed) return;
      if (options.dropAt !== undefined && transfer.sent + chunk.length > options.dropAt) return void res.destroy();
      if (!paused && options.pauseAt !== undefined && options.resume && transfer.sent + chunk.length > options.pauseAt) {
        paused = true;
        await options.resume();
      }
      const more = res.write(chunk);
      transfer.sent += chunk.length;
      if (!more && !res.destroyed) await drained(res);
    }
    if (res.destroyed) return;
    res.end();
    transfer.completed = true;
  }
}

/** Resolves when the response can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

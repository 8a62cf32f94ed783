// FakeKling: a loopback HTTP server that speaks Kling AI's legacy /v1 API (JWT or API-key bearer auth,
// {code,message,request_id,data} envelopes, create/query tasks, custom elements) and POSTs callbacks
// to callback_url. Test controls live in this class; protocol handling is in routes.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkAuthorization } from './auth-check.ts';
import { headerRecord, parseJson, postCallback, readBody, sendBytes, sendJson, sendVideo } from '../fake-http.ts';
import { DEFAULT_VIDEO_BYTES, FakeVideo } from '../fake-video.ts';
import { findTask, route, type RouteState } from './routes.ts';
import { defaultFailureBody, envelope, legacyTaskData, newDesignCallback, signatureHeaders } from './wire.ts';
import type { KlingCallbackDelivery, KlingCallbackStyle, KlingCreate, KlingDeliveryStatus, KlingElementRecord, KlingEndpoint } from './types.ts';
import type { KlingInjected, KlingQueryCounts, KlingReceived, KlingSigning, KlingStartOptions, KlingTaskRecord, SucceedOptions } from './types.ts';

/** Units per second by mode (as src/providers/kling/kling-cost.ts assumes), for default final_unit_deduction values. */
const UNITS_PER_SECOND: Record<string, number> = { std: 0.6, pro: 0.8, '4k': 3 };

export class FakeKling {
  readonly requests: KlingReceived[] = [];
  readonly tasks = new Map<string, KlingTaskRecord>();
  readonly elements = new Map<number, KlingElementRecord>();
  readonly callbackDeliveries: KlingCallbackDelivery[] = [];
  readonly #server: Server;
  readonly #options: KlingStartOptions;
  readonly #state: RouteState;
  readonly #failures: KlingInjected[] = [];
  readonly #listeners = new Set<() => void>();
  #signing: KlingSigning | null;
  #style: KlingCallbackStyle = 'legacy';
  #origin = '';

  private constructor(options: KlingStartOptions) {
    this.#options = options;
    this.#signing = options.signing ?? null;
    let elementId = 860_000_000_000;
    this.#state = {
      tasks: this.tasks,
      elements: this.elements,
      origin: () => this.#origin,
      rejection: null,
      listFailure: null,
      nextElementId: () => ++elementId,
    };
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(options: KlingStartOptions): Promise<FakeKling> {
    const fake = new FakeKling(options);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = fake.#server.address() as AddressInfo; // a TCP listen always yields AddressInfo
    fake.#origin = `http://127.0.0.1:${String(port)}`;
    return fake;
  }

  /** What the bot gets as KLING_API_URL (the host, without /v1). */
  get url(): string {
    return this.#origin;
  }

  /** Create requests (valid or not), optionally for one endpoint, in arrival order. */
  createRequests(endpoint?: KlingEndpoint): KlingCreate[] {
    return this.requests.flatMap((r) => {
      const hit = /^\/v1\/videos\/(omni-video|text2video|image2video)$/.exec(r.path);
      const ep = hit?.[1] as KlingEndpoint | undefined;
      if (r.method !== 'POST' || !ep || (endpoint && ep !== endpoint) || typeof r.body !== 'object' || r.body === null) return [];
      return [{ endpoint: ep, body: r.body as Record<string, unknown>, headers: r.headers }];
    });
  }

  /** Resolves with the first create request matching `predicate`, already received or arriving later. */
  waitForCreate(predicate: (create: KlingCreate) => boolean = () => true, timeoutMs = 5_000): Promise<KlingCreate> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = this.createRequests().find(predicate);
        if (!hit) return;
        done();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        done();
        const seen = this.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)?.slice(0, 160) ?? ''}`).join('\n');
        reject(new Error(`FakeKling: no matching create within ${String(timeoutMs)} ms. Received:\n${seen || '(nothing)'}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
      };
      this.#listeners.add(check);
      check();
    });
  }

  /** A task by Kling's task_id or by our external_task_id. */
  task(id: string): KlingTaskRecord {
    const task = findTask(this.#state, id);
    if (!task) throw new Error(`FakeKling: no task ${id}`);
    return task;
  }

  /** The next API requests get these replies instead of normal processing, one per request, in order. */
  failNextRequests(replies: KlingInjected[] | 'drop-connection'): void {
    this.#failures.push(...(replies === 'drop-connection' ? ['drop-connection' as const] : replies));
  }

  /** Until called with null, valid creates are refused with this error code (HTTP status as Kling uses). */
  rejectWith(code: number | null, message?: string): void {
    this.#state.rejection = code === null ? null : { code, message };
  }

  /** Until called with null, every task-list query (GET /v1/videos/{endpoint}) gets this answer; single queries still work. */
  failListsWith(reply: { status: number; body?: unknown } | null): void {
    this.#state.listFailure = reply;
  }

  /** Task-list and single-task queries received so far (refused ones included, injected failures too). */
  queryCounts(): KlingQueryCounts {
    const counts: KlingQueryCounts = { list: 0, single: 0 };
    for (const r of this.requests) {
      const query = r.method === 'GET' ? /^\/v1\/videos\/(?:omni-video|text2video|image2video)(\/[^/]+)?$/.exec(r.path) : null;
      if (query) counts[query[1] ? 'single' : 'list']++;
    }
    return counts;
  }

  /** The video served at `url` (a result URL of this server), to compare with what a bot downloaded. */
  videoAt(url: string): FakeVideo | undefined {
    const taskId = URL.canParse(url) ? /^\/videos\/(\d+)\.mp4$/.exec(new URL(url).pathname)?.[1] : undefined;
    const task = taskId ? this.tasks.get(taskId) : undefined;
    return task?.status === 'succeed' ? new FakeVideo(task.taskId, task.videoBytes ?? this.#options.videoBytes ?? DEFAULT_VIDEO_BYTES) : undefined;
  }

  /** Signs callbacks (Standard Webhooks) from now on, correctly or not; null = unsigned. */
  signCallbacks(signing: KlingSigning | null): void {
    this.#signing = signing;
  }

  setCallbackStyle(style: KlingCallbackStyle): void {
    this.#style = style;
  }

  /** submitted → processing, with a callback. */
  progress(id: string): Promise<KlingDeliveryStatus[]> {
    return this.#move(this.task(id), 'processing', '', true);
  }

  /** Finishes a task with videos and units; queries show it, and the callback is POSTed. */
  succeed(id: string, options: SucceedOptions = {}): Promise<KlingDeliveryStatus[]> {
    const task = this.task(id);
    const duration = typeof task.body.duration === 'string' ? task.body.duration : '5';
    task.videos = options.videos ?? [{ id: `vid-${task.taskId}`, url: `${this.#origin}/videos/${task.taskId}.mp4`, duration }];
    const rate = UNITS_PER_SECOND[String(task.body.mode ?? 'pro')] ?? 0.8;
    const units = options.units ?? Math.round(rate * Number(duration) * 100) / 100;
    task.units = typeof units === 'number' ? String(units) : units;
    task.videoBytes = options.videoBytes;
    return this.#move(task, 'succeed', '', options.deliver ?? true);
  }

  fail(id: string, message: string, options: { deliver?: boolean } = {}): Promise<KlingDeliveryStatus[]> {
    return this.#move(this.task(id), 'failed', message, options.deliver ?? true);
  }

  /** Re-POSTs callbackDeliveries[index] (at-least-once delivery); records a new delivery. */
  async redeliver(index: number): Promise<KlingDeliveryStatus> {
    const previous = this.callbackDeliveries[index];
    if (!previous) throw new Error(`FakeKling.redeliver: no delivery #${String(index)}`);
    return this.#deliver(previous.url, previous.body);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  async #move(task: KlingTaskRecord, status: KlingTaskRecord['status'], message: string, deliver: boolean): Promise<KlingDeliveryStatus[]> {
    if (task.status === 'succeed' || task.status === 'failed') throw new Error(`FakeKling: task ${task.taskId} already finished (${task.status})`);
    task.status = status;
    task.statusMsg = message;
    task.updatedAt = Date.now();
    const url = task.body.callback_url;
    if (!deliver || typeof url !== 'string') return [];
    return [await this.#deliver(url, this.#style === 'new' ? newDesignCallback(task) : legacyTaskData(task))];
  }

  async #deliver(url: string, body: Record<string, unknown>): Promise<KlingDeliveryStatus> {
    const raw = JSON.stringify(body);
    const headers = this.#signing ? signatureHeaders(this.#signing, raw) : {};
    const status = await postCallback(url, raw, headers);
    this.callbackDeliveries.push({ url, body, headers, status });
    return status;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.#origin || 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      if ((method === 'GET' || method === 'HEAD') && /^\/(videos|elements)\//.test(url.pathname)) return this.#serveMedia(req, url.pathname, res);
      const raw = await readBody(req);
      const parsed = raw === '' ? { ok: true as const, value: undefined } : parseJson(raw);
      const auth = await checkAuthorization(req.headers.authorization, this.#options);
      const record: KlingReceived = {
        at: Date.now(),
        method,
        path: url.pathname,
        query: url.search,
        headers: headerRecord(req.headers),
        body: parsed.ok ? parsed.value : raw,
      };
      if (auth.ok && auth.jwt) record.jwt = auth.jwt;
      this.requests.push(record);
      for (const listener of [...this.#listeners]) listener();
      if (!auth.ok) return sendJson(res, 401, { code: auth.code, message: auth.message, request_id: 'fake-auth' });
      const failure = this.#failures.shift();
      if (failure === 'drop-connection') return void req.socket.destroy();
      if (failure !== undefined && failure !== 'drop-after-accept') return sendJson(res, failure.status, failure.body ?? defaultFailureBody(failure.status));
      if (!parsed.ok) return sendJson(res, 400, { code: 1200, message: 'request body is not valid JSON', request_id: 'fake' });
      const reply = route(this.#state, method, url.pathname, url.searchParams, parsed.value);
      if (failure === 'drop-after-accept') return void req.socket.destroy();
      sendJson(res, reply.status, reply.body);
    } catch (error) {
      sendJson(res, 500, envelope(null, 5000, error instanceof Error ? error.message : String(error)));
    }
  }

  #serveMedia(req: IncomingMessage, path: string, res: ServerResponse): void {
    const video = this.videoAt(`${this.#origin}${path}`);
    if (video) return sendVideo(req, res, video);
    const element = /^\/elements\/(\d+)\/[\w-]+\.png$/.exec(path);
    const body = element?.[1] ? this.elements.get(Number(element[1]))?.body : undefined;
    if (body && typeof body.element_frontal_image === 'string') return sendBytes(res, 'image/png', Buffer.from(body.element_frontal_image, 'base64'));
    sendJson(res, 404, { code: 1203, message: `no media at ${path}`, request_id: 'fake' });
  }
}

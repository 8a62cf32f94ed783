// FakeImini: a loopback HTTP server that speaks the imini aggregator's video API
// (POST {base}/v1/videos/generate, GET {base}/v1/videos/tasks/{task_id}, Bearer auth; https://docs.imini.ai/en/api-reference/videos/task-query)
// with tasks that move queued → processing → succeeded/failed on command or on a schedule.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, parseJson, sendBytes, sendJson, sendVideo } from '../fake-http.ts';
import { DEFAULT_VIDEO_BYTES, FakeVideo } from '../fake-video.ts';
import { makeJpeg } from '../images.ts';
import { createProblem } from './validate-create.ts';
import type { IminiInjectedFailure, IminiQuery, IminiReceived, IminiStartOptions, IminiTaskRecord, IminiVideo, JsonObject } from './types.ts';

const BASE = '/imini/router';
const COVER = makeJpeg(640, 360);

export class FakeImini {
  readonly received: IminiReceived[] = [];
  readonly tasks = new Map<string, IminiTaskRecord>();
  /** Every task query, in arrival order, with the status answered. */
  readonly queries: IminiQuery[] = [];

  readonly #server: Server;
  readonly #options: IminiStartOptions;
  readonly #failures: Array<{ on: 'create' | 'query'; failure: IminiInjectedFailure }> = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #listeners = new Set<() => void>();
  #nextId = 2042864638838083584n;
  #origin = '';

  private constructor(options: IminiStartOptions) {
    this.#options = options;
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(options: IminiStartOptions): Promise<FakeImini> {
    const fake = new FakeImini(options);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.#origin = `http://127.0.0.1:${String((fake.#server.address() as AddressInfo).port)}`; // TCP listen → AddressInfo
    return fake;
  }

  /** What the bot gets as IMINI_API_URL. */
  get url(): string {
    return `${this.#origin}${BASE}`;
  }

  /** Every create body received (valid, refused or failed on purpose), in arrival order. */
  createRequests(): JsonObject[] {
    return this.received.filter((r) => r.method === 'POST').map((r) => r.body as JsonObject);
  }

  /** Resolves with the first create body matching `predicate`, already received or arriving later. */
  waitForCreate(predicate: (body: JsonObject) => boolean = () => true, timeoutMs = 5_000): Promise<JsonObject> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.createRequests().find(predicate);
        if (hit) finish(() => resolve(hit));
      };
      const timer = setTimeout(
        () =>
          finish(() => reject(new Error(`FakeImini: no matching create within ${timeoutMs} ms; got ${JSON.stringify(this.createRequests()).slice(0, 2000)}`))),
        timeoutMs,
      );
      const finish = (then: () => void) => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        then();
      };
      this.#listeners.add(check);
      check();
    });
  }

  /** The created task whose request matches `predicate` (throws when there is none). */
  taskFor(predicate: (body: JsonObject) => boolean): IminiTaskRecord {
    const task = [...this.tasks.values()].find((t) => predicate(t.request));
    if (!task) throw new Error('FakeImini: no created task matches');
    return task;
  }

  /** The next create requests (or task queries, with `on: 'query'`) get these answers instead, in order. */
  failNextRequests(failures: IminiInjectedFailure[] | IminiInjectedFailure, options: { on?: 'create' | 'query' } = {}): void {
    for (const failure of Array.isArray(failures) ? failures : [failures]) this.#failures.push({ on: options.on ?? 'create', failure });
  }

  /** queued → processing → succeeded (with one default video). */
  advance(taskId: string): void {
    const task = this.#open(taskId);
    if (task.status === 'queued') task.status = 'processing';
    else this.succeed(taskId);
  }

  /** Finishes a task with one default video (served here, `videoBytes` long) or the given `videos`. */
  succeed(taskId: string, options: { videos?: IminiVideo[]; videoBytes?: number } = {}): IminiTaskRecord {
    const task = this.#open(taskId);
    task.videoBytes = options.videoBytes;
    const duration = typeof task.request.duration === 'number' ? task.request.duration : 5;
    task.videos = options.videos ?? [
      { url: `${this.#origin}/file/${taskId}.mp4`, width: 1280, height: 720, duration, cover_url: `${this.#origin}/file/${taskId}.jpg` },
    ];
    task.status = 'succeeded';
    task.completedAt = new Date().toISOString();
    return task;
  }

  fail(taskId: string, error: { code: string; message: string }): void {
    const task = this.#open(taskId);
    task.status = 'failed';
    task.error = error;
    task.completedAt = new Date().toISOString();
  }

  /** From now on the task answers 404 ("task_id missing or expired"). */
  expire(taskId: string): void {
    const task = this.tasks.get(taskId);
    if (!task) throw new Error(`FakeImini: no task ${taskId}`);
    task.expired = true;
  }

  /** The video served at `url` (a result URL of this server), to compare with what a bot downloaded. */
  videoAt(url: string): FakeVideo | undefined {
    const taskId = URL.canParse(url) ? /^\/file\/([^/]+)\.mp4$/.exec(new URL(url).pathname)?.[1] : undefined;
    const task = taskId ? this.tasks.get(taskId) : undefined;
    return task?.status === 'succeeded' ? new FakeVideo(task.taskId, task.videoBytes ?? this.#options.videoBytes ?? DEFAULT_VIDEO_BYTES) : undefined;
  }

  queriesFor(taskId: string): IminiQuery[] {
    return this.queries.filter((q) => q.taskId === taskId);
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  #open(taskId: string): IminiTaskRecord {
    const task = this.tasks.get(taskId);
    if (!task) throw new Error(`FakeImini: no task ${taskId}`);
    if (task.status === 'succeeded' || task.status === 'failed') throw new Error(`FakeImini: task ${taskId} already ${task.status}`);
    return task;
  }

  #create(request: JsonObject): IminiTaskRecord {
    const taskId = `task_${String(this.#nextId++)}`;
    const task: IminiTaskRecord = {
      taskId,
      request,
      status: 'queued',
      createdAt: new Date().toISOString(),
      completedAt: null,
      videos: null,
      error: null,
      expired: false,
    };
    this.tasks.set(taskId, task);
    const auto = this.#options.autoProgress;
    if (auto) {
      this.#later(auto.processingAfterMs, () => task.status === 'queued' && (task.status = 'processing'));
      if (auto.succeedAfterMs !== undefined) this.#later(auto.succeedAfterMs, () => task.status === 'processing' && this.succeed(taskId));
    }
    return task;
  }

  #later(ms: number, run: () => unknown): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if ((req.method === 'GET' || req.method === 'HEAD') && path.startsWith('/file/')) {
      if (path.endsWith('.jpg')) return sendBytes(res, 'image/jpeg', COVER);
      const video = this.videoAt(`${this.#origin}${path}`);
      return video ? sendVideo(req, res, video) : sendJson(res, 404, { error: { code: 'not_found', message: `no file at ${path}` } });
    }
    const raw = await readBody(req);
    const parsed = parseJson(raw);
    this.received.push({ at: Date.now(), method: String(req.method), path, authorization: req.headers.authorization, body: parsed.ok ? parsed.value : raw });
    for (const listener of [...this.#listeners]) listener();
    const query = /^\/imini\/router\/v1\/videos\/tasks\/([^/]+)$/.exec(path);
    const isCreate = req.method === 'POST' && path === `${BASE}/v1/videos/generate`;
    if (!isCreate && !(req.method === 'GET' && query))
      return sendJson(res, 404, { error: { code: 'not_found', message: `no route ${String(req.method)} ${path}` } });
    if (req.headers.authorization !== `Bearer ${this.#options.apiKey}`)
      return sendJson(res, 401, { error: { code: 'unauthorized', message: 'invalid API key' } });
    const index = this.#failures.findIndex((f) => f.on === (isCreate ? 'create' : 'query'));
    const failure = index === -1 ? undefined : this.#failures.splice(index, 1)[0]?.failure;
    if (failure === 'drop-connection') return void req.socket.destroy();
    if (failure !== undefined && failure !== 'drop-after-accept')
      return sendJson(res, failure.status, failure.body ?? { error: { code: `http_${failure.status}`, message: `injected ${failure.status}` } });
    if (query) return this.#answerQuery(decodeURIComponent(query[1] ?? ''), res);
    const problem = createProblem(parsed.ok ? parsed.value : undefined);
    if (problem) return sendJson(res, 400, { error: { code: 'invalid_parameter', message: problem } });
    const task = this.#create(parsed.ok ? (parsed.value as JsonObject) : {});
    if (failure === 'drop-after-accept') return void req.socket.destroy();
    sendJson(res, 200, { task_id: task.taskId, model: task.request.model, created_at: task.createdAt, request_id: crypto.randomUUID() });
  }

  #answerQuery(taskId: string, res: ServerResponse): void {
    const task = this.tasks.get(taskId);
    if (!task || task.expired) {
      this.queries.push({ taskId, at: Date.now(), status: 404 });
      return sendJson(res, 404, { error: { code: 'task_not_found', message: 'task_id does not exist or has expired' } });
    }
    this.queries.push({ taskId, at: Date.now(), status: 200 });
    sendJson(res, 200, {
      task_id: task.taskId,
      status: task.status,
      model: task.request.model,
      created_at: task.createdAt,
      completed_at: task.completedAt,
      videos: task.status === 'succeeded' ? task.videos : null,
      error: task.error,
      request_id: crypto.randomUUID(),
    });
  }
}

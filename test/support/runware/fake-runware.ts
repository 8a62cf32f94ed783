// FakeRunware: a loopback HTTP server that speaks Runware's REST task protocol (POST /v1, JSON array of
// tasks, Bearer auth) so the bot can be tested end to end. Test controls live in this class; protocol
// handling is in task-handlers.ts, wire shapes in responses.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { headerRecord, parseJson, postJson, putVideo, readBody, sendBytes, sendJson, sendVideo } from '../fake-http.ts';
import { DEFAULT_VIDEO_BYTES, FakeVideo } from '../fake-video.ts';
import { RequestHolds, type HeldRequests } from '../request-holds.ts';
import type { LoadedImage } from './media.ts';
import { buildResults, DEFAULT_PRICE_PER_SECOND, defaultFailureBody, describeReceived, durationOf } from './responses.ts';
import { failureErrorItem, numberResultsOf } from './responses.ts';
import { handleTasks, type HandlerState } from './task-handlers.ts';
import { isRecord, type JsonObject, type ReceivedRequest, type UploadRecord, type VideoTaskRecord } from './types.ts';
import type { AutoCompleteOptions, CompleteOptions, DeliveryStatus, FailOptions, InjectedFailure } from './types.ts';
import type { StartOptions, TaskError, VideoPut, VideoRejection, WebhookDelivery } from './types.ts';

export class FakeRunware {
  readonly received: ReceivedRequest[] = [];
  readonly videoTasks = new Map<string, VideoTaskRecord>();
  readonly uploads = new Map<string, UploadRecord>();
  readonly webhookDeliveries: WebhookDelivery[] = [];
  /** Every PUT of a result video to a task's `uploadEndpoint`, in order (failed ones too). */
  readonly videoPuts: VideoPut[] = [];

  readonly #server: Server;
  readonly #state: HandlerState;
  readonly #failures: InjectedFailure[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #listeners = new Set<() => void>();
  readonly #holds = new RequestHolds<unknown>();
  readonly #videos = new Map<string, FakeVideo>();
  readonly #videoBytes: number;
  readonly #images = new Map<string, LoadedImage>();
  readonly #videoUrlStyle: 'local' | 'runware';
  #auto: AutoCompleteOptions | null = null;
  #origin = '';

  private constructor(opts: StartOptions) {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#state = {
      apiKey: opts.apiKey,
      videoTasks: this.videoTasks,
      uploads: this.uploads,
      images: this.#images,
      origin: () => this.#origin,
      rejection: null,
      rejectionMatch: undefined,
      onAccepted: (taskUUID) => this.#scheduleAuto(taskUUID),
    };
    this.#videoUrlStyle = opts.videoUrlStyle ?? 'local';
    this.#videoBytes = opts.videoBytes ?? DEFAULT_VIDEO_BYTES;
  }

  static async start(opts: StartOptions): Promise<FakeRunware> {
    const fake = new FakeRunware(opts);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = fake.#server.address() as AddressInfo; // listen() on a TCP port always yields AddressInfo
    fake.#origin = `http://127.0.0.1:${String(port)}`;
    return fake;
  }

  /** What the bot gets as RUNWARE_API_URL. */
  get url(): string {
    return `${this.#origin}/v1`;
  }

  /** Every videoInference task object received (valid or not), in arrival order. */
  videoRequests(): JsonObject[] {
    return this.received.flatMap((r) =>
      Array.isArray(r.body) ? r.body.filter((t): t is JsonObject => isRecord(t) && t['taskType'] === 'videoInference') : [],
    );
  }

  /** Resolves with the first videoInference task matching `predicate`, already received or arriving later. */
  waitForVideoTask(predicate: (req: JsonObject) => boolean = () => true, timeoutMs = 5_000): Promise<JsonObject> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = this.videoRequests().find(predicate);
        if (!hit) return;
        done();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        done();
        const seen = describeReceived(this.received.map((r) => r.body));
        reject(new Error(`FakeRunware: no matching videoInference task within ${String(timeoutMs)} ms. Received:\n${seen}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
      };
      this.#listeners.add(check);
      check();
    });
  }

  /** Keeps POST /v1 requests whose parsed body matches waiting (received and recorded, not answered) until `release()`. */
  holdRequests(match: (body: unknown) => boolean): HeldRequests {
    return this.#holds.hold(match);
  }

  /** The next HTTP requests get these replies instead of normal processing, one per request, in order. */
  failNextRequests(responses: InjectedFailure[]): void {
    this.#failures.push(...responses);
  }

  /** Until called with null, valid videoInference tasks (matching `match`, default all) are rejected with this error. */
  rejectVideoTasksWith(error: VideoRejection | null, match?: (req: JsonObject) => boolean): void {
    this.#state.rejection = error;
    this.#state.rejectionMatch = error ? match : undefined;
  }

  /**
   * Finishes a task with its results. With an `uploadEndpoint` on the task, each video is first PUT
   * there (recorded in videoPuts, failures too); only then does getResponse show the results and the
   * webhook go out.
   */
  async completeTask(taskUUID: string, opts: CompleteOptions = {}): Promise<DeliveryStatus[]> {
    const record = this.#processingTask(taskUUID);
    const count = opts.count ?? numberResultsOf(record.request);
    const total = opts.cost ?? DEFAULT_PRICE_PER_SECOND * durationOf(record.request);
    const size = opts.videoBytes ?? this.#videoBytes;
    const results = buildResults(taskUUID, count, total, (videoUUID) => this.#videoUrl(videoUUID, size));
    record.status = 'uploading';
    const upload = record.request['uploadEndpoint'];
    if (typeof upload === 'string') {
      for (const item of results) {
        const video = new FakeVideo(item.videoUUID, size);
        this.videoPuts.push({ taskUUID, videoUUID: item.videoUUID, url: upload, bytes: size, status: await putVideo(upload, video) });
      }
    }
    record.results = results;
    record.status = 'success';
    const hook = record.request['webhookURL'];
    if (opts.deliver === false || typeof hook !== 'string') return [];
    const statuses: DeliveryStatus[] = [];
    for (const item of record.results) {
      statuses.push(await this.#deliver(hook, opts.shape === 'bare' ? item : { data: [item] }));
    }
    return statuses;
  }

  async failTask(taskUUID: string, error: TaskError, opts: FailOptions = {}): Promise<DeliveryStatus[]> {
    const record = this.#processingTask(taskUUID);
    record.status = 'error';
    record.error = { code: error.code, message: error.message };
    record.errorForm = opts.form ?? 'item';
    const hook = record.request['webhookURL'];
    if (opts.deliver === false || typeof hook !== 'string') return [];
    return [await this.#deliver(hook, { errors: [failureErrorItem(taskUUID, record)] })];
  }

  /** Re-POSTs webhookDeliveries[index] to the same URL (at-least-once delivery); records a new delivery. */
  async redeliver(index: number): Promise<DeliveryStatus> {
    const previous = this.webhookDeliveries[index];
    if (!previous) throw new Error(`FakeRunware.redeliver: no delivery #${String(index)} (have ${String(this.webhookDeliveries.length)})`);
    return this.#deliver(previous.url, previous.body);
  }

  /** When set, every videoInference accepted from now on is completed after delayMs. */
  autoComplete(opts: AutoCompleteOptions | null): void {
    this.#auto = opts;
  }

  async close(): Promise<void> {
    this.#holds.releaseAll();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  #processingTask(taskUUID: string): VideoTaskRecord {
    const record = this.videoTasks.get(taskUUID);
    if (!record) throw new Error(`FakeRunware: no accepted videoInference task ${taskUUID}`);
    if (record.status !== 'processing') throw new Error(`FakeRunware: task ${taskUUID} already finished (${record.status})`);
    return record;
  }

  /** The video served at `url` (a result videoURL of this server), to compare with what a bot downloaded. */
  videoAt(url: string): FakeVideo | undefined {
    return URL.canParse(url) ? this.#videos.get(new URL(url).pathname) : undefined;
  }

  #videoUrl(videoUUID: string, size: number): string {
    const path = `/video/os/test/${videoUUID}.mp4`;
    this.#videos.set(path, new FakeVideo(videoUUID, size));
    return this.#videoUrlStyle === 'runware' ? `https://vm.runware.ai${path}` : `${this.#origin}${path}`;
  }

  async #deliver(url: string, body: unknown): Promise<DeliveryStatus> {
    const status = await postJson(url, body);
    this.webhookDeliveries.push({ url, body, status });
    return status;
  }

  #scheduleAuto(taskUUID: string): void {
    const auto = this.#auto;
    if (!auto) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.videoTasks.get(taskUUID)?.status !== 'processing') return;
      const opts: CompleteOptions = { deliver: auto.deliver ?? true, shape: auto.shape ?? 'data', videoBytes: auto.videoBytes };
      this.completeTask(taskUUID, opts).catch(() => undefined); // delivery outcome is recorded in webhookDeliveries
    }, auto.delayMs);
    this.#timers.add(timer);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', this.#origin || 'http://127.0.0.1').pathname;
      if (req.method === 'GET' || req.method === 'HEAD') return this.#serveMedia(req, path, res);
      if (path !== '/v1' && path !== '/v1/') {
        return sendJson(res, 404, { errors: [{ code: 'notFound', message: `no route ${String(req.method)} ${path}` }] });
      }
      if (req.method !== 'POST') return sendJson(res, 405, { errors: [{ code: 'invalidRequest', message: 'use POST' }] });
      const raw = await readBody(req);
      const parsed = parseJson(raw);
      this.received.push({ at: Date.now(), headers: headerRecord(req.headers), body: parsed.ok ? parsed.value : raw });
      for (const listener of [...this.#listeners]) listener();
      const held = this.#holds.wait(parsed.ok ? parsed.value : raw);
      if (held) await held;
      const failure = this.#failures.shift();
      if (failure === 'drop-connection') return void req.socket.destroy();
      if (failure !== undefined && failure !== 'drop-after-accept') {
        return sendJson(res, failure.status, failure.body ?? defaultFailureBody(failure.status));
      }
      const reply = await handleTasks(this.#state, req.headers.authorization, parsed);
      if (failure === 'drop-after-accept') return void req.socket.destroy();
      sendJson(res, reply.status, reply.body);
    } catch (err) {
      sendJson(res, 500, { errors: [{ code: 'internalError', message: err instanceof Error ? err.message : String(err) }] });
    }
  }

  #serveMedia(req: IncomingMessage, path: string, res: ServerResponse): void {
    const video = this.#videos.get(path);
    if (video) return sendVideo(req, res, video);
    const image = this.#images.get(/^\/image\/([^/.]+)\.\w+$/.exec(path)?.[1] ?? '');
    if (image) return sendBytes(res, image.contentType, image.bytes);
    sendJson(res, 404, { errors: [{ code: 'notFound', message: `no media at ${path}` }] });
  }
}

import { randomUUID } from 'node:crypto';
import type { ModelCapabilities } from '../../domain/capabilities.ts';
import type { Cost } from '../../domain/cost.ts';
import type { ModelKey } from '../../domain/models.ts';
import type { ElementRef, ImageRef, VideoRequest, AnyVideoRequest } from '../../domain/request.ts';
import type { Task } from '../../domain/task.ts';
import type { RequestProblem } from '../../domain/problems.ts';
import { DEFAULT_RETRY, sendJson, withRetries, type RetryPolicy } from '../http-client.ts';
import type { CallbackInput, CallOptions, MediaAccess, SubmitContext, TaskUpdate, VideoProvider } from '../provider.ts';
import { ProviderError, kindFromStatus } from '../provider-error.ts';
import { extractErrors, runwareError } from './runware-errors.ts';
import { estimateRunwareCost } from './runware-prices.ts';
import { buildVideoInference, type RunwareImages, type RunwareTask } from './runware-request.ts';
import { runwareItems, runwareUpdates } from './runware-response.ts';
import { RUNWARE_LABEL, runwareCapabilities, runwareProblems } from './runware-rules.ts';
import { runwareEnvelopeSchema } from './runware-wire.ts';

export interface RunwareOptions {
  apiKey: string;
  apiUrl: string;
  retry?: RetryPolicy;
  onRetry?: (taskId: string, error: ProviderError, attempt: number) => void;
}

/** getResponse tasks sent in one request of a poll round. */
export const POLL_BATCH_SIZE = 50;

/**
 * Runware's task API over REST (https://runware.ai/docs/en/getting-started/how-to-connect): one
 * endpoint taking an array of tasks, results by webhook (https://runware.ai/docs/platform/webhooks)
 * or by `getResponse` (https://runware.ai/docs/platform/task-polling).
 */
export class RunwareProvider implements VideoProvider {
  readonly name = 'runware';
  readonly label = RUNWARE_LABEL;
  readonly delivery = 'callback' as const;
  readonly #options: RunwareOptions;
  readonly #retry: RetryPolicy;

  constructor(options: RunwareOptions) {
    this.#options = options;
    this.#retry = options.retry ?? DEFAULT_RETRY;
  }

  capabilities(model: ModelKey): ModelCapabilities {
    return runwareCapabilities(model);
  }

  unsupported(request: AnyVideoRequest): RequestProblem[] {
    return runwareProblems(request);
  }

  estimateCost(request: AnyVideoRequest): Cost {
    return estimateRunwareCost(request);
  }

  /** Runware keeps an output URL for `ttl` seconds when a task sets it; the bot sets none, and no default is documented. */
  resultExpiry(_task: Task, _completedAt: number): number | undefined {
    return undefined;
  }

  async createElement(element: ElementRef, media: MediaAccess, options: CallOptions = {}): Promise<string> {
    // Runware keeps elements by an id the caller chooses; its images are uploaded now so later
    // requests send imageUUIDs, never Discord URLs.
    if (element.frontal) await this.#imageInput(element.frontal, media, options.signal);
    for (const image of element.images ?? []) await this.#imageInput(image, media, options.signal);
    return `el-${randomUUID()}`;
  }

  async submit(task: Task, ctx: SubmitContext): Promise<{ providerTaskId: string }> {
    const request = task.request;
    const signal = ctx.signal;
    const upload = (ref: ImageRef) => this.#imageInput(ref, ctx.media, signal);
    const images: RunwareImages = {
      first: request.firstFrame ? await upload(request.firstFrame) : undefined,
      last: request.lastFrame ? await upload(request.lastFrame) : undefined,
      references: await Promise.all((request.referenceImages ?? []).map(upload)),
      elements: await Promise.all(
        (request.elements ?? []).map(async (element) => ({
          frontal: element.frontal ? await upload(element.frontal) : undefined,
          images: await Promise.all((element.images ?? []).map(upload)),
        })),
      ),
    };
    const body = buildVideoInference(task, images, { webhookURL: ctx.callbackUrl, uploadEndpoint: ctx.uploadUrl });
    let maybeSent = false;
    await withRetries(
      async () => {
        // A retry after an unanswered or 5xx attempt first asks whether that attempt landed:
        // the same taskUUID must never start a second paid generation.
        if (maybeSent && (await this.#isKnown(task.id, signal))) return;
        try {
          await this.#call([body], signal);
        } catch (error) {
          if (error instanceof ProviderError && error.retryable) maybeSent = true;
          throw error;
        }
      },
      this.#retry,
      { signal, onRetry: (error, attempt) => this.#options.onRetry?.(task.id, error, attempt) },
    );
    return { providerTaskId: task.id };
  }

  parseCallback(input: CallbackInput): TaskUpdate[] {
    const updates = runwareUpdates(input.body);
    if (updates.length === 0) throw new Error('Runware callback holds no task item');
    return updates;
  }

  /**
   * One getResponse request per POLL_BATCH_SIZE tasks, one after another. A batch that fails yields
   * no updates for its tasks; only when every batch failed is the first error thrown.
   */
  async poll(tasks: Task[], options: CallOptions = {}): Promise<TaskUpdate[]> {
    const updates: TaskUpdate[] = [];
    const errors: unknown[] = [];
    let batches = 0;
    for (let start = 0; start < tasks.length; start += POLL_BATCH_SIZE) {
      batches++;
      try {
        updates.push(...(await this.#pollBatch(tasks.slice(start, start + POLL_BATCH_SIZE), options.signal)));
      } catch (error) {
        if (options.signal?.aborted) throw error;
        errors.push(error);
      }
    }
    if (batches > 0 && errors.length === batches) throw errors[0];
    return updates;
  }

  async #pollBatch(tasks: Task[], signal: AbortSignal | undefined): Promise<TaskUpdate[]> {
    const body = tasks.map((task) => ({ taskType: 'getResponse', taskUUID: task.providerTaskId ?? task.id }));
    const response = await withRetries(() => this.#post(body, signal), this.#retry, { signal });
    if (response.status >= 400 && !hasTaskErrors(response.body)) throw this.#httpError(response.status, response.body);
    return runwareUpdates(response.body);
  }

  /** An image as Runware should receive it: an imageUUID from `imageUpload`, uploaded once and remembered. */
  async #imageInput(ref: ImageRef, media: MediaAccess, signal: AbortSignal | undefined): Promise<string> {
    const known = await media.providerCopy(ref, this.name);
    if (known) return known;
    const bytes = await media.read(ref);
    const dataUri = `data:${ref.contentType};base64,${Buffer.from(bytes).toString('base64')}`;
    const answer = await withRetries(() => this.#call([{ taskType: 'imageUpload', taskUUID: randomUUID(), image: dataUri }], signal), this.#retry, { signal });
    const imageUUID = runwareItems(answer).items.find((item) => item.imageUUID !== undefined)?.imageUUID;
    if (!imageUUID) throw new ProviderError({ kind: 'server', detail: 'Runware imageUpload answered without imageUUID', retryable: false });
    await media.rememberProviderCopy(ref, this.name, imageUUID);
    return imageUUID;
  }

  /**
   * Did an earlier, unanswered submit of this taskUUID land? True only when Runware shows the task,
   * false only when it says it does not know it; anything else (429, 5xx, auth) is thrown so the
   * check itself is retried rather than guessed.
   */
  async #isKnown(taskUUID: string, signal: AbortSignal | undefined): Promise<boolean> {
    const response = await this.#post([{ taskType: 'getResponse', taskUUID }], signal);
    const { items, errors } = runwareItems(response.body);
    if (items.some((i) => i.taskUUID === taskUUID)) return true;
    if (errors.some((e) => (e.taskUUID === undefined || e.taskUUID === taskUUID) && /notfound|not found/i.test(`${e.code} ${e.message}`))) return false;
    if (response.status >= 400) throw this.#httpError(response.status, response.body);
    throw new ProviderError({ kind: 'server', detail: `Runware getResponse for ${taskUUID} said neither found nor not found`, retryable: true });
  }

  /** POSTs tasks and returns the body, throwing a mapped ProviderError on any error answer. */
  async #call(tasks: RunwareTask[], signal: AbortSignal | undefined): Promise<unknown> {
    const response = await this.#post(tasks, signal);
    const errors = extractErrors(response.body);
    if (response.status >= 400 || errors.length > 0) throw this.#httpError(response.status, response.body);
    return response.body;
  }

  #post(tasks: RunwareTask[], signal: AbortSignal | undefined) {
    return sendJson('POST', this.#options.apiUrl, { headers: { authorization: `Bearer ${this.#options.apiKey}` }, body: tasks, signal });
  }

  #httpError(status: number, body: unknown): ProviderError {
    const first = extractErrors(body)[0];
    if (first) return runwareError(first, status >= 400 ? status : undefined);
    return new ProviderError({ kind: kindFromStatus(status), status, detail: `Runware HTTP ${status}` });
  }
}

/** An answer whose `errors[]` name tasks: per-task failures, not a failed request. */
function hasTaskErrors(body: unknown): boolean {
  const envelope = runwareEnvelopeSchema.safeParse(body);
  return envelope.success && envelope.data.errors.some((error) => error.taskUUID !== undefined);
}

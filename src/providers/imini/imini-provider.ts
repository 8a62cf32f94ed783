import { capabilityProblems, type ModelCapabilities } from '../../domain/capabilities.ts';
import type { Cost } from '../../domain/cost.ts';
import type { ModelKey } from '../../domain/models.ts';
import type { ImageRef, VideoRequest, AnyVideoRequest } from '../../domain/request.ts';
import type { Task } from '../../domain/task.ts';
import type { RequestProblem } from '../../domain/problems.ts';
import { DEFAULT_RETRY, sendJson, withRetries, type RetryPolicy } from '../http-client.ts';
import type { CallOptions, SubmitContext, TaskUpdate, VideoProvider } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { iminiHttpError } from './imini-errors.ts';
import { iminiImageUrl } from './imini-media.ts';
import { iminiEstimate, parseIminiPrices, type IminiPriceTable } from './imini-prices.ts';
import { buildIminiBody, iminiCapabilities, type IminiCreateBody } from './imini-request.ts';
import { createdTaskId, iminiTaskUpdate } from './imini-response.ts';

export interface IminiOptions {
  /** Base URL, e.g. https://openapi.imini.ai/imini/router (IMINI_API_URL). */
  apiUrl: string;
  apiKey: string;
  /** The IMINI_PRICES setting: 'model=usd_per_s[/usd_per_s_with_audio],…'. */
  prices: string;
  retry?: RetryPolicy;
  onRetry?: (taskId: string, error: ProviderError, attempt: number) => void;
}

/** Task queries in flight at once per poll round. */
const POLL_CONCURRENCY = 4;
const CREATE_TIMEOUT_MS = 60_000;
/** sendJson's message for a connection that was never opened: the request cannot have reached imini. */
const NEVER_CONNECTED = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|Connect Timeout/i;

/**
 * The imini aggregator's Kling models (https://docs.imini.ai/en/api-reference/videos/kling-v3-omni,
 * https://docs.imini.ai/en/api-reference/videos/kling-v3). Polling only: imini documents no callbacks.
 */
export class IminiProvider implements VideoProvider {
  readonly name = 'imini';
  readonly label = 'imini';
  readonly delivery = 'poll' as const;
  readonly #options: IminiOptions;
  readonly #retry: RetryPolicy;
  readonly #prices: IminiPriceTable;
  readonly #base: string;

  constructor(options: IminiOptions) {
    this.#options = options;
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#prices = parseIminiPrices(options.prices);
    this.#base = options.apiUrl.replace(/\/+$/, '');
  }

  capabilities(model: ModelKey): ModelCapabilities | undefined {
    return iminiCapabilities(model);
  }

  unsupported(request: AnyVideoRequest): RequestProblem[] {
    return capabilityProblems(this.capabilities(request.model), request, this.label);
  }

  estimateCost(request: AnyVideoRequest): Cost {
    return iminiEstimate(this.#prices, request);
  }

  /** imini says a task may expire (a 404 "missing or expired") but not when its video URLs stop working. */
  resultExpiry(_task: Task, _completedAt: number): number | undefined {
    return undefined;
  }

  parseCallback(): TaskUpdate[] {
    throw new Error('imini documents no callbacks: its tasks are polled (GET /v1/videos/tasks/{task_id})');
  }

  /**
   * Creates the task once. imini has no idempotency key and no way to look a task up by our id, so
   * an attempt that may have reached imini is never repeated:
   * - an answered 429/500/502/503 says the request failed (no task_id, nothing created): retried;
   * - a connection that was never opened (refused, DNS) cannot have created anything: retried;
   * - anything else without an answer (reset, dropped, timed out after sending) or a 504 may have
   *   created a task: not retried and not failed over (retryable false), reported as unreachable.
   *   At worst one video is lost; a second paid generation never happens.
   */
  async submit(task: Task, ctx: SubmitContext): Promise<{ providerTaskId: string }> {
    const request = task.request;
    const url = (ref: ImageRef) => iminiImageUrl(ref, ctx.media);
    const body = buildIminiBody(request, {
      first: request.firstFrame ? await url(request.firstFrame) : undefined,
      last: request.lastFrame ? await url(request.lastFrame) : undefined,
      references: await Promise.all((request.referenceImages ?? []).map(url)),
    });
    const signal = ctx.signal;
    const providerTaskId = await withRetries(() => this.#create(body, request, signal), this.#retry, {
      signal,
      onRetry: (error, attempt) => this.#options.onRetry?.(task.id, error, attempt),
    });
    return { providerTaskId };
  }

  /**
   * One GET per task, at most POLL_CONCURRENCY at once; no retries here (the shared poller backs
   * off per task). A task whose query failed gets no update; if every query failed, the first
   * error is thrown so the poller logs it.
   */
  async poll(tasks: Task[], options: CallOptions = {}): Promise<TaskUpdate[]> {
    const outcomes = await mapLimit(tasks, POLL_CONCURRENCY, (task) => this.#query(task, options.signal));
    const updates = outcomes.filter((o): o is TaskUpdate => o !== undefined && !(o instanceof ProviderError));
    const errors = outcomes.filter((o): o is ProviderError => o instanceof ProviderError);
    if (errors.length > 0 && errors.length === tasks.length) throw errors[0];
    return updates;
  }

  async #create(body: IminiCreateBody, request: VideoRequest, signal: AbortSignal | undefined): Promise<string> {
    const url = `${this.#base}/v1/videos/generate`;
    const response = await sendJson('POST', url, { headers: this.#auth(), body, timeoutMs: CREATE_TIMEOUT_MS, signal }).catch((error: unknown) => {
      throw signal?.aborted ? error : unansweredCreate(error);
    });
    if (response.status >= 300) throw iminiHttpError(response.status, response.body, request);
    const id = createdTaskId(response.body);
    if (!id) {
      throw new ProviderError({
        kind: 'server',
        status: response.status,
        retryable: false,
        detail: `imini answered ${response.status} to create without a task_id (the task may exist, not resubmitted)`,
      });
    }
    return id;
  }

  async #query(task: Task, signal: AbortSignal | undefined): Promise<TaskUpdate | ProviderError | undefined> {
    const id = task.providerTaskId ?? task.id;
    if (id === task.id) return unconfirmed(id);
    try {
      const response = await sendJson('GET', `${this.#base}/v1/videos/tasks/${encodeURIComponent(id)}`, { headers: this.#auth(), signal });
      if (response.status === 404) {
        return {
          kind: 'failed',
          providerTaskId: id,
          failure: { kind: 'not_found', userMessage: 'imini no longer knows this task (task missing or expired).', detail: `imini 404 for task ${id}` },
        };
      }
      if (response.status >= 300) return iminiHttpError(response.status, response.body, task.request);
      return iminiTaskUpdate(id, response.body, this.estimateCost(task.request));
    } catch (error) {
      if (signal?.aborted) throw error;
      return error instanceof ProviderError ? error : new ProviderError({ kind: 'unknown', detail: String(error) });
    }
  }

  #auth(): Record<string, string> {
    return { authorization: `Bearer ${this.#options.apiKey}` };
  }
}

/** A create without an HTTP answer: retryable only when the connection was never opened. */
function unansweredCreate(error: unknown): ProviderError {
  const detail = error instanceof Error ? error.message : String(error);
  if (NEVER_CONNECTED.test(detail)) return new ProviderError({ kind: 'network', code: 'NO_CONNECTION', detail, retryable: true });
  return new ProviderError({
    kind: 'network',
    code: 'NO_RESPONSE',
    retryable: false,
    detail: `${detail} — imini may have created the task; not resubmitted (imini has no idempotency key)`,
  });
}

/**
 * A task without an imini task_id (the bot stopped between sending it and storing the answer; the
 * poller's start-up check passes our own id). imini cannot be asked about it, so it is failed rather
 * than reported unknown: an unknown task would be submitted again, and might be paid twice.
 */
function unconfirmed(providerTaskId: string): TaskUpdate {
  return {
    kind: 'failed',
    providerTaskId,
    failure: {
      kind: 'network',
      userMessage:
        'The bot restarted while sending this to imini and cannot tell whether imini started it. It was not sent again, so it is not paid twice: please run it again.',
      detail: 'no imini task_id was stored for this task; not resubmitted',
    },
  };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index] as T); // index < items.length, so the item exists
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

import type { ModelCapabilities } from '../../domain/capabilities.ts';
import type { Cost } from '../../domain/cost.ts';
import type { ModelKey } from '../../domain/models.ts';
import type { AnyVideoRequest, ElementRef, VideoRequest } from '../../domain/request.ts';
import type { Task } from '../../domain/task.ts';
import type { RequestProblem } from '../../domain/validation.ts';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from '../http-client.ts';
import {
  CallbackRejected,
  type CallbackInput,
  type MediaAccess,
  type ProviderElement,
  type SubmitContext,
  type TaskUpdate,
  type VideoProvider,
} from '../provider.ts';
import { ProviderError, userMessageFor } from '../provider-error.ts';
import { answerError, isSuccess, KlingApi } from './kling-api.ts';
import { KlingAuth } from './kling-auth.ts';
import { estimateKlingCost } from './kling-cost.ts';
import { createdElementId, elementBody, listedElements } from './kling-elements.ts';
import { BUSY_CODES, isDuplicateExternalId, isNotFoundAnswer } from './kling-errors.ts';
import { buildKlingBody, klingEndpoint, type KlingImages } from './kling-request.ts';
import { klingUpdate, readKlingTask } from './kling-response.ts';
import { KLING_LABEL, klingCapabilities, klingProblems } from './kling-rules.ts';
import { signatureProblem } from './kling-signature.ts';

export interface KlingOptions {
  apiUrl: string;
  accessKey?: string;
  secretKey?: string;
  apiKey?: string;
  /** Standard-Webhooks secret (`whsec_…`); when set, every callback must carry a valid signature. */
  webhookSecret?: string;
  /** USD value of one Kling unit (KLING_UNIT_PRICE_USD). */
  unitPriceUsd: number;
  retry?: RetryPolicy;
  onRetry?: (taskId: string, error: ProviderError, attempt: number) => void;
  /** Extra wait before retrying a 1302/1303/5xxx answer (Kling asks for ≥ 1 s back-off); default 2000 ms. */
  busyDelayMs?: number;
  /** Clock (ms), for tokens and signature windows. */
  now?: () => number;
}

/** Tasks polled at once; queries do not use Kling's concurrency slots but stay polite. */
const POLL_CONCURRENCY = 4;

/** Kling AI's own API, legacy `/v1` design (seed 004; providers.md §3). */
export class KlingProvider implements VideoProvider {
  readonly name = 'kling';
  readonly label = KLING_LABEL;
  readonly delivery = 'callback' as const;
  readonly #options: KlingOptions;
  readonly #retry: RetryPolicy;
  readonly #api: KlingApi;
  readonly #now: () => number;

  constructor(options: KlingOptions) {
    this.#options = options;
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#now = options.now ?? Date.now;
    this.#api = new KlingApi(options.apiUrl, new KlingAuth(options, this.#now));
  }

  capabilities(model: ModelKey): ModelCapabilities {
    return klingCapabilities(model);
  }

  unsupported(request: AnyVideoRequest): RequestProblem[] {
    return klingProblems(request);
  }

  estimateCost(request: AnyVideoRequest): Cost {
    return estimateKlingCost(request, this.#options.unitPriceUsd);
  }

  async submit(task: Task, ctx: SubmitContext): Promise<{ providerTaskId: string }> {
    const request = task.request;
    const base64 = async (ref: NonNullable<VideoRequest['firstFrame']>) => Buffer.from(await ctx.media.read(ref)).toString('base64');
    const images: KlingImages = {
      first: request.firstFrame ? await base64(request.firstFrame) : undefined,
      last: request.lastFrame ? await base64(request.lastFrame) : undefined,
      references: await Promise.all((request.referenceImages ?? []).map(base64)),
    };
    const elements = await Promise.all((request.elements ?? []).map((element) => this.#withKlingId(element, ctx.media)));
    const sendable: Task = elements.length > 0 ? { ...task, request: { ...request, elements } } : task;
    const endpoint = klingEndpoint(request);
    const body = buildKlingBody(sendable, images, ctx.callbackUrl);
    let maybeSent = false;
    let busy = false;
    await withRetries(
      async () => {
        if (busy) await sleep(this.#options.busyDelayMs ?? 2000);
        try {
          // external_task_id is unique per account: after an unanswered or 5xx attempt, ask before resending.
          if (maybeSent && (await this.#isKnown(endpoint, task.id))) return;
          const answer = await this.#api.send('POST', `/v1/videos/${endpoint}`, body).catch((error: unknown) => {
            maybeSent = true; // no answer at all: the task may have been created
            throw error;
          });
          if (isSuccess(answer)) return;
          if (maybeSent && isDuplicateExternalId(answer.envelope)) return;
          if (answer.status >= 500) maybeSent = true;
          throw answerError(answer);
        } catch (error) {
          busy = error instanceof ProviderError && error.code !== undefined && BUSY_CODES.has(Number(error.code));
          throw error;
        }
      },
      this.#retry,
      (error, attempt) => this.#options.onRetry?.(task.id, error, attempt),
    );
    return { providerTaskId: task.id };
  }

  parseCallback(input: CallbackInput): TaskUpdate[] {
    const secret = this.#options.webhookSecret;
    if (secret) {
      const problem = signatureProblem(secret, input.headers, input.rawBody, this.#now());
      if (problem) throw new CallbackRejected(`Kling callback signature: ${problem}`);
    }
    const state = readKlingTask(input.body);
    if (!state) throw new Error('Kling callback holds no task');
    const update = klingUpdate(state, this.#options.unitPriceUsd);
    return update ? [update] : [];
  }

  async poll(tasks: Task[]): Promise<TaskUpdate[]> {
    const updates: TaskUpdate[] = [];
    const errors: unknown[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let task = tasks[next++]; task; task = tasks[next++]) {
        try {
          const update = await withRetries(() => this.#query(task), this.#retry);
          if (update) updates.push(update);
        } catch (error) {
          errors.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(POLL_CONCURRENCY, tasks.length) }, worker));
    // One task's trouble must not hide the others' results; only a round where nothing answered fails.
    if (tasks.length > 0 && errors.length === tasks.length) throw errors[0];
    return updates;
  }

  async createElement(element: ElementRef, media: MediaAccess): Promise<string> {
    const body = await elementBody(element, media);
    const data = await withRetries(() => this.#api.call('POST', '/v1/general/custom-elements', body), this.#retry);
    const id = createdElementId(data);
    if (!id) throw new ProviderError({ kind: 'server', detail: 'Kling created an element but sent no element_id', retryable: false });
    return id;
  }

  async listElements(): Promise<ProviderElement[]> {
    const data = await withRetries(() => this.#api.call('GET', '/v1/general/custom-elements?pageNum=1&pageSize=100'), this.#retry);
    return listedElements(data);
  }

  /** The task's state, a not_found failure when Kling does not know it, or a thrown error. */
  async #query(task: Task): Promise<TaskUpdate | undefined> {
    const id = task.providerTaskId ?? task.id;
    const answer = await this.#api.send('GET', `/v1/videos/${klingEndpoint(task.request)}/${encodeURIComponent(id)}`);
    if (isSuccess(answer)) {
      const state = readKlingTask(answer.envelope.data);
      // Kling answers by its own id; the flow matches on ours.
      return state ? klingUpdate({ ...state, providerTaskId: id }, this.#options.unitPriceUsd) : undefined;
    }
    if (isNotFoundAnswer(answer.status, answer.envelope)) {
      const detail = `Kling does not know task ${id}: ${answer.envelope.message ?? `HTTP ${answer.status}`}`;
      return { kind: 'failed', providerTaskId: id, failure: { kind: 'not_found', userMessage: userMessageFor('not_found'), detail } };
    }
    throw answerError(answer);
  }

  /** True when Kling shows the task, false when it says it does not know it; anything else throws. */
  async #isKnown(endpoint: string, externalTaskId: string): Promise<boolean> {
    const answer = await this.#api.send('GET', `/v1/videos/${endpoint}/${encodeURIComponent(externalTaskId)}`);
    if (isSuccess(answer)) return true;
    if (isNotFoundAnswer(answer.status, answer.envelope)) return false;
    throw answerError(answer);
  }

  /** An element as Kling knows it: saved elements keep their id, others are registered first. */
  async #withKlingId(element: ElementRef, media: MediaAccess): Promise<ElementRef> {
    if (element.providerIds.kling) return element;
    const id = await this.createElement(element, media);
    return { ...element, providerIds: { ...element.providerIds, kling: id } };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

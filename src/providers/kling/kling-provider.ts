import { setTimeout as sleep } from 'node:timers/promises';
import type { ModelCapabilities } from '../../domain/capabilities.ts';
import type { Cost } from '../../domain/cost.ts';
import type { ModelKey } from '../../domain/models.ts';
import type { ElementRef, VideoRequest, AnyVideoRequest } from '../../domain/request.ts';
import type { Task } from '../../domain/task.ts';
import type { RequestProblem } from '../../domain/problems.ts';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from '../http-client.ts';
import {
  CallbackRejected,
  type CallbackInput,
  type CallOptions,
  type MediaAccess,
  type ProviderElement,
  type SubmitContext,
  type TaskUpdate,
  type VideoProvider,
} from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { answerError, isSuccess, KlingApi } from './kling-api.ts';
import { KlingAuth } from './kling-auth.ts';
import { estimateKlingCost } from './kling-cost.ts';
import { createdElementId, elementBody, listedElements } from './kling-elements.ts';
import { BUSY_CODES, isDuplicateExternalId, isNotFoundAnswer } from './kling-errors.ts';
import { KlingPollRound } from './kling-poll.ts';
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
  /** Tasks per page of the task list read when polling; default (and Kling's maximum) 500. */
  listPageSize?: number;
  /** Clock (ms), for tokens and signature windows. */
  now?: () => number;
}

/** Kling deletes generated videos 30 days after generation (Kling's API reference, Omni-Video query). */
const RESULT_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** List pages read per endpoint and poll round at most. */
const LIST_PAGE_CAP = 5;

/**
 * Kling AI's own API, legacy `/v1` design (https://app.klingai.com/global/dev/document-api/apiReference/commonInfo
 * and the Kling 3.0 pages of that reference).
 */
export class KlingProvider implements VideoProvider {
  readonly name = 'kling';
  readonly label = KLING_LABEL;
  readonly delivery = 'callback' as const;
  readonly #options: KlingOptions;
  readonly #retry: RetryPolicy;
  readonly #api: KlingApi;
  readonly #now: () => number;
  readonly #pollRound: KlingPollRound;

  constructor(options: KlingOptions) {
    this.#options = options;
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#now = options.now ?? Date.now;
    this.#api = new KlingApi(options.apiUrl, new KlingAuth(options, this.#now));
    this.#pollRound = new KlingPollRound(this.#api, {
      retry: this.#retry,
      unitPriceUsd: options.unitPriceUsd,
      pageSize: options.listPageSize ?? 500,
      pageCap: LIST_PAGE_CAP,
    });
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

  resultExpiry(_task: Task, completedAt: number): number {
    return completedAt + RESULT_LIFETIME_MS;
  }

  async submit(task: Task, ctx: SubmitContext): Promise<{ providerTaskId: string }> {
    const { request } = task;
    const signal = ctx.signal;
    const base64 = async (ref: NonNullable<VideoRequest['firstFrame']>) => Buffer.from(await ctx.media.read(ref)).toString('base64');
    const images: KlingImages = {
      first: request.firstFrame ? await base64(request.firstFrame) : undefined,
      last: request.lastFrame ? await base64(request.lastFrame) : undefined,
      references: await Promise.all((request.referenceImages ?? []).map(base64)),
    };
    const elements = await Promise.all((request.elements ?? []).map((element) => this.#withKlingId(element, ctx.media, signal)));
    const sendable: Task = elements.length > 0 ? { ...task, request: { ...request, elements } } : task;
    const endpoint = klingEndpoint(request);
    const body = buildKlingBody(sendable, images, ctx.callbackUrl);
    let maybeSent = false;
    let busy = false;
    await withRetries(
      async () => {
        if (busy) await sleep(this.#options.busyDelayMs ?? 2000, undefined, { signal });
        try {
          // external_task_id is unique per account: after an unanswered or 5xx attempt, ask before resending.
          if (maybeSent && (await this.#isKnown(endpoint, task.id, signal))) return;
          const answer = await this.#api.send('POST', `/v1/videos/${endpoint}`, { body, signal }).catch((error: unknown) => {
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
      { signal, onRetry: (error, attempt) => this.#options.onRetry?.(task.id, error, attempt) },
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

  /** One round: the task lists of the endpoints in use, then single queries for the rest (see KlingPollRound). */
  poll(tasks: Task[], options: CallOptions = {}): Promise<TaskUpdate[]> {
    return this.#pollRound.run(tasks, options.signal);
  }

  async createElement(element: ElementRef, media: MediaAccess, options: CallOptions = {}): Promise<string> {
    const { signal } = options;
    const body = await elementBody(element, media);
    const data = await withRetries(() => this.#api.call('POST', '/v1/general/custom-elements', { body, signal }), this.#retry, { signal });
    const id = createdElementId(data);
    if (!id) throw new ProviderError({ kind: 'server', detail: 'Kling created an element but sent no element_id', retryable: false });
    return id;
  }

  async listElements(options: CallOptions = {}): Promise<ProviderElement[]> {
    const { signal } = options;
    const data = await withRetries(() => this.#api.call('GET', '/v1/general/custom-elements?pageNum=1&pageSize=100', { signal }), this.#retry, { signal });
    return listedElements(data);
  }

  /** True when Kling shows the task, false when it says it does not know it; anything else throws. */
  async #isKnown(endpoint: string, externalTaskId: string, signal: AbortSignal | undefined): Promise<boolean> {
    const answer = await this.#api.send('GET', `/v1/videos/${endpoint}/${encodeURIComponent(externalTaskId)}`, { signal });
    if (isSuccess(answer)) return true;
    if (isNotFoundAnswer(answer.status, answer.envelope)) return false;
    throw answerError(answer);
  }

  /** An element as Kling knows it: saved elements keep their id, others are registered first. */
  async #withKlingId(element: ElementRef, media: MediaAccess, signal: AbortSignal | undefined): Promise<ElementRef> {
    if (element.providerIds.kling) return element;
    const id = await this.createElement(element, media, { signal });
    return { ...element, providerIds: { ...element.providerIds, kling: id } };
  }
}

import { randomUUID } from 'node:crypto';
import { capabilityProblems, type ModelCapabilities } from '../../domain/capabilities.ts';
import { modelInfo, type ModelKey } from '../../domain/models.ts';
import type { AnyVideoRequest, ElementRef, ImageRef } from '../../domain/request.ts';
import { estimateCost, type Cost } from '../../domain/cost.ts';
import type { Task } from '../../domain/task.ts';
import type { RequestProblem } from '../../domain/validation.ts';
import { DEFAULT_RETRY, sendJson, withRetries, type RetryPolicy } from '../http-client.ts';
import type { CallbackInput, MediaAccess, SubmitContext, TaskUpdate, VideoProvider } from '../provider.ts';
import { ProviderError, kindFromStatus } from '../provider-error.ts';
import { extractErrors, isObject, runwareError, str } from './runware-errors.ts';
import { buildVideoInference, isOmni, type RunwareImages, type RunwareTask } from './runware-request.ts';
import { runwareItems, runwareUpdates } from './runware-response.ts';

export interface RunwareOptions {
  apiKey: string;
  apiUrl: string;
  retry?: RetryPolicy;
  onRetry?: (taskId: string, error: ProviderError, attempt: number) => void;
}

/** Runware's task API over REST (../shared/docs/providers.md §1). */
export class RunwareProvider implements VideoProvider {
  readonly name = 'runware';
  readonly label = 'Runware';
  readonly delivery = 'callback' as const;
  readonly #options: RunwareOptions;
  readonly #retry: RetryPolicy;

  constructor(options: RunwareOptions) {
    this.#options = options;
    this.#retry = options.retry ?? DEFAULT_RETRY;
  }

  capabilities(model: ModelKey): ModelCapabilities {
    const omni = isOmni(model);
    return {
      text: true,
      firstFrame: true,
      lastFrame: true,
      elements: true,
      storyboard: true,
      intelligentShots: !omni,
      referenceImages: omni,
      referenceVideo: omni,
      audio: true,
      negativePrompt: !omni,
      maxVariants: 4,
    };
  }

  estimateCost(request: AnyVideoRequest): Cost {
    return estimateCost(request);
  }

  unsupported(request: AnyVideoRequest): RequestProblem[] {
    const problems = capabilityProblems(this.capabilities(request.model), request, this.label);
    // Model-page rule for Kling 3.0 (non-Omni): elements need frame images.
    if (request.elements?.length && !isOmni(request.model) && !request.firstFrame) {
      problems.push({ option: 'element', message: `needs a \`first_frame\` with ${modelInfo(request.model).label} on Runware (or use an Omni model)` });
    }
    return problems;
  }

  async createElement(element: ElementRef, media: MediaAccess): Promise<string> {
    // Runware keeps elements by an id the caller chooses; its images are uploaded now so later
    // requests send imageUUIDs, never Discord URLs.
    if (element.frontal) await this.#imageInput(element.frontal, media);
    for (const image of element.images ?? []) await this.#imageInput(image, media);
    return `el-${randomUUID()}`;
  }

  async submit(task: Task, ctx: SubmitContext): Promise<{ providerTaskId: string }> {
    const request = task.request;
    const upload = (ref: ImageRef) => this.#imageInput(ref, ctx.media);
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
    const body = buildVideoInference(task, images, ctx.callbackUrl);
    let maybeSent = false;
    await withRetries(
      async () => {
        // A retry after an unanswered or 5xx attempt first asks whether that attempt landed:
        // the same taskUUID must never start a second paid generation.
        if (maybeSent && (await this.#isKnown(task.id))) return;
        try {
          await this.#call([body]);
        } catch (error) {
          if (error instanceof ProviderError && error.retryable) maybeSent = true;
          throw error;
        }
      },
      this.#retry,
      (error, attempt) => this.#options.onRetry?.(task.id, error, attempt),
    );
    return { providerTaskId: task.id };
  }

  parseCallback(input: CallbackInput): TaskUpdate[] {
    const updates = runwareUpdates(input.body);
    if (updates.length === 0) throw new Error('Runware callback holds no task item');
    return updates;
  }

  async poll(tasks: Task[]): Promise<TaskUpdate[]> {
    if (tasks.length === 0) return [];
    const body = tasks.map((task) => ({ taskType: 'getResponse', taskUUID: task.providerTaskId ?? task.id }));
    const response = await withRetries(() => this.#post(body), this.#retry);
    if (response.status >= 400 && !hasTaskErrors(response.body)) throw this.#httpError(response.status, response.body);
    return runwareUpdates(response.body);
  }

  /** An image as Runware should receive it: an imageUUID from `imageUpload`, uploaded once and remembered. */
  async #imageInput(ref: ImageRef, media: MediaAccess): Promise<string> {
    const known = await media.providerCopy(ref, this.name);
    if (known) return known;
    const bytes = await media.read(ref);
    const dataUri = `data:${ref.contentType};base64,${Buffer.from(bytes).toString('base64')}`;
    const response = await withRetries(() => this.#call([{ taskType: 'imageUpload', taskUUID: randomUUID(), image: dataUri }]), this.#retry);
    const item = runwareItems(response).items.find((i) => typeof i.imageUUID === 'string');
    const imageUUID = item ? str(item.imageUUID) : undefined;
    if (!imageUUID) throw new ProviderError({ kind: 'server', detail: 'Runware imageUpload answered without imageUUID', retryable: false });
    await media.rememberProviderCopy(ref, this.name, imageUUID);
    return imageUUID;
  }

  /**
   * Did an earlier, unanswered submit of this taskUUID land? True only when Runware shows the task,
   * false only when it says it does not know it; anything else (429, 5xx, auth) is thrown so the
   * check itself is retried rather than guessed.
   */
  async #isKnown(taskUUID: string): Promise<boolean> {
    const response = await this.#post([{ taskType: 'getResponse', taskUUID }]);
    const { items, errors } = runwareItems(response.body);
    if (items.some((i) => i.taskUUID === taskUUID)) return true;
    if (errors.some((e) => (e.taskUUID === undefined || e.taskUUID === taskUUID) && /notfound|not found/i.test(`${e.code} ${e.message}`))) return false;
    if (response.status >= 400) throw this.#httpError(response.status, response.body);
    throw new ProviderError({ kind: 'server', detail: `Runware getResponse for ${taskUUID} said neither found nor not found`, retryable: true });
  }

  /** POSTs tasks and returns the body, throwing a mapped ProviderError on any error answer. */
  async #call(tasks: RunwareTask[]): Promise<unknown> {
    const response = await this.#post(tasks);
    const errors = extractErrors(response.body);
    if (response.status >= 400 || errors.length > 0) throw this.#httpError(response.status, response.body);
    return response.body;
  }

  #post(tasks: RunwareTask[]) {
    return sendJson('POST', this.#options.apiUrl, { headers: { authorization: `Bearer ${this.#options.apiKey}` }, body: tasks });
  }

  #httpError(status: number, body: unknown): ProviderError {
    const first = extractErrors(body)[0];
    if (first) return runwareError(first, status >= 400 ? status : undefined);
    return new ProviderError({ kind: kindFromStatus(status), status, detail: `Runware HTTP ${status}` });
  }
}

function hasTaskErrors(body: unknown): boolean {
  return isObject(body) && Array.isArray(body.errors) && body.errors.some((e) => isObject(e) && typeof e.taskUUID === 'string');
}

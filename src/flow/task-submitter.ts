import type { ImageRef } from '../domain/request.ts';
import type { Task } from '../domain/task.ts';
import { withFreshUrls, type UrlRefresher } from '../media/discord-url-freshness.ts';
import type { MediaAccess, VideoProvider } from '../providers/provider.ts';
import { ProviderError } from '../providers/provider-error.ts';
import type { StoredTask } from '../store/task-repository.ts';
import type { Completion } from './completion.ts';
import type { Admission, Started } from './orders.ts';
import type { FlowEvents } from './ports.ts';
import type { Logger } from '../logging/log.ts';
import type { PollPolicy } from './poll-policy.ts';
import type { ProviderRegistry } from './provider-registry.ts';

export interface SubmitterDeps {
  admission: Admission;
  providers: ProviderRegistry;
  completion: Completion;
  policy: PollPolicy;
  media: MediaAccess;
  /** Base of the public webhook URL; absent = the bot polls. */
  publicUrl?: string;
  /** Re-signs expired Discord attachment URLs (reference videos, element voices/videos) before a submit. */
  refreshUrls?: UrlRefresher;
  /** A presigned PUT URL for the provider to upload the video to (result storage), if any. */
  uploadUrlFor?: (task: Task) => Promise<string | undefined>;
  owner: string;
  leaseMs: number;
  events?: FlowEvents;
  log: Logger;
  now?: () => number;
}

/** Stores tasks before any provider call and submits each exactly once; fails over on transient errors. */
export class TaskSubmitter {
  readonly #deps: SubmitterDeps;
  readonly #now: () => number;

  constructor(deps: SubmitterDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Stores the task (price reserved, claimed by this process while it submits), then submits it. */
  async start(task: Task): Promise<Started> {
    const now = this.#now();
    const lease = { owner: this.#deps.owner, until: now + this.#deps.leaseMs };
    const admitted = await this.#deps.admission.admit(task, { dueAt: lease.until, lease });
    if (!admitted.ok) return admitted;
    await this.#deps.media
      .touch?.(imagesOf(task))
      .catch((error: unknown) => this.#deps.log.warn({ taskId: task.id, err: error }, 'could not mark the task’s images as used'));
    return { ok: true, task: await this.#submit(admitted.task) };
  }

  /**
   * A task stored but not confirmed as submitted (the process stopped in between): ask the provider
   * first, submit only if it has never seen the task.
   */
  async resume(task: StoredTask): Promise<StoredTask> {
    const provider = this.#deps.providers.get(task.provider);
    const updates = await provider.poll([{ ...task, providerTaskId: task.providerTaskId ?? task.id }]);
    const lost = updates.length === 0 || updates.every((u) => u.kind === 'failed' && u.failure.kind === 'not_found');
    if (!lost) return (await this.#deps.completion.submitted(task, task.providerTaskId ?? task.id)) ?? task;
    this.#deps.log.warn({ taskId: task.id }, 'task was stored but never reached the provider; submitting it now');
    return this.#submit(task);
  }

  callbackUrl(task: Task): string | undefined {
    const base = this.#deps.publicUrl;
    if (!base) return undefined;
    return `${base.replace(/\/+$/, '')}/webhooks/${task.provider}/${task.id}?token=${task.webhookToken}`;
  }

  async #submit(task: StoredTask): Promise<StoredTask> {
    const provider = this.#deps.providers.get(task.provider);
    try {
      // Reruns can come days later: the provider gets working URLs, the stored request keeps the originals.
      const request = await withFreshUrls(task.request, this.#deps.refreshUrls).catch((error: unknown) => {
        this.#deps.log.warn({ taskId: task.id, err: error }, 'could not refresh Discord attachment URLs; sending them as they are');
        return task.request;
      });
      const uploadUrl = await this.#deps.uploadUrlFor?.(task);
      const { providerTaskId } = await provider.submit({ ...task, request }, { callbackUrl: this.callbackUrl(task), media: this.#deps.media, uploadUrl });
      this.#deps.log.info({ taskId: task.id, provider: provider.name, providerTaskId, model: task.request.model }, 'task submitted');
      return (await this.#deps.completion.submitted(task, providerTaskId)) ?? task;
    } catch (error) {
      const mapped = error instanceof ProviderError ? error : new ProviderError({ kind: 'unknown', detail: String(error) });
      this.#deps.log.warn({ taskId: task.id, provider: provider.name, kind: mapped.kind, detail: mapped.message }, 'submit failed');
      this.#deps.events?.providerError?.(provider.name, mapped.kind);
      const next = mapped.retryable ? this.#deps.providers.alternativesFor(task)[0] : undefined;
      if (next) {
        const moved = await this.#failOver(task, provider, next);
        if (moved) return this.#submit(moved);
      }
      const failure = { kind: mapped.kind, userMessage: mapped.userMessage, detail: mapped.message };
      return (await this.#deps.completion.fail(task, failure)) ?? task;
    }
  }

  /** Moves the task to the next provider, priced again through the same rules as a first submit. */
  async #failOver(task: StoredTask, from: VideoProvider, to: VideoProvider): Promise<StoredTask | undefined> {
    const next: Task = { ...task, provider: to.name, failoverFrom: [...(task.failoverFrom ?? []), from.name], estimatedCost: to.estimateCost(task.request) };
    const moved = await this.#deps.admission.reprice(task, next);
    if (!moved.ok) {
      this.#deps.log.warn({ taskId: task.id, from: from.name, to: to.name, refusal: moved.refusal }, 'no failover: the other provider’s price is refused');
      return undefined;
    }
    this.#deps.log.warn({ taskId: task.id, from: from.name, to: to.name, price: next.estimatedCost.usd }, 'failing over to another provider');
    return moved.task;
  }
}

/** Every kept image a task uses: frames, references and its elements' images. */
function imagesOf(task: Task): ImageRef[] {
  const r = task.request;
  return [
    ...(r.firstFrame ? [r.firstFrame] : []),
    ...(r.lastFrame ? [r.lastFrame] : []),
    ...(r.referenceImages ?? []),
    ...(r.elements ?? []).flatMap((e) => [...(e.frontal ? [e.frontal] : []), ...(e.images ?? [])]),
  ];
}

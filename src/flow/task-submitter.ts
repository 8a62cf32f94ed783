import { randomBytes, randomUUID } from 'node:crypto';
import type { VideoRequest } from '../domain/request.ts';
import type { Origin, Task } from '../domain/task.ts';
import { validateRequest, type RequestProblem } from '../domain/validation.ts';
import { withFreshUrls, type UrlRefresher } from '../media/discord-url-freshness.ts';
import type { MediaAccess } from '../providers/provider.ts';
import { ProviderError } from '../providers/provider-error.ts';
import type { TaskStore } from '../store/task-store.ts';
import type { ProviderRegistry } from './provider-registry.ts';
import type { Logger } from './ports.ts';

export type Prepared = { ok: true; task: Task } | { ok: false; problems: RequestProblem[] };

export interface SubmitterDeps {
  store: TaskStore;
  providers: ProviderRegistry;
  media: MediaAccess;
  /** Base of the public webhook URL; absent = the bot polls. */
  publicUrl?: string;
  /** Re-signs expired Discord attachment URLs (reference videos, element voices/videos) before a submit. */
  refreshUrls?: UrlRefresher;
  maxVariants: number;
  log: Logger;
  now?: () => number;
}

/** Creates tasks, stores them before any provider call, and submits them exactly once. */
export class TaskSubmitter {
  readonly #deps: SubmitterDeps;
  readonly #now: () => number;

  constructor(deps: SubmitterDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Builds a task for a request and checks it; nothing is stored or spent yet. */
  prepare(request: VideoRequest, origin: Origin, options: { rerunOf?: string; provider?: string } = {}): Prepared {
    const providerName = options.provider ?? this.#deps.providers.defaultName;
    const provider = this.#deps.providers.get(providerName);
    const task: Task = {
      id: randomUUID(),
      request,
      origin,
      provider: providerName,
      webhookToken: randomBytes(24).toString('base64url'),
      status: 'pending',
      results: [],
      estimatedCost: provider.estimateCost(request),
      createdAt: this.#now(),
      rerunOf: options.rerunOf,
    };
    const problems = [...validateRequest(request, this.#deps.maxVariants), ...provider.unsupported(request)];
    return problems.length > 0 ? { ok: false, problems } : { ok: true, task };
  }

  /** The problems `prepare` would report, without building a task (for checks before acknowledging). */
  check(request: VideoRequest, provider?: string): RequestProblem[] {
    const prepared = this.prepare(request, { guildId: null, channelId: '', userId: '' }, { provider });
    return prepared.ok ? [] : prepared.problems;
  }

  /** Stores the task, then submits it. Resolves with the stored task: queued, or failed with a plain reason. */
  async start(task: Task): Promise<Task> {
    await this.#deps.store.create(task);
    return this.#submit(task);
  }

  /**
   * After a restart, a task stored but not confirmed as submitted: ask the provider first,
   * submit only if it has never seen the task.
   */
  async recover(task: Task): Promise<Task> {
    const provider = this.#deps.providers.get(task.provider);
    const updates = await provider.poll([{ ...task, providerTaskId: task.providerTaskId ?? task.id }]);
    const lost = updates.length === 0 || updates.every((u) => u.kind === 'failed' && u.failure.kind === 'not_found');
    if (!lost) {
      const stored = await this.#deps.store.update(task.id, (t) => ({
        ...t,
        providerTaskId: t.providerTaskId ?? t.id,
        submittedAt: t.submittedAt ?? this.#now(),
        status: 'queued',
      }));
      return stored ?? task;
    }
    this.#deps.log.warn({ taskId: task.id }, 'task was stored but never reached the provider; submitting it now');
    return this.#submit(task);
  }

  callbackUrl(task: Task): string | undefined {
    const base = this.#deps.publicUrl;
    if (!base) return undefined;
    return `${base.replace(/\/+$/, '')}/webhooks/${task.provider}/${task.id}?token=${task.webhookToken}`;
  }

  async #submit(task: Task): Promise<Task> {
    const provider = this.#deps.providers.get(task.provider);
    try {
      // Reruns can come days later: the provider gets working URLs, the stored request keeps the originals.
      const request = await withFreshUrls(task.request, this.#deps.refreshUrls).catch((error: unknown) => {
        this.#deps.log.warn({ taskId: task.id, err: error }, 'could not refresh Discord attachment URLs; sending them as they are');
        return task.request;
      });
      const { providerTaskId } = await provider.submit({ ...task, request }, { callbackUrl: this.callbackUrl(task), media: this.#deps.media });
      // A callback can land before this line runs: never move a task backwards.
      const stored = await this.#deps.store.update(task.id, (t) => ({
        ...t,
        providerTaskId,
        submittedAt: t.submittedAt ?? this.#now(),
        status: t.status === 'pending' ? 'queued' : t.status,
      }));
      this.#deps.log.info({ taskId: task.id, provider: provider.name, providerTaskId, model: task.request.model }, 'task submitted');
      return stored ?? task;
    } catch (error) {
      const mapped = error instanceof ProviderError ? error : new ProviderError({ kind: 'unknown', detail: String(error) });
      this.#deps.log.warn({ taskId: task.id, provider: provider.name, kind: mapped.kind, detail: mapped.message }, 'submit failed');
      const next = mapped.retryable ? this.#deps.providers.alternativesFor(task)[0] : undefined;
      if (next) {
        this.#deps.log.warn({ taskId: task.id, from: provider.name, to: next.name }, 'failing over to another provider');
        const moved = await this.#deps.store.update(task.id, (t) => ({
          ...t,
          provider: next.name,
          failoverFrom: [...(t.failoverFrom ?? []), provider.name],
          estimatedCost: next.estimateCost(t.request),
        }));
        if (moved) return this.#submit(moved);
      }
      const failure = { kind: mapped.kind, userMessage: mapped.userMessage, detail: mapped.message };
      const stored = await this.#deps.store.update(task.id, (t) => ({ ...t, status: 'failed', failure, completedAt: this.#now() }));
      return stored ?? task;
    }
  }
}

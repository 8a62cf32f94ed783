import { isTerminal, type Task } from '../domain/task.ts';
import { userMessageFor } from '../providers/provider-error.ts';
import type { TaskStore } from '../store/task-store.ts';
import type { Logger } from './ports.ts';
import type { ProviderRegistry } from './provider-registry.ts';
import type { TaskCompleter } from './task-completer.ts';
import type { TaskSubmitter } from './task-submitter.ts';

export interface PollerDeps {
  store: TaskStore;
  providers: ProviderRegistry;
  completer: TaskCompleter;
  submitter: TaskSubmitter;
  log: Logger;
  now?: () => number;
}

export interface PollerOptions {
  /** true: providers call back, polling is only a safety net; false: polling is how results arrive. */
  webhooks: boolean;
  pollIntervalMs: number;
  pollMaxIntervalMs: number;
  /** With webhooks: how long after submission (and how often) a task is polled anyway. */
  safetyPollMs: number;
  timeoutMs: number;
  tickMs: number;
  batchSize: number;
}

/**
 * One scheduler for every open task, whatever its provider: reconciles after a restart, polls
 * in batches with backoff (a hundred pending tasks are one timer and one request per provider per
 * round), fails tasks that run past the time-out, and retries outcomes that could not be posted.
 */
export class TaskPoller {
  readonly #deps: Required<PollerDeps>;
  readonly #options: PollerOptions;
  readonly #schedule = new Map<string, { at: number; intervalMs: number }>();
  /** Outcomes that could not be posted: retried with back-off (5 s doubling to 10 min). */
  readonly #redelivery = new Map<string, { at: number; intervalMs: number }>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(deps: PollerDeps, options: PollerOptions) {
    this.#deps = { ...deps, now: deps.now ?? Date.now };
    this.#options = options;
  }

  /** Reconciles every open task now (start-up), then keeps ticking. */
  async start(): Promise<void> {
    await this.runOnce(true);
    this.#timer = setInterval(() => void this.runOnce(false), this.#options.tickMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One round; overlapping calls share the round in progress. */
  runOnce(reconcile: boolean): Promise<void> {
    this.#running ??= this.#round(reconcile)
      .catch((error: unknown) => this.#deps.log.error({ err: error }, 'poll round failed'))
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  async #round(reconcile: boolean): Promise<void> {
    const now = this.#deps.now();
    const due = new Map<string, Task[]>();
    for (const task of await this.#deps.store.openTasks()) {
      if (isTerminal(task)) {
        await this.#retryDelivery(task.id, now);
      } else if (now - (task.submittedAt ?? task.createdAt) > this.#options.timeoutMs) {
        this.#deps.log.warn({ taskId: task.id }, 'task timed out');
        await this.#deps.completer.fail(task.id, { kind: 'timeout', userMessage: userMessageFor('timeout') });
        await this.#deps.completer.deliver(task.id);
      } else if (!task.submittedAt) {
        if (reconcile) await this.#recover(task);
      } else if (reconcile || this.#isDue(task, now)) {
        due.set(task.provider, [...(due.get(task.provider) ?? []), task]);
      }
    }
    for (const [provider, tasks] of due) {
      for (let i = 0; i < tasks.length; i += this.#options.batchSize) await this.#poll(provider, tasks.slice(i, i + this.#options.batchSize));
    }
  }

  async #retryDelivery(taskId: string, now: number): Promise<void> {
    const entry = this.#redelivery.get(taskId);
    if (entry && entry.at > now) return;
    if (await this.#deps.completer.deliver(taskId)) {
      this.#redelivery.delete(taskId);
      return;
    }
    const intervalMs = Math.min((entry?.intervalMs ?? 2500) * 2, 600_000);
    this.#redelivery.set(taskId, { at: now + intervalMs, intervalMs });
  }

  async #recover(task: Task): Promise<void> {
    try {
      const result = await this.#deps.submitter.recover(task);
      if (isTerminal(result)) await this.#deps.completer.deliver(task.id);
    } catch (error) {
      this.#deps.log.error({ taskId: task.id, err: error }, 'could not recover unsubmitted task; will retry at next start');
    }
  }

  async #poll(providerName: string, tasks: Task[]): Promise<void> {
    const provider = this.#deps.providers.get(providerName);
    try {
      const updates = await provider.poll(tasks);
      for (const task of tasks) {
        const id = task.providerTaskId ?? task.id;
        const mine = updates.filter((u) => u.providerTaskId === id);
        const stored = mine.length > 0 ? await this.#deps.completer.apply(task.id, mine) : task;
        if (stored && isTerminal(stored)) {
          this.#schedule.delete(task.id);
          await this.#deps.completer.deliver(task.id);
        } else {
          this.#backOff(task);
        }
      }
    } catch (error) {
      this.#deps.log.warn({ provider: providerName, tasks: tasks.map((t) => t.id), err: error }, 'poll failed; backing off');
      tasks.forEach((task) => this.#backOff(task));
    }
  }

  /** Callbacks carry this task's results (public URL set and the provider calls back): poll only as a safety net. */
  #byCallback(task: Task): boolean {
    return this.#options.webhooks && this.#deps.providers.has(task.provider) && this.#deps.providers.get(task.provider).delivery === 'callback';
  }

  #isDue(task: Task, now: number): boolean {
    const entry = this.#schedule.get(task.id);
    if (entry) return entry.at <= now;
    const first = this.#byCallback(task) ? this.#options.safetyPollMs : this.#options.pollIntervalMs;
    return (task.submittedAt ?? task.createdAt) + first <= now;
  }

  #backOff(task: Task): void {
    const previous = this.#schedule.get(task.id)?.intervalMs;
    const intervalMs = this.#byCallback(task)
      ? this.#options.safetyPollMs
      : Math.min(previous ? previous * 1.5 : this.#options.pollIntervalMs, this.#options.pollMaxIntervalMs);
    this.#schedule.set(task.id, { at: this.#deps.now() + intervalMs, intervalMs });
  }
}

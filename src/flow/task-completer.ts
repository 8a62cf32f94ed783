import { roundUsd, type Cost } from '../domain/cost.ts';
import { isTerminal, type Task, type TaskFailure, type TaskStatus, type VideoResult } from '../domain/task.ts';
import type { TaskUpdate } from '../providers/provider.ts';
import { KeyedLock } from '../store/keyed-lock.ts';
import type { TaskStore } from '../store/task-store.ts';
import type { EtaBook } from './eta-book.ts';
import type { Logger, TaskNotifier } from './ports.ts';

const STATUS_RANK: Record<TaskStatus, number> = { pending: 0, queued: 1, generating: 2, succeeded: 3, failed: 3 };

/** Applies provider updates to stored tasks (idempotently) and posts each outcome exactly once. */
export class TaskCompleter {
  readonly #store: TaskStore;
  readonly #notifier: TaskNotifier;
  readonly #eta: EtaBook;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #posting = new KeyedLock();
  readonly #inFlight = new Set<Promise<boolean>>();

  constructor(deps: { store: TaskStore; notifier: TaskNotifier; eta: EtaBook; log: Logger; now?: () => number }) {
    this.#store = deps.store;
    this.#notifier = deps.notifier;
    this.#eta = deps.eta;
    this.#log = deps.log;
    this.#now = deps.now ?? Date.now;
  }

  /** Durably records updates. Repeated or late deliveries for a finished task change nothing. */
  async apply(taskId: string, updates: TaskUpdate[]): Promise<Task | undefined> {
    return this.#store.update(taskId, (task) => (isTerminal(task) ? undefined : merge(task, updates, this.#now())));
  }

  async fail(taskId: string, failure: TaskFailure): Promise<Task | undefined> {
    return this.#store.update(taskId, (task) => {
      if (isTerminal(task)) return undefined;
      // A time-out after some variants arrived still reports what arrived.
      if (task.results.length > 0) return finish({ ...task, failure }, 'succeeded', this.#now());
      return finish({ ...task, failure }, 'failed', this.#now());
    });
  }

  /**
   * Posts the outcome of a finished task unless it is already in Discord. Safe to call any number
   * of times. Resolves false when it could not be delivered (the caller retries later).
   */
  deliver(taskId: string): Promise<boolean> {
    const delivery = this.#deliver(taskId);
    this.#inFlight.add(delivery);
    void delivery.finally(() => this.#inFlight.delete(delivery)).catch(() => undefined);
    return delivery;
  }

  /** Resolves when every delivery under way has finished (for a clean shutdown). */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #deliver(taskId: string): Promise<boolean> {
    return this.#posting.run(taskId, async () => {
      const task = await this.#store.get(taskId);
      if (!task || !isTerminal(task)) return false;
      if (task.resultMessageId) return true;
      let posted: { messageId: string; viaDm: boolean };
      try {
        posted = await this.#notifier.postOutcome(task);
      } catch (error) {
        this.#log.error({ taskId, err: error, results: task.results.map((r) => r.url) }, 'result could not be delivered; will retry');
        return false;
      }
      await this.#store.update(taskId, (t) => ({ ...t, resultMessageId: posted.messageId, deliveredByDm: posted.viaDm }));
      await this.#store.linkMessage(posted.messageId, taskId);
      await this.#store.close(taskId);
      this.#log.info(
        { taskId, status: task.status, messageId: posted.messageId, viaDm: posted.viaDm, results: task.results.map((r) => r.url) },
        'outcome delivered',
      );
      if (task.status === 'succeeded' && task.submittedAt && task.completedAt) {
        await this.#eta.record(task.request.model, task.request.duration, task.completedAt - task.submittedAt);
      }
      return true;
    });
  }
}

function merge(task: Task, updates: TaskUpdate[], now: number): Task | undefined {
  const mine = updates.filter((u) => u.providerTaskId === (task.providerTaskId ?? task.id));
  if (mine.length === 0) return undefined;
  let next: Task = task;
  let complete = false;
  let failure: TaskFailure | undefined;
  let providerCost: Cost | undefined;
  for (const update of mine) {
    if (update.kind === 'progress') {
      if (STATUS_RANK[update.status] > STATUS_RANK[next.status]) {
        next = { ...next, status: update.status, startedAt: next.startedAt ?? (update.status === 'generating' ? now : undefined) };
      }
    } else if (update.kind === 'results') {
      const fresh = update.results.filter((r) => !next.results.some((known) => known.id === r.id));
      if (fresh.length > 0) next = { ...next, results: [...next.results, ...fresh] };
      complete ||= update.complete;
      providerCost = update.cost ?? providerCost;
    } else {
      failure = update.failure;
    }
  }
  if (complete || next.results.length >= task.request.variants) {
    return finish({ ...next, cost: providerCost ?? costOf(next.results, task) }, 'succeeded', now);
  }
  if (failure) {
    const outcome = next.results.length > 0 ? 'succeeded' : 'failed';
    return finish({ ...next, failure, cost: next.results.length > 0 ? costOf(next.results, task) : undefined }, outcome, now);
  }
  return next === task ? undefined : next;
}

function finish(task: Task, status: 'succeeded' | 'failed', now: number): Task {
  return { ...task, status, completedAt: now, cost: task.cost ?? (status === 'succeeded' ? costOf(task.results, task) : undefined) };
}

/** The provider's reported cost when every result carries one, else the estimate for what arrived. */
function costOf(results: VideoResult[], task: Task): Cost {
  if (results.length > 0 && results.every((r) => typeof r.costUsd === 'number')) {
    return { usd: roundUsd(results.reduce((sum, r) => sum + (r.costUsd ?? 0), 0)), estimated: false };
  }
  const share = task.estimatedCost.usd / task.request.variants;
  return { usd: roundUsd(share * Math.max(results.length, 1)), estimated: true };
}

import { isTerminal, type Task, type TaskFailure } from '../domain/task.ts';
import type { TaskUpdate } from '../providers/provider.ts';
import { KeyedLock } from '../store/keyed-lock.ts';
import type { Schedule, StoredTask, TaskRepository } from '../store/task-repository.ts';
import type { EtaBook } from './eta-book.ts';
import type { PollPolicy } from './poll-policy.ts';
import type { Delivery, FlowEvents, TaskNotifier } from './ports.ts';
import type { Logger } from '../logging/log.ts';
import { COPY_RETRY_MS } from './copy-retry.ts';
import { failWith, mergeUpdates } from './task-merge.ts';

/** Side effects of a finished task (learning the ETA, settling spend), wired in the composition root. */
export interface FinishHook {
  name: string;
  run(task: StoredTask): Promise<void>;
}

export interface CompletionDeps {
  tasks: TaskRepository;
  notifier: TaskNotifier;
  eta: EtaBook;
  hooks: FinishHook[];
  /**
   * The write that finishes a task; by default a plain compare-and-set. The composition root makes
   * it settle the task's spending in the same transaction.
   */
  finishWrite?: (current: StoredTask, next: Task, schedule: Schedule) => Promise<StoredTask | undefined>;
  policy: PollPolicy;
  events?: FlowEvents;
  log: Logger;
  /** This process, as the holder of leases. */
  owner: string;
  /** How long a claim on a task's delivery lasts before another process may take it over. */
  leaseMs: number;
  now?: () => number;
}

/** How soon an outcome that could not be posted is tried again: 5 s, then half the time since the task finished, at most 10 minutes. */
const FIRST_REDELIVERY_MS = 5000;
/** How many delivered task ids a process keeps in mind (queued duplicate calls come within moments). */
const DELIVERED_REMEMBERED = 1000;
const MAX_REDELIVERY_MS = 600_000;

/**
 * The one completion path. `settle` applies provider updates (webhook, poll or submit) with
 * compare-and-set; when that finishes the task it runs the finish hooks and delivers the outcome,
 * once; when the stage changes it updates the status message.
 */
export class Completion {
  readonly #deps: CompletionDeps;
  readonly #now: () => number;
  readonly #posting = new KeyedLock();
  readonly #delivered = new Set<string>();
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(deps: CompletionDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /**
   * Applies updates to a task the caller has read (no second read unless another writer got there
   * first). Resolves once the change is stored; delivery and status edits follow in the background.
   */
  async settle(task: StoredTask, updates: TaskUpdate[]): Promise<StoredTask | undefined> {
    for (const update of updates) {
      if (update.anomalies?.length)
        this.#deps.log.warn({ taskId: task.id, provider: task.provider, anomalies: update.anomalies }, 'provider sent odd values; dropped them');
    }
    return this.#change(task, (current) => mergeUpdates(current, updates, this.#now()));
  }

  /** The provider accepted the task: it is queued, and first looked at when the poll policy says. */
  async submitted(task: StoredTask, providerTaskId: string): Promise<StoredTask | undefined> {
    let current: StoredTask | undefined = task;
    while (current) {
      const now = this.#now();
      // A callback can land before this write: never move a task backwards.
      const next: Task = {
        ...current,
        providerTaskId,
        submittedAt: current.submittedAt ?? now,
        status: current.status === 'pending' ? 'queued' : current.status,
      };
      const dueAt = isTerminal(current) ? undefined : this.#deps.policy.nextCheck(next, now);
      const stored = await this.#deps.tasks.replace(current, next, dueAt === undefined ? {} : { dueAt, lease: null });
      if (stored) {
        if (stored.status !== task.status && !isTerminal(stored)) this.#track(this.#showStage(stored));
        return stored;
      }
      current = await this.#deps.tasks.get(task.id);
    }
    return undefined;
  }

  /** Stores bookkeeping on a task (a notice sent); undefined when another writer changed it meanwhile. */
  async note(task: StoredTask, fields: Partial<Task>): Promise<StoredTask | undefined> {
    return this.#deps.tasks.replace(task, { ...task, ...fields });
  }

  /** Ends a task with a failure (time-out, submit error); what arrived before still counts. */
  async fail(task: StoredTask, failure: TaskFailure): Promise<StoredTask | undefined> {
    return this.#change(task, (current) => (isTerminal(current) ? undefined : failWith(current, failure, this.#now())));
  }

  /**
   * Posts the outcome of a finished task unless it is in Discord already. With `lookFirst` (any
   * attempt but the first right after the task finished) it first looks for a post an earlier
   * attempt made, so a crash between posting and recording never doubles it. Resolves false when it
   * could not be delivered (the task is due again soon).
   */
  deliver(task: StoredTask, options: { lookFirst: boolean }): Promise<boolean> {
    return this.#track(this.#posting.run(task.id, () => this.#deliver(task, options)));
  }

  /** Resolves when every delivery and status edit under way has finished. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** `idle()`, then writes what was learned about generation times (a clean shutdown). */
  async drain(): Promise<void> {
    await this.idle();
    await this.#deps.eta.flush().catch((error: unknown) => this.#deps.log.warn({ err: error }, 'estimates could not be written'));
  }

  async #change(task: StoredTask, change: (current: StoredTask) => Task | undefined): Promise<StoredTask | undefined> {
    let current: StoredTask | undefined = task;
    while (current) {
      const next = change(current);
      if (!next) return current;
      const finished = isTerminal(next);
      const now = this.#now();
      // The writer that finishes a task holds its delivery; if it dies, another process takes it over.
      const schedule = finished ? { lease: { owner: this.#deps.owner, until: now + this.#deps.leaseMs }, dueAt: now + this.#deps.leaseMs } : {};
      const write = finished && this.#deps.finishWrite ? this.#deps.finishWrite : (c: StoredTask, n: Task, s: Schedule) => this.#deps.tasks.replace(c, n, s);
      const stored = await write(current, next, schedule);
      if (stored) {
        this.#after(current, stored);
        return stored;
      }
      current = await this.#deps.tasks.get(task.id);
    }
    return undefined;
  }

  #after(before: StoredTask, after: StoredTask): void {
    if (isTerminal(after)) {
      this.#track(this.#finish(after));
    } else if (after.status !== before.status) {
      this.#track(this.#showStage(after));
    }
  }

  async #finish(task: StoredTask): Promise<void> {
    for (const hook of this.#deps.hooks) {
      try {
        await hook.run(task);
      } catch (error) {
        this.#deps.log.error({ taskId: task.id, hook: hook.name, err: error }, 'finish hook failed');
      }
    }
    await this.deliver(task, { lookFirst: false });
  }

  async #showStage(task: StoredTask): Promise<void> {
    const eta = await this.#deps.eta.estimate(task.request.model, task.request.duration);
    await this.#deps.notifier.showStatus(task, eta);
  }

  async #deliver(task: StoredTask, options: { lookFirst: boolean }): Promise<boolean> {
    // Calls queued behind this lock hold the task as read before the first one delivered it: this
    // process remembers what it delivered, so the hot path reads nothing again (other processes
    // are kept out by the delivery lease, and every later attempt looks in Discord first).
    if (task.resultMessageId || this.#delivered.has(task.id)) return true;
    const { notifier, log, tasks } = this.#deps;
    let delivery: Delivery | undefined;
    // A post can outlast the lease (a slow download or Discord): keep it, or another process posts too.
    const keepLease = setInterval(
      () => void tasks.renewLease(this.#deps.owner, task.id, this.#now() + this.#deps.leaseMs).catch(() => undefined),
      this.#deps.leaseMs / 3,
    );
    keepLease.unref();
    try {
      if (options.lookFirst) delivery = await notifier.findOutcome(task);
      if (delivery) log.info({ taskId: task.id, messageId: delivery.messageId }, 'outcome was already in Discord; recording it');
      delivery ??= await notifier.postOutcome(task);
    } catch (error) {
      log.error({ taskId: task.id, err: error, results: task.results.map((r) => r.url) }, 'result could not be delivered; will retry');
      const now = this.#now();
      const wait = Math.min(Math.max(FIRST_REDELIVERY_MS, (now - (task.completedAt ?? now)) / 2), MAX_REDELIVERY_MS);
      await tasks.reschedule(this.#deps.owner, [{ id: task.id, dueAt: now + wait }]);
      return false;
    } finally {
      clearInterval(keepLease);
    }
    const recorded = await this.#record(task, delivery);
    this.#remember(task.id);
    log.info(
      { taskId: task.id, status: task.status, messageId: delivery.messageId, viaDm: delivery.viaDm, results: task.results.map((r) => r.url) },
      'outcome delivered',
    );
    this.#deps.events?.delivered?.(task, delivery, this.#now() - (task.completedAt ?? this.#now()));
    await notifier.showStatus(recorded ?? task, undefined);
    return true;
  }

  /** Tasks this process delivered lately (a bounded set: the oldest go first). */
  #remember(taskId: string): void {
    this.#delivered.add(taskId);
    if (this.#delivered.size > DELIVERED_REMEMBERED) this.#delivered.delete(this.#delivered.values().next().value as string);
  }

  /** Stores the message id and its link; another writer in between (a late progress update) is merged. */
  async #record(task: StoredTask, delivery: Delivery): Promise<StoredTask | undefined> {
    let current: StoredTask | undefined = task;
    while (current && !current.resultMessageId) {
      const next = {
        ...current,
        resultMessageId: delivery.messageId,
        deliveredByDm: delivery.viaDm,
        results: delivery.results ?? current.results,
        copyPending: delivery.copyPending || undefined,
      };
      // A copy to storage still owed keeps the task due: the poller retries it in the background.
      const dueAt = delivery.copyPending ? this.#now() + COPY_RETRY_MS : null;
      const stored = await this.#deps.tasks.recordDelivery(current, next, { dueAt, lease: null });
      if (stored) return stored;
      current = await this.#deps.tasks.get(task.id);
    }
    return current;
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work)).catch(() => undefined);
    return work;
  }
}

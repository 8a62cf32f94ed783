import { isTerminal } from '../domain/task.ts';
import { ProviderError, userMessageFor } from '../providers/provider-error.ts';
import type { StoredTask, TaskRepository } from '../store/task-repository.ts';
import type { Completion } from './completion.ts';
import { keepCopies, type CopyVideos } from './copy-retry.ts';
import type { FlowEvents, TaskNotifier } from './ports.ts';
import type { Logger } from '../logging/log.ts';
import type { PollPolicy } from './poll-policy.ts';
import type { ProviderRegistry } from './provider-registry.ts';
import type { TaskSubmitter } from './task-submitter.ts';

export interface PollerDeps {
  tasks: TaskRepository;
  providers: ProviderRegistry;
  completion: Completion;
  submitter: TaskSubmitter;
  notifier: TaskNotifier;
  policy: PollPolicy;
  /** Copies videos to storage that could not be copied at delivery. */
  copy?: CopyVideos;
  events?: FlowEvents;
  log: Logger;
  /** This process, as the holder of claims. */
  owner: string;
  now?: () => number;
}

export interface PollerOptions {
  /** How often a round runs; every task that fell due since the last round is taken in this one. */
  roundMs: number;
  /** How long a claim lasts; a process that dies mid-claim loses its tasks to others after it. */
  leaseMs: number;
  /** Most tasks claimed per round. */
  claimLimit: number;
}

/**
 * One scheduler for every task with work due, whatever its provider and whichever process holds it:
 * each round claims the due tasks (leases in the store, so processes never share one), polls each
 * provider once for all of its tasks, fails tasks past the time-out, resumes tasks stored but never
 * submitted, and retries outcomes that could not be posted. One provider's trouble never holds up another's.
 */
export class TaskPoller {
  readonly #deps: PollerDeps;
  readonly #options: PollerOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(deps: PollerDeps, options: PollerOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#now = deps.now ?? Date.now;
  }

  /** Runs a round now (reconciling what an earlier run left), then one every `roundMs`. */
  async start(): Promise<void> {
    await this.runOnce();
    this.#timer = setInterval(() => void this.runOnce(), this.#options.roundMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One round; overlapping calls share the round in progress. */
  runOnce(): Promise<void> {
    this.#running ??= this.#round()
      .catch((error: unknown) => this.#deps.log.error({ err: error }, 'poll round failed'))
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  async #round(): Promise<void> {
    const now = this.#now();
    const { owner, tasks, policy, providers } = this.#deps;
    const claimed = await tasks.claimDue({ owner, now, dueBy: now, leaseUntil: now + this.#options.leaseMs, limit: this.#options.claimLimit });
    const byProvider = new Map<string, StoredTask[]>();
    for (const task of claimed) {
      if (task.resultMessageId && task.copyPending) await keepCopies(task, { tasks, notifier: this.#deps.notifier, copy: this.#deps.copy, now: this.#now });
      else if (task.resultMessageId) await tasks.reschedule(owner, [{ id: task.id, dueAt: null }]);
      else if (isTerminal(task)) await this.#redeliver(task);
      else if (policy.isTimedOut(task, now)) await this.#timeOut(task);
      else if (!providers.has(task.provider)) await this.#waitForProvider(task, now);
      else if (!task.submittedAt) await this.#resume(task);
      else byProvider.set(task.provider, [...(byProvider.get(task.provider) ?? []), task]);
    }
    // Providers are polled side by side; each one's failure stays its own.
    await Promise.all([...byProvider].map(([name, due]) => this.#poll(name, due)));
  }

  async #poll(providerName: string, due: StoredTask[]): Promise<void> {
    const { completion, log, owner, tasks, policy } = this.#deps;
    let updates;
    try {
      updates = await this.#deps.providers.get(providerName).poll(due);
    } catch (error) {
      log.warn({ provider: providerName, tasks: due.map((t) => t.id), err: error }, 'poll failed; backing off');
      this.#deps.events?.providerError?.(providerName, error instanceof ProviderError ? error.kind : 'unknown');
      await tasks.reschedule(
        owner,
        due.map((t) => ({ id: t.id, dueAt: policy.nextCheck(t, this.#now()) })),
      );
      return;
    }
    const later: Array<{ id: string; dueAt: number }> = [];
    for (const task of due) {
      const mine = updates.filter((u) => u.providerTaskId === (task.providerTaskId ?? task.id));
      const stored = mine.length > 0 ? await completion.settle(task, mine) : task;
      // A finished task is delivered by settle, under its own claim.
      if (stored && !isTerminal(stored)) later.push({ id: task.id, dueAt: policy.nextCheck(stored, this.#now()) });
    }
    await tasks.reschedule(owner, later);
  }

  /** A failed attempt frees the task and makes it due again, backing off with the time since it finished. */
  async #redeliver(task: StoredTask): Promise<void> {
    await this.#deps.completion.deliver(task, { lookFirst: true });
  }

  async #timeOut(task: StoredTask): Promise<void> {
    this.#deps.log.warn({ taskId: task.id }, 'task timed out');
    await this.#deps.completion.fail(task, { kind: 'timeout', userMessage: userMessageFor('timeout') });
  }

  async #resume(task: StoredTask): Promise<void> {
    try {
      await this.#deps.submitter.resume(task);
    } catch (error) {
      this.#deps.log.error({ taskId: task.id, err: error }, 'could not resume an unsubmitted task; will retry');
      await this.#deps.tasks.reschedule(this.#deps.owner, [{ id: task.id, dueAt: this.#deps.policy.nextCheck(task, this.#now()) }]);
    }
  }

  /** Its provider is no longer configured: tell the requester once, keep the task until it times out. */
  async #waitForProvider(task: StoredTask, now: number): Promise<void> {
    const { completion, log, notifier, owner, tasks, policy } = this.#deps;
    let current = task;
    if (current.waitingNoticeAt === undefined) {
      log.warn({ taskId: task.id, provider: task.provider }, 'task waits for a provider that is not configured');
      const noted = await completion.note(current, { waitingNoticeAt: now });
      if (noted) {
        current = noted;
        await notifier.tell(
          current,
          `your video is waiting: the bot is not set up for ${current.provider} right now. It goes on if ${current.provider} is configured again before it times out.`,
        );
      }
    }
    await tasks.reschedule(owner, [{ id: current.id, dueAt: Math.min(now + policy.times.pollMaxIntervalMs, policy.deadline(current) + 1) }]);
  }
}

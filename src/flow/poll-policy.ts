import type { Task } from '../domain/task.ts';
import type { ProviderRegistry } from './provider-registry.ts';

export interface PollTimes {
  /** true: providers call back, polling is only a safety net; false: polling is how results arrive. */
  webhooks: boolean;
  pollIntervalMs: number;
  pollMaxIntervalMs: number;
  /** With webhooks: how long after submission (and how often) a task is polled anyway. */
  safetyPollMs: number;
  timeoutMs: number;
}

/**
 * When a submitted task is looked at next. Stateless back-off: young tasks are polled every
 * interval, older ones less often (half their age, capped: about ×1.5 per poll), so no per-task state is kept.
 */
export class PollPolicy {
  readonly #times: PollTimes;
  readonly #providers: ProviderRegistry;

  constructor(times: PollTimes, providers: ProviderRegistry) {
    this.#times = times;
    this.#providers = providers;
  }

  get times(): PollTimes {
    return this.#times;
  }

  /** Results of this task arrive by callback (a public URL is set and its provider calls back). */
  byCallback(task: Task): boolean {
    return this.#times.webhooks && this.#providers.has(task.provider) && this.#providers.get(task.provider).delivery === 'callback';
  }

  deadline(task: Task): number {
    return (task.submittedAt ?? task.createdAt) + this.#times.timeoutMs;
  }

  isTimedOut(task: Task, now: number): boolean {
    return now > this.deadline(task);
  }

  nextCheck(task: Task, now: number): number {
    const { pollIntervalMs, pollMaxIntervalMs, safetyPollMs } = this.#times;
    const age = now - (task.submittedAt ?? task.createdAt);
    const wait = this.byCallback(task) ? safetyPollMs : Math.min(Math.max(pollIntervalMs, age / 2), pollMaxIntervalMs);
    // Never later than the time-out, so a task that hears nothing is failed on time.
    return Math.min(now + wait, this.deadline(task) + 1);
  }
}

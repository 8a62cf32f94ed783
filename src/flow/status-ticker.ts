import { isTerminal } from '../domain/task.ts';
import type { TaskStore } from '../store/task-store.ts';
import type { EtaBook } from './eta-book.ts';
import type { Logger, TaskNotifier } from './ports.ts';

/** Refreshes the progress line (elapsed, time left) of every running task at a modest rate. */
export class StatusTicker {
  readonly #deps: { store: TaskStore; notifier: TaskNotifier; eta: EtaBook; log: Logger; now: () => number };
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #busy = false;

  constructor(deps: { store: TaskStore; notifier: TaskNotifier; eta: EtaBook; log: Logger; now?: () => number }, intervalMs: number) {
    this.#deps = { ...deps, now: deps.now ?? Date.now };
    this.#intervalMs = intervalMs;
  }

  start(): void {
    this.#timer = setInterval(() => void this.tick(), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  async tick(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      for (const task of await this.#deps.store.openTasks()) {
        if (isTerminal(task) || !task.submittedAt || !task.origin.statusMessageId) continue;
        const eta = await this.#deps.eta.estimate(task.request.model, task.request.duration);
        await this.#deps.notifier.showStatus(task, eta, this.#deps.now());
      }
    } catch (error) {
      this.#deps.log.warn({ err: error }, 'status refresh failed');
    } finally {
      this.#busy = false;
    }
  }
}

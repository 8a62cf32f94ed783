import { isTerminal } from '../domain/task.ts';
import type { TaskStore } from '../store/task-store.ts';
import type { EtaBook } from './eta-book.ts';
import type { Logger, TaskNotifier } from './ports.ts';

/**
 * Refreshes the progress line (elapsed, time left) of running tasks at a modest rate. Discord
 * gives a bot about 50 requests a second in all, and results must not wait behind progress
 * lines: each round edits at most `maxEditsPerRound` status messages, longest-unrefreshed first.
 */
export class StatusTicker {
  readonly #deps: { store: TaskStore; notifier: TaskNotifier; eta: EtaBook; log: Logger; now: () => number };
  readonly #intervalMs: number;
  readonly #maxEdits: number;
  readonly #lastShown = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;

  constructor(deps: { store: TaskStore; notifier: TaskNotifier; eta: EtaBook; log: Logger; now?: () => number }, intervalMs: number, maxEditsPerRound = 10) {
    this.#deps = { ...deps, now: deps.now ?? Date.now };
    this.#intervalMs = intervalMs;
    this.#maxEdits = maxEditsPerRound;
  }

  start(): void {
    this.#timer = setInterval(() => void this.tick(), this.#intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and waits for a round under way. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#round;
  }

  tick(): Promise<void> {
    this.#round ??= this.#refresh().finally(() => {
      this.#round = undefined;
    });
    return this.#round;
  }

  async #refresh(): Promise<void> {
    try {
      const running = (await this.#deps.store.openTasks()).filter((t) => !isTerminal(t) && t.submittedAt && t.origin.statusMessageId);
      const live = new Set(running.map((t) => t.id));
      for (const id of this.#lastShown.keys()) if (!live.has(id)) this.#lastShown.delete(id);
      running.sort((a, b) => (this.#lastShown.get(a.id) ?? 0) - (this.#lastShown.get(b.id) ?? 0));
      for (const task of running.slice(0, this.#maxEdits)) {
        const eta = await this.#deps.eta.estimate(task.request.model, task.request.duration);
        const now = this.#deps.now();
        await this.#deps.notifier.showStatus(task, eta, now);
        this.#lastShown.set(task.id, now);
      }
    } catch (error) {
      this.#deps.log.warn({ err: error }, 'status refresh failed');
    }
  }
}

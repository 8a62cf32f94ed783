import type { Task } from '../domain/task.ts';

export interface Eta {
  /** Expected total generation time, learned from past tasks of the same model and duration. */
  expectedMs: number;
  /** How many finished tasks the figure comes from (0 = a first guess). */
  samples: number;
}

/** What the task flow needs from the chat side. Implemented by the Discord layer. */
export interface TaskNotifier {
  /** Shows the task's current state on its status message. Best effort: failures are logged, not thrown. */
  showStatus(task: Task, eta: Eta, now: number): Promise<void>;
  /**
   * Posts the final result or failure for the requester. Resolves with the message id and whether it
   * had to go by DM. Throws only if it could be delivered nowhere (it is retried later).
   */
  postOutcome(task: Task): Promise<{ messageId: string; viaDm: boolean }>;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

import type { Task, VideoResult } from '../domain/task.ts';

export interface Eta {
  /** Expected total generation time, learned from past tasks of the same model and duration. */
  expectedMs: number;
  /** How many finished tasks the figure comes from (0 = a first guess). */
  samples: number;
}

/** Where an outcome ended up in Discord. */
export interface Delivery {
  messageId: string;
  viaDm: boolean;
  /** The task's results with what the delivery learned (a permanent copy's URL), to store. */
  results?: VideoResult[];
  /** A copy to storage is still owed: the task stays due for a background retry. */
  copyPending?: boolean;
}

/** What the task flow needs from the chat side. Implemented by the Discord layer. */
export interface TaskNotifier {
  /** Shows the task's stage on its status message. Best effort: failures are logged, not thrown. */
  showStatus(task: Task, eta: Eta | undefined): Promise<void>;
  /**
   * Posts the final result or failure for the requester. Throws only if it could be delivered
   * nowhere (it is retried later).
   */
  postOutcome(task: Task): Promise<Delivery>;
  /**
   * Looks in Discord for an outcome of this task the bot already posted (a crash between posting and
   * recording it), so a retry never posts twice. Undefined when there is none.
   */
  findOutcome(task: Task): Promise<Delivery | undefined>;
  /** A short private-ish note to the requester about the task (best effort). */
  tell(task: Task, text: string): Promise<void>;
  /** Updates the posted result (a lasting copy of the video now exists). Best effort. */
  refreshOutcome?(task: Task): Promise<void>;
}

/** What the flow reports as it happens (metrics). Every method is optional to listen to. */
export interface FlowEvents {
  /** An outcome reached Discord; `sinceFinishedMs` from the task finishing (a webhook's arrival) to the post. */
  delivered?(task: Task, delivery: Delivery, sinceFinishedMs: number): void;
  /** A provider call failed, by failure class. */
  providerError?(provider: string, kind: string): void;
}

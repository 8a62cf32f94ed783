import type { Task } from '../domain/task.ts';
import type { Lease, StoredTask } from './task-rows.ts';

export type { Lease, StoredTask };

/** How a write schedules the task's next background step; omitted fields stay as they are. */
export interface Schedule {
  /** When the poller should look at the task next; null = nothing left to do. */
  dueAt?: number | null;
  /** Who holds the task's work now; null frees it. */
  lease?: Lease | null;
}

/** A member's tasks, newest first. */
export interface TaskPage {
  tasks: StoredTask[];
  total: number;
}

/**
 * Where tasks live, shaped by what the bot does with them. Every implementation passes
 * test/contract/task-repository.contract.ts. Promises:
 * - `create` stores a task before anything is submitted; ids are unique.
 * - `replace` is compare-and-set: it writes only if the task is still at the version the caller
 *   read, so two writers (two webhooks, a webhook and the poller, two processes) never lose an update.
 * - `claimDue` hands each due task to one claimant at a time, across processes, until its lease
 *   ends; a claimant that dies loses the claim when the lease expires.
 * - `recordDelivery` writes the result message id, the message → task link and the new schedule
 *   in one transaction.
 */
export interface TaskRepository {
  create(task: Task, schedule?: Schedule): Promise<StoredTask>;
  get(id: string): Promise<StoredTask | undefined>;
  /** Writes `next` if the stored task is still at `current.version`; undefined when another writer got there first. */
  replace(current: StoredTask, next: Task, schedule?: Schedule): Promise<StoredTask | undefined>;
  /**
   * Read-modify-write with compare-and-set, retried on conflict. `change` returns the new task, or
   * undefined to leave it as it is. Resolves with the task as stored afterwards.
   */
  update(id: string, change: (task: StoredTask) => Task | undefined, schedule?: Schedule): Promise<StoredTask | undefined>;
  /** Takes up to `limit` tasks due by `dueBy` whose lease is free or has ended, oldest due first. */
  claimDue(claim: { owner: string; now: number; dueBy: number; leaseUntil: number; limit: number }): Promise<StoredTask[]>;
  /** Extends this owner's lease on a task it is still working on; false when it no longer holds it. */
  renewLease(owner: string, id: string, until: number): Promise<boolean>;
  /** Sets the next due time of tasks this owner holds and frees them. */
  reschedule(owner: string, entries: Array<{ id: string; dueAt: number | null }>): Promise<void>;
  /**
   * Frees the leases of an owner (a clean shutdown), or of everyone (a single process starting), and
   * makes those tasks due by `dueAt` so whoever runs next takes them up at once.
   */
  releaseLeases(options: { owner?: string; dueAt: number }): Promise<number>;
  /**
   * Makes every task with work left due by `now`, except those another process holds: a process
   * starting reconciles what happened while nobody was looking (a callback lost, a post not recorded).
   * Resolves with how many tasks that concerns.
   */
  makeDue(now: number): Promise<number>;
  /** The outcome is in Discord: stores the message id and links the message to the task, atomically. */
  recordDelivery(current: StoredTask, next: Task, schedule: Schedule): Promise<StoredTask | undefined>;
  /** Links another message (a status message, a DM) to a task, for reactions and buttons. */
  linkMessage(messageId: string, taskId: string): Promise<void>;
  taskForMessage(messageId: string): Promise<StoredTask | undefined>;
  /** A member's tasks in a server (null = DMs), newest first. */
  memberTasks(guildId: string | null, userId: string, offset: number, limit: number): Promise<TaskPage>;
  /** Tasks of a server whose id starts with `prefix` (short ids in /jobs), newest first. */
  findByIdPrefix(guildId: string | null, prefix: string, limit: number): Promise<StoredTask[]>;
  /** How many tasks have no outcome in Discord yet. */
  countOpen(): Promise<number>;
  /** Deletes delivered tasks finished before `before` and their message links; resolves with how many. */
  pruneFinished(before: number): Promise<number>;
}

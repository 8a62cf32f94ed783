import type Keyv from 'keyv';
import type { Task } from '../domain/task.ts';
import { KeyedLock } from './keyed-lock.ts';

/**
 * Durable tasks in Keyv. Besides `task:<id>` it keeps:
 *   open          ids of tasks whose result is not yet in Discord (reconciled at start-up)
 *   msg:<id>      result/status message id → task id (reactions work on messages from before a restart)
 *   eta:<model>:<duration>  learned generation time
 *   jobs:<guild>:<user>  the user's task ids in that server, newest first (at most 500)
 * Writers to the same task are serialised with a per-task lock (callbacks can race).
 * Open tasks are also kept in memory (this process is the only writer), so the poller and the
 * status ticker, which look at them every second, cost no store reads.
 */
export class TaskStore {
  readonly #kv: Keyv;
  readonly #lock = new KeyedLock();
  #open: Map<string, Task> | undefined;

  constructor(kv: Keyv) {
    this.#kv = kv;
  }

  async get(id: string): Promise<Task | undefined> {
    return (await this.#kv.get<Task>(`task:${id}`)) ?? undefined;
  }

  /** Stores a new task, marks it open and adds it to the requester's job list. */
  async create(task: Task): Promise<void> {
    await this.#kv.set(`task:${task.id}`, task);
    const jobsKey = `jobs:${task.origin.guildId ?? 'dm'}:${task.origin.userId}`;
    await this.#lock.run(jobsKey, async () => {
      const jobs = (await this.#kv.get<string[]>(jobsKey)) ?? [];
      await this.#kv.set(jobsKey, [task.id, ...jobs.filter((id) => id !== task.id)].slice(0, 500));
    });
    await this.#lock.run('open', async () => {
      const open = await this.#openMap();
      if (open.has(task.id)) return;
      open.set(task.id, task);
      await this.#kv.set('open', [...open.keys()]);
    });
  }

  /**
   * Read-modify-write under the task's lock. `change` returns the new task, or undefined to leave it.
   * Resolves with the task as stored afterwards.
   */
  async update(id: string, change: (task: Task) => Task | undefined | Promise<Task | undefined>): Promise<Task | undefined> {
    return this.#lock.run(`task:${id}`, async () => {
      const current = await this.get(id);
      if (!current) return undefined;
      const next = await change(current);
      if (!next) return current;
      await this.#kv.set(`task:${id}`, next);
      if (this.#open?.has(id)) this.#open.set(id, next);
      return next;
    });
  }

  async close(id: string): Promise<void> {
    await this.#lock.run('open', async () => {
      const open = await this.#openMap();
      if (open.delete(id)) await this.#kv.set('open', [...open.keys()]);
    });
  }

  async openIds(): Promise<string[]> {
    return [...(await this.#openMap()).keys()];
  }

  async openTasks(): Promise<Task[]> {
    return [...(await this.#openMap()).values()];
  }

  /** The open tasks, read from the store once per process. */
  async #openMap(): Promise<Map<string, Task>> {
    if (!this.#open) {
      const ids = (await this.#kv.get<string[]>('open')) ?? [];
      const tasks = await Promise.all(ids.map((id) => this.get(id)));
      this.#open ??= new Map(tasks.filter((t): t is Task => t !== undefined).map((t) => [t.id, t]));
    }
    return this.#open;
  }

  /** A user's tasks in a server (null = DMs), newest first, for /jobs. */
  async recentTasks(guildId: string | null, userId: string, offset: number, limit: number): Promise<{ tasks: Task[]; total: number }> {
    const ids = (await this.#kv.get<string[]>(`jobs:${guildId ?? 'dm'}:${userId}`)) ?? [];
    const page = await Promise.all(ids.slice(offset, offset + limit).map((id) => this.get(id)));
    return { tasks: page.filter((t): t is Task => t !== undefined), total: ids.length };
  }

  async linkMessage(messageId: string, taskId: string): Promise<void> {
    await this.#kv.set(`msg:${messageId}`, taskId);
  }

  async taskForMessage(messageId: string): Promise<Task | undefined> {
    const id = await this.#kv.get<string>(`msg:${messageId}`);
    return id ? this.get(id) : undefined;
  }

  async getValue<T>(key: string): Promise<T | undefined> {
    return (await this.#kv.get<T>(key)) ?? undefined;
  }

  async setValue(key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.#kv.set(key, value, ttlMs);
  }
}

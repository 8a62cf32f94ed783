import type { Task } from '../domain/task.ts';
import type { TasksTable } from './schema.ts';

/** A task as the repository hands it out: the domain task plus its compare-and-set version. */
export type StoredTask = Task & { readonly version: number };

/** Who holds a task's work, until when (Unix ms). */
export interface Lease {
  owner: string;
  until: number;
}

/** The columns the store queries by, derived from the task; the task itself goes in `data`. */
export function taskColumns(task: Task): Omit<TasksTable, 'id' | 'due_at' | 'lease_owner' | 'lease_until' | 'version' | 'data'> {
  return {
    guild_id: task.origin.guildId,
    channel_id: task.origin.channelId,
    user_id: task.origin.userId,
    provider: task.provider,
    status: task.status,
    open: task.resultMessageId === undefined ? 1 : 0,
    created_at: task.createdAt,
    completed_at: task.completedAt ?? null,
  };
}

export function taskData(task: Task): string {
  const { version: _version, ...plain } = task as StoredTask;
  return JSON.stringify(plain);
}

export function storedTask(row: { data: string; version: number }): StoredTask {
  return { ...(JSON.parse(row.data) as Task), version: row.version };
}

import type { TaskStore } from '../store/task-store.ts';

/** That a task's result message was deleted with ❌, and by whom (stored on the task). */
export interface ResultDeletion {
  at: number;
  by: string;
  messageId: string;
}

export async function recordResultDeletion(store: TaskStore, taskId: string, deletion: ResultDeletion): Promise<void> {
  await store.update(taskId, (task) => ({ ...task, resultDeletedAt: deletion.at, resultDeletedBy: deletion.by }));
}

export async function resultDeletion(store: TaskStore, taskId: string): Promise<ResultDeletion | undefined> {
  const task = await store.get(taskId);
  if (!task?.resultDeletedAt || !task.resultDeletedBy || !task.resultMessageId) return undefined;
  return { at: task.resultDeletedAt, by: task.resultDeletedBy, messageId: task.resultMessageId };
}

/** Which of these tasks had their result deleted. */
export async function deletedTaskIds(store: TaskStore, taskIds: string[]): Promise<Set<string>> {
  const found = await Promise.all(taskIds.map(async (id) => ((await resultDeletion(store, id)) ? id : undefined)));
  return new Set(found.filter((id): id is string => id !== undefined));
}

import type { StoredTask, TaskRepository } from '../store/task-repository.ts';
import type { TaskNotifier } from './ports.ts';

/** Copies a delivered task's videos to storage: which were copied (result id → lasting URL), and whether to try again. */
export type CopyVideos = (task: StoredTask) => Promise<{ copied: Map<string, string>; retry: boolean }>;

/** First wait before a failed copy is tried again; it grows with the time since the task finished (capped at 6 h). */
export const COPY_RETRY_MS = 60_000;
const MAX_COPY_RETRY_MS = 6 * 60 * 60 * 1000;

/**
 * A delivered task still owes a copy of its video to storage (the copy failed at delivery): copy it
 * now; on success store the lasting links and update the posted message; on failure try again later,
 * with back-off. A failed copy never touched the result, which is already posted with the provider's link.
 */
export async function keepCopies(
  task: StoredTask,
  deps: { tasks: TaskRepository; notifier: TaskNotifier; copy?: CopyVideos; now: () => number },
): Promise<void> {
  if (!deps.copy) {
    await deps.tasks.update(task.id, (t) => ({ ...t, copyPending: undefined }), { dueAt: null, lease: null });
    return;
  }
  const outcome = await deps.copy(task);
  const now = deps.now();
  const results = task.results.map((r) => ({ ...r, archivedUrl: outcome.copied.get(r.id) ?? r.archivedUrl }));
  const again = outcome.retry ? now + Math.min(Math.max(COPY_RETRY_MS, (now - (task.completedAt ?? now)) / 2), MAX_COPY_RETRY_MS) : null;
  const stored = await deps.tasks.update(task.id, (t) => ({ ...t, results, copyPending: again ? true : undefined }), { dueAt: again, lease: null });
  if (stored && outcome.copied.size > 0) await deps.notifier.refreshOutcome?.(stored);
}

import type { Logger } from '../logging/log.ts';

export interface RetentionDeps {
  retentionDays: number;
  tasks: { pruneFinished(before: number): Promise<number> };
  media: { pruneUnused(before: number): Promise<number> };
  pending: { pruneExpired(before: number): Promise<void> };
  log: Logger;
}

/**
 * Deletes finished tasks and the images no task used within RETENTION_DAYS (a result can be rerun
 * until then), and confirmation prompts that expired. Spend records are kept.
 */
export async function pruneOld(deps: RetentionDeps, now = Date.now()): Promise<void> {
  const before = now - deps.retentionDays * 24 * 60 * 60 * 1000;
  try {
    const tasks = await deps.tasks.pruneFinished(before);
    const images = await deps.media.pruneUnused(before);
    await deps.pending.pruneExpired(now - 24 * 60 * 60 * 1000);
    if (tasks + images > 0) deps.log.info({ tasks, images, retentionDays: deps.retentionDays }, 'pruned old tasks and images');
  } catch (error) {
    deps.log.warn({ err: error }, 'pruning old tasks failed; will try again');
  }
}

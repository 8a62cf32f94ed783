import type { TaskUpdate } from '../provider.ts';
import { isObject, runwareError, str, toErrorItem, type RunwareErrorItem } from './runware-errors.ts';

/**
 * Every body shape Runware may send for a task response, as a webhook or from getResponse:
 * `{data:[item…]}`, `{data:item}`, a bare item, an array of items, `{errors:[…]}`, `{error:{…}}`
 * (providers.md §1.4: the exact webhook body is unconfirmed, so all are accepted).
 */
export function runwareItems(body: unknown): { items: Record<string, unknown>[]; errors: RunwareErrorItem[] } {
  const items: Record<string, unknown>[] = [];
  const errors: RunwareErrorItem[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!isObject(value)) return;
    if ('data' in value || 'errors' in value || ('error' in value && !('taskType' in value))) {
      visit(value.data);
      if (Array.isArray(value.errors)) errors.push(...value.errors.filter(isObject).map(toErrorItem));
      if (isObject(value.error)) errors.push({ ...toErrorItem(value.error), taskUUID: str(value.taskUUID) ?? str(value.error.taskUUID) });
      return;
    }
    if (typeof value.taskUUID === 'string') items.push(value);
  };
  visit(body);
  return { items, errors };
}

/** Turns task items into updates (one per result, progress or failure), skipping other task types. */
export function runwareUpdates(body: unknown): TaskUpdate[] {
  const { items, errors } = runwareItems(body);
  const updates: TaskUpdate[] = [];
  for (const item of items) {
    const taskUUID = str(item.taskUUID);
    if (!taskUUID || (item.taskType !== undefined && item.taskType !== 'videoInference' && item.taskType !== 'getResponse')) continue;
    const videoURL = str(item.videoURL);
    if (videoURL) {
      const cost = typeof item.cost === 'number' ? item.cost : undefined;
      updates.push({
        kind: 'results',
        providerTaskId: taskUUID,
        complete: false,
        results: [{ id: str(item.videoUUID) ?? videoURL, url: videoURL, costUsd: cost }],
      });
    } else if (item.status === 'error' || isObject(item.error)) {
      updates.push(failedUpdate(taskUUID, toErrorItem(item)));
    } else if (item.status === 'processing' || item.status === undefined) {
      const progress = typeof item.progress === 'number' ? item.progress : undefined;
      updates.push({ kind: 'progress', providerTaskId: taskUUID, status: 'generating', progress });
    }
  }
  for (const error of errors) {
    if (error.taskUUID) updates.push(failedUpdate(error.taskUUID, error));
  }
  return updates;
}

function failedUpdate(taskUUID: string, error: RunwareErrorItem): TaskUpdate {
  const mapped = runwareError(error);
  return { kind: 'failed', providerTaskId: taskUUID, failure: { kind: mapped.kind, userMessage: mapped.userMessage, detail: mapped.message } };
}

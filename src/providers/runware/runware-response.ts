import type { TaskFailure, VideoResult } from '../../domain/task.ts';
import type { TaskUpdate } from '../provider.ts';
import { userMessageFor } from '../provider-error.ts';
import { describeValue, plausibleAmount, webUrl, wireObject, withAnomalies } from '../wire-values.ts';
import { extractErrors, runwareError, toErrorItem, type RunwareErrorItem } from './runware-errors.ts';
import { runwareEnvelopeSchema, runwareItemSchema, type RunwareItem } from './runware-wire.ts';

/** Task types whose items describe a video task (a webhook echoes videoInference, a poll getResponse). */
const VIDEO_TASK_TYPES: ReadonlySet<string> = new Set(['videoInference', 'getResponse']);

/**
 * Every body shape Runware may send for a task response, as a webhook or from getResponse:
 * `{data:[item…]}`, `{data:item}`, a bare item, an array of items, `{errors:[…]}`, `{error:{…}}`.
 * The webhook body is not fully documented (https://runware.ai/docs/platform/webhooks says "the
 * complete task response"; https://github.com/Runware/sdk-python's README shows `{data:[…]}`),
 * so all of them are accepted.
 */
export function runwareItems(body: unknown): { items: RunwareItem[]; errors: RunwareErrorItem[] } {
  const items: RunwareItem[] = [];
  const errors: RunwareErrorItem[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    const object = wireObject.safeParse(value);
    if (!object.success) return;
    const record = object.data;
    if ('data' in record || 'errors' in record || ('error' in record && !('taskType' in record))) {
      visit(runwareEnvelopeSchema.parse(record).data);
      errors.push(...extractErrors(record));
      return;
    }
    const item = runwareItemSchema.safeParse(record);
    if (item.success) items.push(item.data);
  };
  visit(body);
  return { items, errors };
}

/** Turns task items into updates (one per result, progress or failure), skipping other task types. */
export function runwareUpdates(body: unknown): TaskUpdate[] {
  const { items, errors } = runwareItems(body);
  const updates: TaskUpdate[] = [];
  for (const item of items) {
    if (item.taskType !== undefined && !VIDEO_TASK_TYPES.has(item.taskType)) continue;
    const update = itemUpdate(item);
    if (update) updates.push(update);
  }
  for (const error of errors) {
    if (error.taskUUID) updates.push(failedUpdate(error.taskUUID, errorFailure(error), []));
  }
  return updates;
}

function itemUpdate(item: RunwareItem): TaskUpdate | undefined {
  const taskUUID = item.taskUUID;
  const anomalies: string[] = [];
  const hasVideoUrl = item.videoURL !== undefined && item.videoURL !== null && item.videoURL !== '';
  if (hasVideoUrl || item.status === 'success') {
    const result = videoResult(item, anomalies);
    if (result) return withAnomalies({ kind: 'results', providerTaskId: taskUUID, complete: false, results: [result] }, anomalies);
    const detail = `Runware reported video ${item.videoUUID ?? '(no videoUUID)'} of task ${taskUUID} done without a usable videoURL`;
    return failedUpdate(taskUUID, { kind: 'unknown', userMessage: userMessageFor('unknown'), detail }, anomalies);
  }
  if (item.status === 'error' || item.error !== undefined) return failedUpdate(taskUUID, errorFailure(toErrorItem(item)), anomalies);
  if (item.status === 'processing' || item.status === undefined) {
    const progress = plausibleProgress(item.progress, anomalies);
    return withAnomalies({ kind: 'progress', providerTaskId: taskUUID, status: 'generating', progress }, anomalies);
  }
  return undefined;
}

/** The item's video, without an odd cost; undefined when its URL is not a web URL. */
function videoResult(item: RunwareItem, anomalies: string[]): VideoResult | undefined {
  const label = `video ${item.videoUUID ?? '(no videoUUID)'}`;
  const url = webUrl(item.videoURL, `Runware videoURL of ${label}`, anomalies);
  if (!url) return undefined;
  const costUsd = plausibleAmount(item.cost, `Runware cost of ${label}`, anomalies);
  const unreadable = costUsd === undefined && item.cost !== undefined && item.cost !== null;
  return { id: item.videoUUID ?? url, url, ...(costUsd === undefined ? {} : { costUsd }), ...(unreadable ? { costUnreadable: true } : {}) };
}

/** `progress` is 0–100 when a model reports it; anything else is dropped. */
function plausibleProgress(value: unknown, anomalies: string[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && value >= 0 && value <= 100) return value;
  anomalies.push(`Runware progress ${describeValue(value)} dropped: not a number from 0 to 100`);
  return undefined;
}

function errorFailure(error: RunwareErrorItem): TaskFailure {
  const mapped = runwareError(error);
  return { kind: mapped.kind, userMessage: mapped.userMessage, detail: mapped.message };
}

function failedUpdate(taskUUID: string, failure: TaskFailure, anomalies: string[]): TaskUpdate {
  return withAnomalies({ kind: 'failed', providerTaskId: taskUUID, failure }, anomalies);
}

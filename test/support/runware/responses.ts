// Pure builders for Runware envelopes, result items and diagnostics.
import { randomInt, randomUUID } from 'node:crypto';
import { isRecord, type ApiErrorItem, type JsonObject, type TaskOutcome, type VideoResultItem, type VideoTaskRecord } from './types.ts';

/** USD per second used for default costs (Kling 3.0 Standard without audio, https://runware.ai/docs/models/klingai-video-3-0-standard). */
export const DEFAULT_PRICE_PER_SECOND = 0.084;

export function errorOutcome(error: ApiErrorItem, httpStatus = 400): TaskOutcome {
  return { data: [], errors: [error], httpStatus };
}

/** Body for an injected HTTP failure when the test gave none. */
export function defaultFailureBody(status: number): JsonObject {
  const code = status === 429 ? 'rateLimitExceeded' : status === 401 ? 'invalidApiKey' : status >= 500 ? 'serverError' : 'invalidRequest';
  return { errors: [{ code, message: `Injected HTTP ${String(status)} from FakeRunware` }] };
}

/** Combines per-task outcomes into one envelope: 200 if anything succeeded, else the first error's status. */
export function envelope(outcomes: TaskOutcome[]): { status: number; body: JsonObject } {
  const data = outcomes.flatMap((o) => o.data);
  const errors = outcomes.flatMap((o) => o.errors);
  if (errors.length === 0) return { status: 200, body: { data } };
  if (data.length === 0) {
    const status = outcomes.find((o) => o.errors.length > 0)?.httpStatus ?? 400;
    return { status, body: { errors } };
  }
  return { status: 200, body: { data, errors } };
}

export function numberResultsOf(request: JsonObject): number {
  const n = request['numberResults'];
  return typeof n === 'number' ? n : 1;
}

export function durationOf(request: JsonObject): number {
  const d = request['duration'];
  return typeof d === 'number' ? d : 5;
}

/**
 * One success item per result; `totalCost` is split evenly across them (rounded to 6 decimals, unless
 * rounding would overflow: a test's 1e305 is sent as 1e305).
 */
export function buildResults(taskUUID: string, count: number, totalCost: number, urlFor: (videoUUID: string) => string): VideoResultItem[] {
  const share = totalCost / count;
  const rounded = Math.round(share * 1e6) / 1e6;
  const each = Number.isFinite(rounded) ? rounded : share;
  return Array.from({ length: count }, () => {
    const videoUUID = randomUUID();
    return {
      taskType: 'videoInference',
      taskUUID,
      status: 'success',
      videoUUID,
      videoURL: urlFor(videoUUID),
      cost: each,
      seed: randomInt(1, 2 ** 31 - 1),
    };
  });
}

export function failureErrorItem(taskUUID: string, record: VideoTaskRecord): ApiErrorItem {
  const { code, message } = record.error ?? { code: 'unknownError', message: 'task failed' };
  return { code, message, taskType: 'videoInference', taskUUID, status: 'error' };
}

/** Answer to one getResponse task for the given video task record. */
export function getResponseOutcome(taskUUID: unknown, record: VideoTaskRecord | undefined): TaskOutcome {
  if (typeof taskUUID !== 'string' || taskUUID.length === 0) {
    return errorOutcome({ code: 'invalidParameter', message: 'taskUUID is required', parameter: 'taskUUID', taskType: 'getResponse' });
  }
  if (!record) {
    return errorOutcome({
      code: 'taskFailedOrNotFound',
      message: `Task ${taskUUID} failed or was not found`,
      taskType: 'getResponse',
      taskUUID,
    });
  }
  if (record.status === 'processing' || record.status === 'uploading') {
    return { data: [{ taskType: 'videoInference', taskUUID, status: 'processing' }], errors: [] };
  }
  if (record.status === 'success') return { data: [...record.results], errors: [] };
  const failure = failureErrorItem(taskUUID, record);
  if (record.errorForm === 'errors') return errorOutcome(failure);
  const item = { taskType: 'videoInference', taskUUID, status: 'error', error: { code: failure.code, message: failure.message } };
  return { data: [item], errors: [] };
}

function describeTask(task: unknown): string {
  if (!isRecord(task)) return JSON.stringify(task);
  const parts = [String(task['taskType']), String(task['taskUUID'])];
  if (task['taskType'] === 'videoInference') {
    parts.push(String(task['model']));
    if (task['width'] !== undefined) parts.push(`${String(task['width'])}x${String(task['height'])}`);
    if (task['duration'] !== undefined) parts.push(`${String(task['duration'])}s`);
    if (typeof task['positivePrompt'] === 'string') parts.push(JSON.stringify(task['positivePrompt'].slice(0, 60)));
  }
  return parts.join(' ');
}

/** Human-readable list of every task in every received body, for timeout messages. */
export function describeReceived(bodies: unknown[]): string {
  if (bodies.length === 0) return '(nothing received)';
  return bodies.map((body, i) => `#${String(i)}: ${Array.isArray(body) ? body.map(describeTask).join(' | ') : JSON.stringify(body)}`).join('\n');
}

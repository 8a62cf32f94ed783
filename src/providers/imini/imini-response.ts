import type { Cost } from '../../domain/cost.ts';
import type { VideoResult } from '../../domain/task.ts';
import type { TaskUpdate } from '../provider.ts';
import { iminiTaskFailure, isObject } from './imini-errors.ts';

const QUEUED = new Set(['queued', 'pending', 'submitted', 'waiting']);
const GENERATING = new Set(['processing', 'running', 'in_progress', 'generating']);
const SUCCEEDED = new Set(['succeeded', 'success', 'succeed', 'completed']);
const FAILED = new Set(['failed', 'failure', 'error', 'cancelled', 'canceled', 'expired']);

/** The body itself, or its `data` when imini wraps it (not documented, accepted anyway). */
function unwrap(body: unknown): Record<string, unknown> | undefined {
  if (!isObject(body)) return undefined;
  return isObject(body.data) && !('task_id' in body) ? body.data : body;
}

/** `task_id` of a create answer `{task_id, model, created_at, request_id}` (providers.md §2.3). */
export function createdTaskId(body: unknown): string | undefined {
  const record = unwrap(body);
  const id = record?.task_id ?? record?.id;
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : undefined;
}

/**
 * One task query answer → one update: queued → progress queued, processing → progress generating,
 * succeeded → every video with its cover as thumbnail (complete: imini never adds more) and `cost`
 * (imini reports none: the caller's estimate), failed → a failure classified from `error`.
 * Unknown statuses yield nothing (the poller asks again later).
 */
export function iminiTaskUpdate(providerTaskId: string, body: unknown, cost: Cost): TaskUpdate | undefined {
  const record = unwrap(body);
  if (!record) return undefined;
  const status = typeof record.status === 'string' ? record.status.toLowerCase() : '';
  if (QUEUED.has(status)) return { kind: 'progress', providerTaskId, status: 'queued' };
  if (GENERATING.has(status)) {
    const progress = typeof record.progress === 'number' ? record.progress : undefined;
    return { kind: 'progress', providerTaskId, status: 'generating', ...(progress === undefined ? {} : { progress }) };
  }
  if (SUCCEEDED.has(status)) {
    const results = videosOf(providerTaskId, record.videos);
    if (results.length === 0) {
      return {
        kind: 'failed',
        providerTaskId,
        failure: { ...iminiTaskFailure(record.error), detail: `imini task ${providerTaskId} succeeded without a video URL` },
      };
    }
    return { kind: 'results', providerTaskId, results, complete: true, cost };
  }
  if (FAILED.has(status)) return { kind: 'failed', providerTaskId, failure: iminiTaskFailure(record.error ?? `status ${status}`) };
  return undefined;
}

function videosOf(providerTaskId: string, videos: unknown): VideoResult[] {
  if (!Array.isArray(videos)) return [];
  const results: VideoResult[] = [];
  videos.forEach((video, index) => {
    if (!isObject(video) || typeof video.url !== 'string' || video.url === '') return;
    // No per-video id in the answer: task id + position is stable even if the CDN URL is re-signed.
    const result: VideoResult = { id: `${providerTaskId}#${index}`, url: video.url };
    if (typeof video.cover_url === 'string' && video.cover_url !== '') result.thumbnailUrl = video.cover_url;
    results.push(result);
  });
  return results;
}

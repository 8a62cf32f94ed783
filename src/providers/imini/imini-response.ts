import type { Cost } from '../../domain/cost.ts';
import type { VideoResult } from '../../domain/task.ts';
import type { TaskUpdate } from '../provider.ts';
import { webUrl, withAnomalies } from '../wire-values.ts';
import { iminiTaskFailure } from './imini-errors.ts';
import { createAnswerSchema, iminiVideoSchema, taskAnswerSchema, unwrapped } from './imini-wire.ts';

const QUEUED = new Set(['queued', 'pending', 'submitted', 'waiting']);
const GENERATING = new Set(['processing', 'running', 'in_progress', 'generating']);
const SUCCEEDED = new Set(['succeeded', 'success', 'succeed', 'completed']);
const FAILED = new Set(['failed', 'failure', 'error', 'cancelled', 'canceled', 'expired']);

/** `task_id` of a create answer `{task_id, model, created_at, request_id}` (see imini-wire.ts). */
export function createdTaskId(body: unknown): string | undefined {
  const parsed = createAnswerSchema.safeParse(unwrapped(body, 'task_id'));
  return parsed.success ? (parsed.data.task_id ?? parsed.data.id) : undefined;
}

/**
 * One task query answer → one update: queued → progress queued, processing → progress generating,
 * succeeded → every video with its cover as thumbnail (complete: imini never adds more) and `cost`
 * (imini reports none: the caller's estimate), failed → a failure classified from `error`.
 * Unknown statuses yield nothing (the poller asks again later).
 */
export function iminiTaskUpdate(providerTaskId: string, body: unknown, cost: Cost): TaskUpdate | undefined {
  const parsed = taskAnswerSchema.safeParse(unwrapped(body, 'task_id'));
  if (!parsed.success) return undefined;
  const answer = parsed.data;
  const status = answer.status.toLowerCase();
  if (QUEUED.has(status)) return { kind: 'progress', providerTaskId, status: 'queued' };
  if (GENERATING.has(status)) {
    const progress = typeof answer.progress === 'number' && answer.progress >= 0 && answer.progress <= 100 ? answer.progress : undefined;
    return { kind: 'progress', providerTaskId, status: 'generating', ...(progress === undefined ? {} : { progress }) };
  }
  if (SUCCEEDED.has(status)) {
    const anomalies: string[] = [];
    const results = videosOf(providerTaskId, answer.videos, anomalies);
    if (results.length === 0) {
      const failure = { ...iminiTaskFailure(answer.error), detail: `imini task ${providerTaskId} succeeded without a usable video URL` };
      return withAnomalies({ kind: 'failed', providerTaskId, failure }, anomalies);
    }
    return withAnomalies({ kind: 'results', providerTaskId, results, complete: true, cost }, anomalies);
  }
  if (FAILED.has(status)) return { kind: 'failed', providerTaskId, failure: iminiTaskFailure(answer.error ?? `status ${status}`) };
  return undefined;
}

function videosOf(providerTaskId: string, videos: unknown[], anomalies: string[]): VideoResult[] {
  return videos.flatMap((value, index) => {
    const video = iminiVideoSchema.safeParse(value);
    if (!video.success) return [];
    const url = webUrl(video.data.url, `imini video URL #${index}`, anomalies);
    if (!url) return [];
    // No per-video id in the answer: task id + position is stable even if the CDN URL is re-signed.
    const result: VideoResult = { id: `${providerTaskId}#${index}`, url };
    const thumbnailUrl = webUrl(video.data.cover_url, `imini cover_url #${index}`, anomalies);
    if (thumbnailUrl) result.thumbnailUrl = thumbnailUrl;
    return [result];
  });
}

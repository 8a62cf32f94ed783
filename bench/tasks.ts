// Realistic Task objects (as the bot stores them) and Runware-shaped webhook bodies for the bench.
import { randomBytes, randomUUID } from 'node:crypto';
import { estimateRunwareCost } from '../src/providers/runware/runware-prices.ts';
import type { VideoRequest } from '../src/domain/request.ts';
import type { Task } from '../src/domain/task.ts';
import { VIDEO_URL_PREFIX } from './rest-watch.ts';

const SUBJECTS = [
  'a slow pan across a misty valley at sunrise',
  'a knight walking through a burning village',
  'a paper boat drifting down a rainy street',
  'a close-up of a hummingbird at a red flower',
  'a drone shot over a neon city at night',
];
const STYLES = [
  'cinematic lighting, 35mm film grain',
  'soft pastel palette, gentle camera drift',
  'handheld documentary style',
  'high contrast, dramatic shadows',
];

export interface Place {
  guildId: string;
  channelId: string;
  userId: string;
}

function requestFor(i: number): VideoRequest {
  const sound = i % 4 === 0;
  return {
    prompt: `${SUBJECTS[i % SUBJECTS.length] ?? ''}, ${STYLES[i % STYLES.length] ?? ''} (shot ${i})`,
    model: i % 3 === 0 ? 'kling-3-pro' : 'kling-3-standard',
    duration: i % 2 === 0 ? 5 : 10,
    aspectRatio: i % 5 === 0 ? '9:16' : '16:9',
    sound,
    variants: 1,
  };
}

/** A task that Runware accepted a minute ago and is still generating (what a webhook finds). */
export function queuedTask(i: number, place: Place, now = Date.now()): Task {
  const id = randomUUID();
  const request = requestFor(i);
  return {
    id,
    request,
    origin: { ...place },
    provider: 'runware',
    providerTaskId: id,
    webhookToken: randomBytes(24).toString('base64url'),
    status: 'queued',
    results: [],
    estimatedCost: estimateRunwareCost(request),
    createdAt: now - 62_000,
    submittedAt: now - 60_000,
  };
}

/** A task whose result was posted long ago (what piles up in the store over months). */
export function finishedTask(i: number, place: Place, resultMessageId: string, now = Date.now()): Task {
  const task = queuedTask(i, place, now - (i + 1) * 600_000);
  const usd = task.estimatedCost.usd;
  return {
    ...task,
    origin: { ...task.origin, statusMessageId: String(BigInt(resultMessageId) - 1n) },
    status: 'succeeded',
    results: [{ id: randomUUID(), url: videoUrl(task.id), costUsd: usd }],
    cost: { usd, estimated: false },
    startedAt: (task.submittedAt ?? 0) + 20_000,
    completedAt: (task.submittedAt ?? 0) + 95_000,
    resultMessageId,
  };
}

export function videoUrl(taskId: string): string {
  return `${VIDEO_URL_PREFIX}${taskId}.mp4`;
}

/** The body Runware POSTs to webhookURL when a video is done. */
export function webhookBody(task: Task): string {
  const item = { taskType: 'videoInference', taskUUID: task.id, videoUUID: randomUUID(), videoURL: videoUrl(task.id), cost: task.estimatedCost.usd };
  return JSON.stringify({ data: [item] });
}

export function webhookPath(task: Task): string {
  return `/webhooks/runware/${task.id}?token=${task.webhookToken}`;
}

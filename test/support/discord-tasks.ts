import type { ImageRef } from '../../src/domain/request.ts';
import type { Task } from '../../src/domain/task.ts';

export const TASK_ID = '3f2b8c1a-9d4e-4f6a-8b7c-1234567890ab';
export const USER = '111222333444555666';
export const STATUS_MESSAGE = '999888777666555444';
export const FRAME: ImageRef = { mediaId: 'm', contentType: 'image/png', width: 1280, height: 720, bytes: 10, filename: 'f.png' };

/** A finished one-variant task as the Discord messages see it (5 s with sound, took 1m 15s, cost $0.42). */
export function shownTask(overrides: Partial<Task> = {}): Task {
  return {
    id: TASK_ID,
    request: { prompt: 'a red fox running through snow', model: 'kling-3-standard', duration: 5, aspectRatio: '16:9', sound: true, variants: 1 },
    origin: { guildId: 'g1', channelId: 'c1', userId: USER, statusMessageId: STATUS_MESSAGE },
    provider: 'runware',
    providerTaskId: TASK_ID,
    webhookToken: 'secret-token',
    status: 'succeeded',
    results: [{ id: 'v1', url: 'https://vm.runware.ai/video/os/a/v1.mp4', costUsd: 0.42 }],
    cost: { usd: 0.42, estimated: false },
    estimatedCost: { usd: 0.63, estimated: true },
    createdAt: 0,
    submittedAt: 10_000,
    completedAt: 85_000,
    ...overrides,
  };
}

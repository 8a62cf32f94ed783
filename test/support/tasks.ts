import type { VideoRequest } from '../../src/domain/request.ts';
import type { Task } from '../../src/domain/task.ts';

export type TaskFields = Partial<Omit<Task, 'request'>> & { request?: Partial<VideoRequest> };

/** A plausible stored task (5 s of Kling 3.0 Standard on Runware, pending); fields and request fields override. */
export function makeTask(fields: TaskFields = {}): Task {
  const { request, ...rest } = fields;
  return {
    id: 'task-1',
    request: { prompt: 'a cat', model: 'kling-3-standard', duration: 5, aspectRatio: '16:9', sound: false, variants: 1, ...request },
    origin: { guildId: 'g', channelId: 'c', userId: 'u' },
    provider: 'runware',
    webhookToken: 'tok',
    status: 'pending',
    results: [],
    estimatedCost: { usd: 0.42, estimated: true },
    createdAt: 0,
    ...rest,
  };
}

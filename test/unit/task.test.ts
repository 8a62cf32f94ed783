import { describe, expect, it } from 'vitest';
import { isTerminal, TERMINAL_STATUSES, type Task, type TaskStatus } from '../../src/domain/task.ts';

function task(status: TaskStatus): Task {
  return {
    id: 't1',
    request: { prompt: 'a cat', model: 'kling-3-standard', duration: 5, aspectRatio: '16:9', sound: false, variants: 1 },
    origin: { guildId: null, channelId: 'c', userId: 'u' },
    provider: 'runware',
    webhookToken: 'tok',
    status,
    results: [],
    estimatedCost: { usd: 0.42, estimated: true },
    createdAt: 0,
  };
}

describe('isTerminal', () => {
  it('is true only for succeeded and failed', () => {
    expect([...TERMINAL_STATUSES]).toEqual(['succeeded', 'failed']);
    const statuses: TaskStatus[] = ['pending', 'queued', 'generating', 'succeeded', 'failed'];
    expect(statuses.filter((s) => isTerminal(task(s)))).toEqual(['succeeded', 'failed']);
  });
});

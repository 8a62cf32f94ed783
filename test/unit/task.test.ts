import { describe, expect, it } from 'vitest';
import { isTerminal, TERMINAL_STATUSES, type Task, type TaskStatus } from '../../src/domain/task.ts';
import { makeTask } from '../support/tasks.ts';

function task(status: TaskStatus): Task {
  return makeTask({ id: 't1', status, origin: { guildId: null, channelId: 'c', userId: 'u' } });
}

describe('isTerminal', () => {
  it('is true only for succeeded and failed', () => {
    expect([...TERMINAL_STATUSES]).toEqual(['succeeded', 'failed']);
    const statuses: TaskStatus[] = ['pending', 'queued', 'generating', 'succeeded', 'failed'];
    expect(statuses.filter((s) => isTerminal(task(s)))).toEqual(['succeeded', 'failed']);
  });
});

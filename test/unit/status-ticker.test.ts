import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.ts';
import type { EtaBook } from '../../src/flow/eta-book.ts';
import type { Eta, Logger, TaskNotifier } from '../../src/flow/ports.ts';
import { StatusTicker } from '../../src/flow/status-ticker.ts';
import { TaskStore } from '../../src/store/task-store.ts';
import { makeTask } from '../support/tasks.ts';

const log: Logger = { info() {}, warn() {}, error() {}, debug() {} };
const eta = { estimate: async (): Promise<Eta> => ({ expectedMs: 60_000, samples: 0 }) } as unknown as EtaBook;

function task(id: string, status: Task['status'] = 'generating'): Task {
  return makeTask({
    id,
    status,
    request: { prompt: 'p' },
    origin: { guildId: 'g', channelId: 'c', userId: 'u', statusMessageId: `s-${id}` },
    webhookToken: 't',
    submittedAt: 1,
  });
}

describe('StatusTicker', () => {
  it('edits at most N status messages a round, the longest-unrefreshed first, and skips finished tasks', async () => {
    const store = new TaskStore(new Keyv());
    for (let i = 0; i < 15; i++) await store.create(task(`t${String(i).padStart(2, '0')}`));
    await store.create(task('done', 'succeeded'));
    const shown: string[] = [];
    const notifier: TaskNotifier = { showStatus: async (t) => void shown.push(t.id), postOutcome: async () => ({ messageId: 'm', viaDm: false }) };
    let clock = 1000;
    const ticker = new StatusTicker({ store, notifier, eta, log, now: () => clock++ }, 10_000, 10);
    await ticker.tick();
    expect(shown).toHaveLength(10);
    expect(shown).not.toContain('done');
    const first = new Set(shown);
    shown.length = 0;
    await ticker.tick();
    expect(shown).toHaveLength(10);
    // The five not shown in the first round come first in the second.
    expect(shown.slice(0, 5).every((id) => !first.has(id))).toBe(true);
  });
});

import Keyv from 'keyv';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.ts';
import { TaskStore } from '../../src/store/task-store.ts';
import { makeTask } from '../support/tasks.ts';

function task(id: string, overrides: Partial<Task> = {}): Task {
  return makeTask({ id, ...overrides, request: overrides.request });
}

let store: TaskStore;

beforeEach(() => {
  store = new TaskStore(new Keyv());
});

describe('TaskStore', () => {
  it('creates tasks as open, each id once', async () => {
    await Promise.all([store.create(task('a')), store.create(task('b')), store.create(task('c'))]);
    await store.create(task('a'));
    expect((await store.openIds()).sort()).toEqual(['a', 'b', 'c']);
    expect((await store.openTasks()).map((t) => t.id).sort()).toEqual(['a', 'b', 'c']);
    expect(await store.get('b')).toEqual(task('b'));
    expect(await store.get('zzz')).toBeUndefined();
  });

  it('closes a task (concurrent closes lose nothing)', async () => {
    for (const id of ['a', 'b', 'c', 'd']) await store.create(task(id));
    await Promise.all([store.close('a'), store.close('c'), store.close('nope')]);
    expect(await store.openIds()).toEqual(['b', 'd']);
  });

  it('update: serialised read-modify-write, undefined leaves the task as is', async () => {
    await store.create(task('a'));
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.update('a', async (t) => {
          await sleep(1);
          return { ...t, results: [...t.results, { id: `r${i}`, url: `https://cdn/${i}.mp4` }] };
        }),
      ),
    );
    expect((await store.get('a'))?.results.map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    const unchanged = await store.update('a', () => undefined);
    expect(unchanged?.results).toHaveLength(8);
    expect(await store.update('missing', (t) => t)).toBeUndefined();
  });

  it('links messages to tasks', async () => {
    await store.create(task('a', { status: 'succeeded' }));
    await store.linkMessage('m-1', 'a');
    expect((await store.taskForMessage('m-1'))?.id).toBe('a');
    expect(await store.taskForMessage('m-2')).toBeUndefined();
  });

  it('keeps free-form values', async () => {
    await store.setValue('eta:kling-3-pro:5', { samples: 2, meanMs: 90_000 });
    expect(await store.getValue('eta:kling-3-pro:5')).toEqual({ samples: 2, meanMs: 90_000 });
    expect(await store.getValue('eta:none')).toBeUndefined();
  });
});

describe('job lists for /jobs', () => {
  it('lists a user’s tasks in a server newest first, paged, and keeps servers apart', async () => {
    const { default: Keyv } = await import('keyv');
    const { TaskStore } = await import('../../src/store/task-store.ts');
    const store = new TaskStore(new Keyv());
    const make = (id: string, guildId: string | null, userId: string) =>
      ({
        id,
        request: {},
        origin: { guildId, channelId: 'c', userId },
        provider: 'runware',
        webhookToken: 't',
        status: 'pending',
        results: [],
        estimatedCost: { usd: 0, estimated: true },
        createdAt: 0,
      }) as unknown as import('../../src/domain/task.ts').Task;
    for (const id of ['a', 'b', 'c']) await store.create(make(id, 'g1', 'u1'));
    await store.create(make('d', 'g2', 'u1'));
    await store.create(make('e', 'g1', 'u2'));
    const first = await store.recentTasks('g1', 'u1', 0, 2);
    expect(first.total).toBe(3);
    expect(first.tasks.map((t) => t.id)).toEqual(['c', 'b']);
    expect((await store.recentTasks('g1', 'u1', 2, 2)).tasks.map((t) => t.id)).toEqual(['a']);
    expect((await store.recentTasks('g2', 'u1', 0, 10)).tasks.map((t) => t.id)).toEqual(['d']);
  });
});

// Completion's writes: compare-and-set merges concurrent writers, stages show once, nothing moves back.
import { beforeEach, describe, expect, it } from 'vitest';
import type { VideoResult } from '../../src/domain/task.ts';
import type { TaskUpdate } from '../../src/providers/provider.ts';
import type { StoredTask } from '../../src/store/task-repository.ts';
import { flowWorld } from '../support/flow.ts';
import { makeTask } from '../support/tasks.ts';

const ID = 'task-0001';
const A: VideoResult = { id: 'vid-a', url: 'https://cdn.example/a.mp4', costUsd: 0.42 };
const B: VideoResult = { id: 'vid-b', url: 'https://cdn.example/b.mp4', costUsd: 0.42 };
const GENERATING: TaskUpdate = { kind: 'progress', providerTaskId: ID, status: 'generating' };
const QUEUED: TaskUpdate = { kind: 'progress', providerTaskId: ID, status: 'queued' };

let world: Awaited<ReturnType<typeof flowWorld>>;

beforeEach(async () => {
  world = await flowWorld();
});

async function stored(fields: Parameters<typeof makeTask>[0] = {}): Promise<StoredTask> {
  return world.tasks.create(
    makeTask({ id: ID, providerTaskId: ID, status: 'queued', submittedAt: world.clock.now - 1_000, ...fields, request: { variants: 2, ...fields.request } }),
  );
}

describe('Completion.settle: compare-and-set', () => {
  it('merges a writer that got in between the read and the write', async () => {
    const stale = await stored();
    await world.completion.settle(stale, [GENERATING]);
    const after = await world.completion.settle(stale, [{ kind: 'results', providerTaskId: ID, complete: false, results: [A] }]);
    expect(after).toMatchObject({ status: 'generating', results: [A], version: 3 });
    expect(await world.tasks.get(ID)).toEqual(after);
  });

  it('keeps another process’s bookkeeping written meanwhile', async () => {
    const stale = await stored();
    await world.tasks.replace(stale, { ...stale, waitingNoticeAt: 123 });
    const after = await world.completion.settle(stale, [GENERATING]);
    expect(after).toMatchObject({ status: 'generating', waitingNoticeAt: 123 });
  });

  it('two results delivered concurrently both count', async () => {
    const stale = await stored();
    const one = (r: VideoResult): TaskUpdate => ({ kind: 'results', providerTaskId: ID, complete: false, results: [r] });
    await Promise.all([world.completion.settle(stale, [one(A)]), world.completion.settle(stale, [one(B)])]);
    await world.completion.drain();
    expect((await world.tasks.get(ID))?.results.map((r) => r.id).sort()).toEqual(['vid-a', 'vid-b']);
    expect(world.notifier.posted).toHaveLength(1);
  });

  it('answers the stored task when the updates change nothing, without writing', async () => {
    const task = await stored();
    expect(await world.completion.settle(task, [QUEUED])).toEqual(task);
    expect((await world.tasks.get(ID))?.version).toBe(task.version);
  });

  it('answers undefined for a task that is gone', async () => {
    const task = await stored();
    await world.store.database.db.deleteFrom('tasks').execute();
    expect(await world.completion.settle(task, [GENERATING])).toBeUndefined();
  });
});

describe('Completion.settle: the status message', () => {
  it('shows a stage change with the ETA, and nothing when the stage stays', async () => {
    const task = await stored();
    const generating = await world.completion.settle(task, [GENERATING]);
    await world.completion.drain();
    expect(world.notifier.statuses).toHaveLength(1);
    expect(world.notifier.statuses[0]?.task.status).toBe('generating');
    expect(world.notifier.statuses[0]?.eta).toEqual({ expectedMs: 135_000, samples: 0 });

    await world.completion.settle(generating as StoredTask, [GENERATING, QUEUED]);
    await world.completion.settle(generating as StoredTask, [{ kind: 'results', providerTaskId: ID, complete: false, results: [A] }]);
    await world.completion.drain();
    expect(world.notifier.statuses).toHaveLength(1);
  });

  it('logs odd provider values with the task id', async () => {
    const task = await stored();
    await world.completion.settle(task, [{ ...GENERATING, anomalies: ['progress was 250'] }]);
    expect(world.log.at('warn')).toContainEqual({
      obj: expect.objectContaining({ taskId: ID, provider: 'runware', anomalies: ['progress was 250'] }),
      msg: 'provider sent odd values; dropped them',
    });
  });
});

describe('Completion.submitted', () => {
  it('marks a pending task queued, stamps the submit time and frees it until its first check', async () => {
    const task = await stored({ status: 'pending', providerTaskId: undefined, submittedAt: undefined });
    const queued = await world.completion.submitted(task, 'prov-1');
    expect(queued).toMatchObject({ status: 'queued', providerTaskId: 'prov-1', submittedAt: world.clock.now });
    await world.completion.drain();
    expect(world.notifier.statuses.map((s) => s.task.status)).toEqual(['queued']);
    const firstCheck = world.policy.nextCheck(queued as StoredTask, world.clock.now);
    expect(await world.claimAt(firstCheck - 1)).toEqual([]);
    expect((await world.claimAt(firstCheck)).map((t) => t.id)).toEqual([ID]);
  });

  it('keeps generating when a callback landed before the submit was confirmed', async () => {
    const pending = await stored({ status: 'pending', providerTaskId: undefined, submittedAt: undefined });
    world.clock.now += 1_000;
    await world.completion.settle(pending, [GENERATING]);
    world.clock.now += 1_000;
    const after = await world.completion.submitted(pending, ID);
    expect(after).toMatchObject({ status: 'generating', providerTaskId: ID, submittedAt: world.clock.now, startedAt: world.clock.now - 1_000 });
    expect(await world.tasks.get(ID)).toEqual(after);
  });

  it('keeps a task that early results finished succeeded, with its results and cost', async () => {
    const pending = await stored({ status: 'pending', providerTaskId: undefined, submittedAt: undefined });
    await world.completion.settle(pending, [{ kind: 'results', providerTaskId: ID, complete: false, results: [A, B] }]);
    const after = await world.completion.submitted(pending, ID);
    expect(after).toMatchObject({ status: 'succeeded', results: [A, B], cost: { usd: 0.84, estimated: false } });
    await world.completion.drain();
    expect(world.notifier.posted).toHaveLength(1);
    expect((await world.tasks.get(ID))?.status).toBe('succeeded');
  });
});

describe('Completion.fail', () => {
  it('fails a running task and delivers the failure', async () => {
    const task = await stored();
    const failed = await world.completion.fail(task, { kind: 'timeout', userMessage: 'too long' });
    expect(failed).toMatchObject({ status: 'failed', failure: { kind: 'timeout', userMessage: 'too long' }, completedAt: world.clock.now });
    await world.completion.drain();
    expect(world.notifier.posted.map((t) => t.status)).toEqual(['failed']);
  });

  it('does not touch a finished task', async () => {
    const task = await stored();
    await world.completion.settle(task, [{ kind: 'results', providerTaskId: ID, complete: true, results: [A] }]);
    await world.completion.drain();
    const done = await world.tasks.get(ID);
    expect(await world.completion.fail(task, { kind: 'timeout', userMessage: 'too long' })).toEqual(done);
    expect(await world.tasks.get(ID)).toEqual(done);
    await world.completion.drain();
    expect(world.notifier.posted.map((t) => t.status)).toEqual(['succeeded']);
  });
});

describe('Completion.note', () => {
  it('stores bookkeeping, and answers undefined when another writer changed the task meanwhile', async () => {
    const task = await stored();
    expect(await world.completion.note(task, { waitingNoticeAt: 5 })).toMatchObject({ waitingNoticeAt: 5, version: 2 });
    expect(await world.completion.note(task, { waitingNoticeAt: 6 })).toBeUndefined();
    expect((await world.tasks.get(ID))?.waitingNoticeAt).toBe(5);
  });
});

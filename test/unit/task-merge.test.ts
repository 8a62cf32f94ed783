import { describe, expect, it } from 'vitest';
import type { Task, TaskFailure, VideoResult } from '../../src/domain/task.ts';
import { failWith, mergeUpdates } from '../../src/flow/task-merge.ts';
import type { TaskUpdate } from '../../src/providers/provider.ts';
import { makeTask, type TaskFields } from '../support/tasks.ts';

const ID = 'task-0001';
const A: VideoResult = { id: 'vid-a', url: 'https://cdn.example/a.mp4', costUsd: 0.56 };
const B: VideoResult = { id: 'vid-b', url: 'https://cdn.example/b.mp4', costUsd: 0.61 };
const FAILURE: TaskFailure = { kind: 'content_policy', userMessage: 'The provider refused this request.', detail: 'nsfw' };
const TIMEOUT: TaskFailure = { kind: 'timeout', userMessage: 'The video took too long and was given up on.' };

/** A submitted two-variant task, as the flow holds it while the provider works. */
function running(fields: TaskFields = {}): Task {
  return makeTask({
    id: ID,
    providerTaskId: ID,
    status: 'queued',
    estimatedCost: { usd: 1.12, estimated: true },
    createdAt: 500,
    submittedAt: 1_000,
    ...fields,
    request: { model: 'kling-3-pro', variants: 2, ...fields.request },
  });
}

function results(...list: VideoResult[]): TaskUpdate {
  return { kind: 'results', providerTaskId: ID, complete: false, results: list };
}
function failed(failure: TaskFailure = FAILURE): TaskUpdate {
  return { kind: 'failed', providerTaskId: ID, failure };
}

/** Applies updates that must change the task. */
function merged(task: Task, updates: TaskUpdate[], now: number): Task {
  const next = mergeUpdates(task, updates, now);
  if (!next) throw new Error('expected the updates to change the task');
  return next;
}

describe('mergeUpdates: results', () => {
  it('completes a two-variant task from two separate deliveries, with the reported cost', () => {
    const afterFirst = merged(running(), [results(A)], 61_000);
    expect(afterFirst.status).toBe('queued');
    expect(afterFirst.results).toEqual([A]);
    expect(afterFirst.completedAt).toBeUndefined();
    expect(afterFirst.cost).toBeUndefined();

    const afterSecond = merged(afterFirst, [results(B)], 90_000);
    expect(afterSecond.status).toBe('succeeded');
    expect(afterSecond.results).toEqual([A, B]);
    expect(afterSecond.completedAt).toBe(90_000);
    expect(afterSecond.cost).toEqual({ usd: 1.17, estimated: false });
  });

  it('ignores a repeated result before completion (deduped by result id)', () => {
    const first = merged(running(), [results(A)], 61_000);
    expect(mergeUpdates(first, [results(A), results({ ...A, url: 'https://cdn.example/a-copy.mp4' })], 62_000)).toBeUndefined();
  });

  it('keeps one copy of a result repeated within one batch', () => {
    const task = merged(running({ request: { variants: 3 } }), [results(A), results(A, B)], 61_000);
    expect(task.results).toEqual([A, B]);
    expect(task.status).toBe('queued');
  });

  it('changes nothing once the task is finished (repeated or late deliveries)', () => {
    const done = merged(running(), [results(A, B)], 61_000);
    const C: VideoResult = { id: 'vid-c', url: 'https://cdn.example/c.mp4', costUsd: 1 };
    expect(mergeUpdates(done, [results(A), results(C), failed()], 999_999)).toBeUndefined();
    const failedTask = merged(running(), [failed()], 61_000);
    expect(mergeUpdates(failedTask, [results(A, B)], 999_999)).toBeUndefined();
  });

  it('finishes early when the provider says every result is in', () => {
    const task = merged(running(), [{ kind: 'results', providerTaskId: ID, complete: true, results: [A] }], 61_000);
    expect(task.status).toBe('succeeded');
    expect(task.results).toEqual([A]);
    expect(task.completedAt).toBe(61_000);
  });

  it('leaves the stored task object untouched', () => {
    const task = running();
    const copy = structuredClone(task);
    merged(task, [results(A, B)], 61_000);
    expect(task).toEqual(copy);
  });
});

describe('mergeUpdates: cost', () => {
  it('falls back to the estimate (marked estimated) when a result has no reported cost', () => {
    const task = merged(running(), [results({ id: 'x1', url: 'https://cdn.example/1.mp4' }, B)], 61_000);
    expect(task.status).toBe('succeeded');
    expect(task.cost).toEqual({ usd: 1.12, estimated: true });
  });

  it('charges a partial success the estimate’s share of what arrived', () => {
    const four = running({ request: { variants: 4 }, estimatedCost: { usd: 2.24, estimated: true } });
    const one = merged(four, [results({ id: 'x1', url: 'https://cdn.example/1.mp4' })], 61_000);
    const task = merged(one, [failed()], 62_000);
    expect(task.status).toBe('succeeded');
    expect(task.cost).toEqual({ usd: 0.56, estimated: true });
  });

  it('uses a task-level cost when the provider reports one', () => {
    const update: TaskUpdate = { kind: 'results', providerTaskId: ID, complete: false, results: [A, B], cost: { usd: 3, estimated: false, units: 6 } };
    expect(merged(running(), [update], 61_000).cost).toEqual({ usd: 3, estimated: false, units: 6 });
  });
});

describe('mergeUpdates: failures', () => {
  it('fails a task with zero results, without a cost', () => {
    const task = merged(running(), [failed()], 61_000);
    expect(task.status).toBe('failed');
    expect(task.failure).toEqual(FAILURE);
    expect(task.results).toEqual([]);
    expect(task.cost).toBeUndefined();
    expect(task.completedAt).toBe(61_000);
  });

  it('a failure after one of two results succeeds with the failure noted and the cost of what arrived', () => {
    const one = merged(running(), [results(A)], 61_000);
    const task = merged(one, [failed()], 62_000);
    expect(task.status).toBe('succeeded');
    expect(task.results).toEqual([A]);
    expect(task.failure).toEqual(FAILURE);
    expect(task.cost).toEqual({ usd: 0.56, estimated: false });
  });

  it('results in the same batch as a failure still complete the task', () => {
    const task = merged(running(), [failed(), results(A, B)], 61_000);
    expect(task.status).toBe('succeeded');
    expect(task.results).toEqual([A, B]);
  });
});

describe('mergeUpdates: status and matching', () => {
  it('moves the status forward only, stamping startedAt once', () => {
    const generating = merged(running(), [{ kind: 'progress', providerTaskId: ID, status: 'generating', progress: 10 }], 5_000);
    expect(generating.status).toBe('generating');
    expect(generating.startedAt).toBe(5_000);
    const again = mergeUpdates(
      generating,
      [
        { kind: 'progress', providerTaskId: ID, status: 'queued' },
        { kind: 'progress', providerTaskId: ID, status: 'generating' },
      ],
      7_000,
    );
    expect(again).toBeUndefined();
  });

  it('does not stamp startedAt for a move to queued', () => {
    const queued = merged(running({ status: 'pending' }), [{ kind: 'progress', providerTaskId: ID, status: 'queued' }], 5_000);
    expect(queued.status).toBe('queued');
    expect(queued.startedAt).toBeUndefined();
  });

  it('ignores updates for another provider task id', () => {
    expect(mergeUpdates(running(), [{ kind: 'results', providerTaskId: 'someone-else', complete: true, results: [A] }], 61_000)).toBeUndefined();
    expect(mergeUpdates(running(), [{ kind: 'failed', providerTaskId: 'someone-else', failure: FAILURE }], 61_000)).toBeUndefined();
  });

  it('matches on the task id while providerTaskId is not yet stored', () => {
    const pending = running({ providerTaskId: undefined, status: 'pending', submittedAt: undefined });
    expect(merged(pending, [results(A, B)], 61_000).status).toBe('succeeded');
    const known = running({ providerTaskId: 'prov-9' });
    expect(mergeUpdates(known, [results(A, B)], 61_000)).toBeUndefined();
  });
});

describe('failWith', () => {
  it('fails a task with nothing back', () => {
    const task = failWith(running(), TIMEOUT, 61_000);
    expect(task).toMatchObject({ status: 'failed', failure: TIMEOUT, completedAt: 61_000 });
    expect(task.cost).toBeUndefined();
  });

  it('still reports what arrived before a time-out, with its cost', () => {
    const one = merged(running(), [results(A)], 61_000);
    const task = failWith(one, TIMEOUT, 62_000);
    expect(task).toMatchObject({ status: 'succeeded', failure: TIMEOUT, results: [A], completedAt: 62_000 });
    expect(task.cost).toEqual({ usd: 0.56, estimated: false });
  });
});

describe('a cost the provider sent but that could not be read', () => {
  it('charges the estimate and shows the cost as unknown, and the video still counts', async () => {
    const { mergeUpdates } = await import('../../src/flow/task-merge.ts');
    const { formatUsd } = await import('../../src/domain/cost.ts');
    const { makeTask } = await import('../support/tasks.ts');
    const task = makeTask({ id: 'odd', status: 'generating', estimatedCost: { usd: 0.42, estimated: true } });
    const merged = mergeUpdates(
      task,
      [{ kind: 'results', providerTaskId: 'odd', complete: false, results: [{ id: 'v', url: 'https://cdn.test/v.mp4', costUnreadable: true }] }],
      1000,
    );
    expect(merged?.status).toBe('succeeded');
    expect(merged?.results.map((r) => r.url)).toEqual(['https://cdn.test/v.mp4']);
    expect(merged?.cost).toEqual({ usd: 0.42, estimated: true, unknown: true });
    expect(formatUsd(merged!.cost!)).toBe('unknown (≈ $0.42 estimated)');
  });
});

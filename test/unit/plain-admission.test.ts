import { describe, expect, it } from 'vitest';
import { plainAdmission } from '../../src/store/plain-admission.ts';
import { memoryStore } from '../support/store.ts';
import { makeTask } from '../support/tasks.ts';

const UNAVAILABLE = {
  kind: 'unavailable',
  message: 'The bot cannot record this request right now, so nothing was submitted and nothing was charged. Please try again in a moment.',
};

describe('plainAdmission', () => {
  it('stores the task with its schedule', async () => {
    const store = await memoryStore();
    const admitted = await plainAdmission(store.tasks).admit(makeTask(), { dueAt: 50, lease: { owner: 'me', until: 50 } });
    expect(admitted).toEqual({ ok: true, task: { ...makeTask(), version: 1 } });
    expect(await store.tasks.get('task-1')).toEqual({ ...makeTask(), version: 1 });
    // Held by the submitting process until its lease ends.
    expect(await store.tasks.claimDue({ owner: 'other', now: 49, dueBy: 50, leaseUntil: 99, limit: 10 })).toEqual([]);
    expect((await store.tasks.claimDue({ owner: 'other', now: 50, dueBy: 50, leaseUntil: 99, limit: 10 })).map((t) => t.id)).toEqual(['task-1']);
  });

  it('refuses, never fails open, when the store cannot record it', async () => {
    const store = await memoryStore();
    const admission = plainAdmission(store.tasks);
    await admission.admit(makeTask(), {});
    expect(await admission.admit(makeTask(), {})).toEqual({ ok: false, refusal: UNAVAILABLE });
    await store.close();
    expect(await admission.admit(makeTask({ id: 'task-2' }), {})).toEqual({ ok: false, refusal: UNAVAILABLE });
  });

  it('moves a stored task to another provider at that provider’s price, keeping what else changed', async () => {
    const store = await memoryStore();
    const admission = plainAdmission(store.tasks);
    const admitted = await admission.admit(makeTask(), {});
    if (!admitted.ok) throw new Error('expected the task to be stored');
    await store.tasks.replace(admitted.task, { ...admitted.task, waitingNoticeAt: 7 });
    const next = { ...admitted.task, provider: 'kling', failoverFrom: ['runware'], estimatedCost: { usd: 0.7, estimated: true } };
    const moved = await admission.reprice(admitted.task, next);
    expect(moved).toMatchObject({
      ok: true,
      task: { provider: 'kling', failoverFrom: ['runware'], estimatedCost: { usd: 0.7, estimated: true }, waitingNoticeAt: 7 },
    });
    expect(await store.tasks.get('task-1')).toMatchObject({ provider: 'kling', version: 3 });
  });

  it('refuses to reprice a task that is gone', async () => {
    const store = await memoryStore();
    const admission = plainAdmission(store.tasks);
    const ghost = { ...makeTask(), version: 1 };
    expect(await admission.reprice(ghost, { ...ghost, provider: 'kling' })).toEqual({ ok: false, refusal: UNAVAILABLE });
  });
});

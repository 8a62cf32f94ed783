// TaskSubmitter: submit once, map errors to plain failures, fail over re-priced, resume without doubling.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.ts';
import { ProviderError } from '../../src/providers/provider-error.ts';
import type { StoredTask } from '../../src/store/task-repository.ts';
import { FakeProvider, submitWorld } from '../support/flow.ts';
import { makeTask } from '../support/tasks.ts';

let runware: FakeProvider;
let kling: FakeProvider;
let world: Awaited<ReturnType<typeof submitWorld>>;

beforeEach(async () => {
  runware = new FakeProvider('runware');
  kling = new FakeProvider('kling');
  kling.price = { usd: 0.7, estimated: true };
  world = await submitWorld({ providers: [runware, kling], publicUrl: 'https://bot.example.com/' });
});

function fresh(fields: Partial<Task> = {}): Task {
  return makeTask({ id: 'task-1', webhookToken: 'secret-tok', createdAt: world.clock.now, ...fields });
}

async function started(task: Task = fresh()): Promise<StoredTask> {
  const result = await world.submitter.start(task);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
  return result.task;
}

describe('TaskSubmitter.start', () => {
  it('marks the task’s images as used now, so retention counts from the newest task that used them', async () => {
    const kept = await submitWorld({ providers: [new FakeProvider('runware')], keptMedia: true });
    const frame = await kept.store.media.save(new Uint8Array([7, 7, 7]), { contentType: 'image/png', width: 400, height: 400, filename: 'f.png' });
    kept.clock.now += 80 * 24 * 60 * 60 * 1000;
    const result = await kept.submitter.start(makeTask({ id: 'with-frame', createdAt: kept.clock.now, request: { firstFrame: frame } }));
    expect(result.ok).toBe(true);
    // 20 days later, 100 after the image was first kept: a 90-day retention keeps it (used 20 days ago).
    expect(await kept.store.media.pruneUnused(kept.clock.now + 20 * 24 * 60 * 60 * 1000 - 90 * 24 * 60 * 60 * 1000)).toBe(0);
    expect(await kept.store.media.read(frame)).toEqual(new Uint8Array([7, 7, 7]));
  });

  it('hands the provider a callback URL carrying the task token', async () => {
    const task = await started();
    const url = 'https://bot.example.com/webhooks/runware/task-1?token=secret-tok';
    expect(runware.submitted[0]?.ctx.callbackUrl).toBe(url);
    expect(world.submitter.callbackUrl(task)).toBe(url);
  });

  it('gives no callback URL without a public URL', async () => {
    const polling = await submitWorld({ providers: [runware] });
    await polling.submitter.start(fresh());
    expect(runware.submitted[0]?.ctx.callbackUrl).toBeUndefined();
  });

  it('fails the task with the plain provider message when submit throws a ProviderError', async () => {
    runware.submitError = new ProviderError({ kind: 'balance', status: 402, detail: 'Runware 402 insufficientCredits: top up' });
    const task = await started();
    expect(task).toMatchObject({ status: 'failed', completedAt: world.clock.now });
    expect(task.failure).toEqual({
      kind: 'balance',
      userMessage: 'The video provider account is out of credit. An admin needs to top it up.',
      detail: 'Runware 402 insufficientCredits: top up',
    });
    expect(kling.submitted).toHaveLength(0);
    // The failure is stored and then posted (the post records its message id on the same task).
    await world.completion.drain();
    expect(await world.tasks.get('task-1')).toMatchObject({ status: 'failed', failure: task.failure, resultMessageId: expect.any(String) });
  });

  it('maps any other thrown error to unknown', async () => {
    runware.submitError = new Error('boom');
    const task = await started();
    expect(task.status).toBe('failed');
    expect(task.failure).toMatchObject({ kind: 'unknown', userMessage: 'The video provider could not make this video.' });
    expect(kling.submitted).toHaveLength(0);
  });

  it('keeps a generating stage a callback reported before the submit was confirmed', async () => {
    runware.onSubmit = async (t) => {
      const stored = (await world.tasks.get(t.id)) as StoredTask;
      await world.completion.settle(stored, [{ kind: 'progress', providerTaskId: t.id, status: 'generating' }]);
    };
    const task = await started();
    expect(task).toMatchObject({ status: 'generating', startedAt: world.clock.now, submittedAt: world.clock.now, providerTaskId: 'runware-task-1' });
    expect(await world.tasks.get('task-1')).toEqual(task);
  });

  it('keeps a task that early results finished succeeded', async () => {
    const results = [{ id: 'v1', url: 'https://cdn.example/1.mp4', costUsd: 0.42 }];
    runware.onSubmit = async (t) => {
      const stored = (await world.tasks.get(t.id)) as StoredTask;
      await world.completion.settle(stored, [{ kind: 'results', providerTaskId: t.id, complete: false, results }]);
    };
    const task = await started();
    expect(task).toMatchObject({ status: 'succeeded', results, cost: { usd: 0.42, estimated: false } });
    await world.completion.drain();
    expect(world.notifier.posted).toHaveLength(1);
  });
});

describe('TaskSubmitter: failover', () => {
  it('moves a transient failure to another provider, re-priced through the admission', async () => {
    runware.submitError = new ProviderError({ kind: 'server', status: 503, detail: 'Runware 503' });
    const task = await started();
    expect(world.reprices).toHaveLength(1);
    expect(world.reprices[0]?.current).toMatchObject({ id: 'task-1', provider: 'runware' });
    expect(world.reprices[0]?.next).toMatchObject({ provider: 'kling', failoverFrom: ['runware'], estimatedCost: { usd: 0.7, estimated: true } });
    expect(kling.submitted.map((s) => s.task.provider)).toEqual(['kling']);
    expect(kling.submitted[0]?.ctx.callbackUrl).toBe('https://bot.example.com/webhooks/kling/task-1?token=secret-tok');
    expect(task).toMatchObject({ provider: 'kling', status: 'queued', providerTaskId: 'kling-task-1', failoverFrom: ['runware'] });
    expect(task.estimatedCost).toEqual({ usd: 0.7, estimated: true });
    expect(await world.tasks.get('task-1')).toEqual(task);
  });

  it('does not fail over when the other provider’s price is refused', async () => {
    runware.submitError = new ProviderError({ kind: 'rate_limit', status: 429, detail: 'slow down' });
    world.admission.refuseReprice = true;
    const task = await started();
    expect(world.reprices).toHaveLength(1);
    expect(kling.submitted).toHaveLength(0);
    expect(task).toMatchObject({ provider: 'runware', status: 'failed', failure: { kind: 'rate_limit' } });
  });

  it('does not fail over a failure that is not transient, or to a provider that cannot run the request', async () => {
    runware.submitError = new ProviderError({ kind: 'content_policy', detail: 'nsfw' });
    expect((await started()).status).toBe('failed');
    runware.submitError = new ProviderError({ kind: 'network', detail: 'reset' });
    kling.problems = [{ option: 'variants', message: 'one only' }];
    expect((await started(fresh({ id: 'task-2' }))).status).toBe('failed');
    expect(world.reprices).toHaveLength(0);
    expect(kling.submitted).toHaveLength(0);
  });

  it('fails with the last provider’s error when every provider failed', async () => {
    runware.submitError = new ProviderError({ kind: 'server', detail: 'Runware 500' });
    kling.submitError = new ProviderError({ kind: 'network', detail: 'Kling unreachable' });
    const task = await started();
    expect(task).toMatchObject({ provider: 'kling', failoverFrom: ['runware'], status: 'failed', failure: { kind: 'network', detail: 'Kling unreachable' } });
    expect(runware.submitted).toHaveLength(1);
    expect(kling.submitted).toHaveLength(1);
  });

  it('does not fail over when failover is switched off', async () => {
    const single = await submitWorld({ providers: [runware, kling], failover: false });
    runware.submitError = new ProviderError({ kind: 'server', detail: 'Runware 500' });
    const result = await single.submitter.start(fresh());
    expect(result).toMatchObject({ ok: true, task: { status: 'failed', provider: 'runware' } });
    expect(kling.submitted).toHaveLength(0);
  });
});

describe('TaskSubmitter.resume', () => {
  async function storedUnsubmitted(): Promise<StoredTask> {
    return world.tasks.create(fresh());
  }

  it('does not submit again a task the provider already knows', async () => {
    const task = await storedUnsubmitted();
    runware.pollAnswer = [{ kind: 'progress', providerTaskId: task.id, status: 'generating' }];
    const resumed = await world.submitter.resume(task);
    expect(runware.polled[0]?.map((t) => t.providerTaskId)).toEqual([task.id]);
    expect(runware.submitted).toHaveLength(0);
    expect(resumed).toMatchObject({ status: 'queued', providerTaskId: task.id, submittedAt: world.clock.now });
  });

  it('submits a task the provider has never seen', async () => {
    const task = await storedUnsubmitted();
    runware.pollAnswer = [{ kind: 'failed', providerTaskId: task.id, failure: { kind: 'not_found', userMessage: 'gone' } }];
    const resumed = await world.submitter.resume(task);
    expect(runware.submitted).toHaveLength(1);
    expect(resumed).toMatchObject({ status: 'queued', providerTaskId: 'runware-task-1' });
    expect(world.log.at('warn').map((e) => e.obj)).toContainEqual({ taskId: task.id });
  });

  it('submits a task the provider answers nothing about', async () => {
    const task = await storedUnsubmitted();
    runware.pollAnswer = [];
    await world.submitter.resume(task);
    expect(runware.submitted).toHaveLength(1);
  });
});

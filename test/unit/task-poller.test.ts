// TaskPoller rounds: each provider polled once, one provider's trouble stays its own, time-outs,
// tasks waiting for an unconfigured provider, and redelivery of outcomes not yet in Discord.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.ts';
import type { Schedule, StoredTask } from '../../src/store/task-repository.ts';
import { FakeProvider, pollWorld, TIMES } from '../support/flow.ts';
import { makeTask } from '../support/tasks.ts';

let runware: FakeProvider;
let kling: FakeProvider;
let world: Awaited<ReturnType<typeof pollWorld>>;

beforeEach(async () => {
  runware = new FakeProvider('runware', 'poll');
  kling = new FakeProvider('kling', 'poll');
  world = await pollWorld({ providers: [runware, kling] });
});

/** A submitted task, due `dueIn` ms from now (negative: overdue). */
async function submitted(id: string, provider: string, fields: Partial<Task> = {}, dueIn = 0): Promise<StoredTask> {
  const schedule: Schedule = { dueAt: world.clock.now + dueIn };
  const task = makeTask({
    id,
    provider,
    providerTaskId: `p-${id}`,
    status: 'queued',
    submittedAt: world.clock.now - 1_000,
    createdAt: world.clock.now - 2_000,
    ...fields,
  });
  return world.tasks.create(task, schedule);
}

function succeedsAll(tasks: Task[]) {
  return tasks.map((t) => ({
    kind: 'results' as const,
    providerTaskId: t.providerTaskId ?? t.id,
    complete: true,
    results: [{ id: `v-${t.id}`, url: 'https://cdn.example/v.mp4' }],
  }));
}

async function round(): Promise<void> {
  await world.poller.runOnce();
  await world.completion.drain();
}

describe('TaskPoller: one provider’s trouble stays its own', () => {
  it('a provider whose poll fails does not hold up another provider’s tasks in the same round', async () => {
    await submitted('k-1', 'kling', {}, -2_000);
    await submitted('r-1', 'runware', {}, -1_000);
    kling.pollError = new Error('kling is down');
    runware.pollAnswer = succeedsAll;
    await round();

    expect(world.notifier.posted.map((t) => t.id)).toEqual(['r-1']);
    expect((await world.tasks.get('r-1'))?.status).toBe('succeeded');
    const k1 = (await world.tasks.get('k-1')) as StoredTask;
    expect(k1.status).toBe('queued');
    expect(world.log.at('warn')).toContainEqual({ obj: expect.objectContaining({ provider: 'kling', tasks: ['k-1'] }), msg: 'poll failed; backing off' });
    // Backed off and freed: looked at again at its next check, by whoever runs then.
    const next = world.policy.nextCheck(k1, world.clock.now);
    expect(await world.claimAt(next - 1)).toEqual([]);
    expect((await world.claimAt(next)).map((t) => t.id)).toEqual(['k-1']);
  });

  it('a task whose provider is no longer configured does not hold up the others', async () => {
    await submitted('gone-1', 'imini', {}, -2_000);
    await submitted('r-1', 'runware', {}, -1_000);
    runware.pollAnswer = succeedsAll;
    await round();
    expect(world.notifier.posted.map((t) => t.id)).toEqual(['r-1']);
    expect((await world.tasks.get('gone-1'))?.status).toBe('queued');
  });

  it('polls each provider once per round, for all of its due tasks', async () => {
    await submitted('r-1', 'runware');
    await submitted('r-2', 'runware');
    await submitted('r-later', 'runware', {}, 5_000);
    await submitted('k-1', 'kling');
    await round();
    expect(runware.polled.map((batch) => batch.map((t) => t.id).sort())).toEqual([['r-1', 'r-2']]);
    expect(kling.polled.map((batch) => batch.map((t) => t.id))).toEqual([['k-1']]);
  });
});

describe('TaskPoller: a provider that is not configured', () => {
  it('tells the requester once, keeps the task, and times it out as usual', async () => {
    await submitted('gone-1', 'imini');
    await round();
    expect(world.notifier.told).toHaveLength(1);
    expect(world.notifier.told[0]?.text).toBe(
      'your video is waiting: the bot is not set up for imini right now. It goes on if imini is configured again before it times out.',
    );
    expect(await world.tasks.get('gone-1')).toMatchObject({ status: 'queued', waitingNoticeAt: world.clock.now });

    world.clock.now += TIMES.pollMaxIntervalMs;
    await round();
    expect(world.notifier.told).toHaveLength(1);
    expect((await world.tasks.get('gone-1'))?.status).toBe('queued');

    world.clock.now += TIMES.timeoutMs;
    await round();
    await round();
    expect(world.notifier.told).toHaveLength(1);
    expect(world.notifier.posted.map((t) => [t.id, t.status, t.failure?.kind])).toEqual([['gone-1', 'failed', 'timeout']]);
  });
});

describe('TaskPoller: time-outs', () => {
  it('fails a task past the time-out in plain words without polling it', async () => {
    await submitted('r-old', 'runware', { submittedAt: world.clock.now - TIMES.timeoutMs - 1 });
    await round();
    expect(runware.polled).toEqual([]);
    const failed = await world.tasks.get('r-old');
    expect(failed).toMatchObject({ status: 'failed', failure: { kind: 'timeout', userMessage: 'The video took too long and was given up on.' } });
    expect(world.notifier.posted.map((t) => t.id)).toEqual(['r-old']);
  });
});

describe('TaskPoller: outcomes not yet in Discord', () => {
  async function finishedUndelivered(completedAgo: number): Promise<StoredTask> {
    return submitted('r-done', 'runware', {
      status: 'succeeded',
      completedAt: world.clock.now - completedAgo,
      results: [{ id: 'v', url: 'https://cdn.example/v.mp4' }],
    });
  }

  it('redelivers a finished task, looking for an earlier post first', async () => {
    await finishedUndelivered(60_000);
    await round();
    expect(world.notifier.looked.map((t) => t.id)).toEqual(['r-done']);
    expect(world.notifier.posted.map((t) => t.id)).toEqual(['r-done']);
    expect(runware.polled).toEqual([]);
    expect((await world.tasks.get('r-done'))?.resultMessageId).toBe('msg-1');
    expect(await world.claimAt(world.clock.now + 3_600_000)).toEqual([]);
  });

  it('records an earlier post it finds instead of posting again', async () => {
    await finishedUndelivered(60_000);
    world.notifier.found = { messageId: 'earlier', viaDm: false };
    await round();
    expect(world.notifier.posted).toEqual([]);
    expect((await world.tasks.get('r-done'))?.resultMessageId).toBe('earlier');
  });

  it('backs off with the time since the task finished when Discord still refuses', async () => {
    await finishedUndelivered(100_000);
    world.notifier.failPosts = 10;
    await round();
    expect(await world.claimAt(world.clock.now + 49_999)).toEqual([]);
    expect((await world.claimAt(world.clock.now + 50_000)).map((t) => t.id)).toEqual(['r-done']);
  });

  it('frees a task already delivered without posting it again', async () => {
    await submitted('r-done', 'runware', { status: 'succeeded', completedAt: 0, resultMessageId: 'm-1' });
    await round();
    expect(world.notifier.looked).toEqual([]);
    expect(world.notifier.posted).toEqual([]);
    expect(await world.claimAt(world.clock.now + 3_600_000)).toEqual([]);
  });
});

describe('TaskPoller: tasks stored but never submitted', () => {
  it('asks the provider first and submits only a task it has never seen', async () => {
    await submitted('r-new', 'runware', { status: 'pending', submittedAt: undefined, providerTaskId: undefined });
    runware.pollAnswer = (tasks) =>
      tasks.map((t) => ({ kind: 'failed' as const, providerTaskId: t.providerTaskId ?? t.id, failure: { kind: 'not_found' as const, userMessage: 'gone' } }));
    await round();
    expect(runware.submitted.map((s) => s.task.id)).toEqual(['r-new']);
    expect(await world.tasks.get('r-new')).toMatchObject({ status: 'queued', providerTaskId: 'runware-r-new' });
  });

  it('retries later when the provider cannot be asked', async () => {
    await submitted('r-new', 'runware', { status: 'pending', submittedAt: undefined, providerTaskId: undefined });
    runware.pollError = new Error('runware is down');
    await round();
    expect(runware.submitted).toEqual([]);
    expect(world.log.at('error')).toContainEqual({
      obj: expect.objectContaining({ taskId: 'r-new' }),
      msg: 'could not resume an unsubmitted task; will retry',
    });
    expect(await world.claimAt(world.clock.now)).toEqual([]);
    expect((await world.claimAt(world.clock.now + TIMES.pollIntervalMs)).map((t) => t.id)).toEqual(['r-new']);
  });
});

// Completion's delivery: a finished task reaches Discord exactly once, whatever races it.
import { beforeEach, describe, expect, it } from 'vitest';
import type { VideoResult } from '../../src/domain/task.ts';
import type { FinishHook } from '../../src/flow/completion.ts';
import type { TaskUpdate } from '../../src/providers/provider.ts';
import type { StoredTask } from '../../src/store/task-repository.ts';
import { flowWorld, gate, LEASE_MS, settleEventLoop } from '../support/flow.ts';
import { makeTask } from '../support/tasks.ts';

const ID = 'task-0001';
const A: VideoResult = { id: 'vid-a', url: 'https://cdn.example/a.mp4', costUsd: 0.56 };
const B: VideoResult = { id: 'vid-b', url: 'https://cdn.example/b.mp4', costUsd: 0.61 };
const BOTH: TaskUpdate = { kind: 'results', providerTaskId: ID, complete: false, results: [A, B] };

let world: Awaited<ReturnType<typeof flowWorld>>;
let hookRuns: StoredTask[];
let running: StoredTask;

beforeEach(async () => {
  hookRuns = [];
  const failing: FinishHook = {
    name: 'broken',
    run: async () => {
      throw new Error('hook exploded');
    },
  };
  const recording: FinishHook = { name: 'record', run: async (task) => void hookRuns.push(task) };
  world = await flowWorld({ hooks: [failing, recording] });
  running = await world.tasks.create(
    makeTask({
      id: ID,
      providerTaskId: ID,
      status: 'queued',
      submittedAt: world.clock.now - 60_000,
      request: { variants: 2 },
      origin: { guildId: 'g', channelId: 'c', userId: 'u', statusMessageId: 'status-1' },
    }),
  );
});

describe('Completion: exactly one post', () => {
  it('posts a finished task once when deliver is called 5 times at once and settle twice', async () => {
    const { completion, notifier, tasks } = world;
    const slow = gate();
    notifier.gate = slow.promise;
    const settled = await Promise.all([completion.settle(running, [BOTH]), completion.settle(running, [BOTH])]);
    const finished = settled.find((t) => t?.status === 'succeeded');
    if (!finished) throw new Error('expected settle to finish the task');
    const answers = Promise.all(Array.from({ length: 5 }, () => completion.deliver(finished, { lookFirst: false })));
    slow.open();
    expect(await answers).toEqual([true, true, true, true, true]);
    await completion.drain();

    expect(notifier.posted).toHaveLength(1);
    expect(notifier.posted[0]?.results).toEqual([A, B]);
    const stored = await tasks.get(ID);
    expect(stored).toMatchObject({ status: 'succeeded', resultMessageId: 'msg-1', deliveredByDm: false });
    expect((await tasks.taskForMessage('msg-1'))?.id).toBe(ID);
    expect(await tasks.countOpen()).toBe(0);

    // Later attempts (a redelivery, a repeated callback) post nothing more.
    expect(await completion.deliver(finished, { lookFirst: true })).toBe(true);
    await completion.settle(running, [BOTH]);
    await completion.drain();
    expect(notifier.posted).toHaveLength(1);
    expect(notifier.looked).toHaveLength(0);
  });

  it('runs the finish hooks once per finish; a failing hook is logged and does not stop delivery', async () => {
    const { completion, notifier, log } = world;
    await completion.settle(running, [BOTH]);
    await completion.settle(running, [BOTH]);
    await completion.drain();
    expect(hookRuns).toHaveLength(1);
    expect(hookRuns[0]).toMatchObject({ id: ID, status: 'succeeded', completedAt: world.clock.now });
    expect(notifier.posted).toHaveLength(1);
    expect(log.at('error')).toContainEqual({ obj: expect.objectContaining({ taskId: ID, hook: 'broken' }), msg: 'finish hook failed' });
  });

  it('shows the status message as done once the outcome is recorded', async () => {
    const { completion, notifier } = world;
    await completion.settle(running, [BOTH]);
    await completion.drain();
    const last = notifier.statuses.at(-1);
    expect(last?.task).toMatchObject({ status: 'succeeded', resultMessageId: 'msg-1' });
    expect(last?.eta).toBeUndefined();
  });
});

describe('Completion.deliver with lookFirst', () => {
  it('records an outcome already in Discord instead of posting again', async () => {
    const { completion, notifier, tasks } = world;
    notifier.failPosts = 1;
    const finished = await completion.settle(running, [BOTH]);
    await completion.drain();
    notifier.found = { messageId: 'posted-before-crash', viaDm: true };
    expect(await completion.deliver(finished as StoredTask, { lookFirst: true })).toBe(true);
    expect(notifier.looked.map((t) => t.id)).toEqual([ID]);
    expect(notifier.posted).toHaveLength(0);
    expect(await tasks.get(ID)).toMatchObject({ resultMessageId: 'posted-before-crash', deliveredByDm: true });
    expect((await tasks.taskForMessage('posted-before-crash'))?.id).toBe(ID);
  });

  it('does not look first right after the task finished', async () => {
    const { completion, notifier } = world;
    notifier.found = { messageId: 'never-asked', viaDm: false };
    await completion.settle(running, [BOTH]);
    await completion.drain();
    expect(notifier.looked).toHaveLength(0);
    expect(notifier.posted).toHaveLength(1);
  });
});

describe('Completion: a post that fails', () => {
  it('leaves the task undelivered and due again; the next attempt posts it', async () => {
    const { completion, notifier, tasks, log, claimAt, clock } = world;
    notifier.failPosts = 1;
    const finished = await completion.settle(running, [BOTH]);
    await completion.drain();
    expect(notifier.posted).toHaveLength(0);
    expect((await tasks.get(ID))?.resultMessageId).toBeUndefined();
    expect(await tasks.countOpen()).toBe(1);
    const failure = log.at('error').find((e) => e.msg === 'result could not be delivered; will retry');
    expect(failure?.obj).toMatchObject({ taskId: ID, results: [A.url, B.url] });

    // The store hands it out again a few seconds later, not at once.
    expect(await claimAt(clock.now + 1_000)).toEqual([]);
    const [again] = await claimAt(clock.now + 5_000);
    expect(again).toMatchObject({ id: ID, status: 'succeeded' });
    expect(finished?.version).toBe(again?.version);

    expect(await completion.deliver(again as StoredTask, { lookFirst: true })).toBe(true);
    expect(notifier.looked).toHaveLength(1);
    expect(notifier.posted).toHaveLength(1);
    expect(await tasks.get(ID)).toMatchObject({ resultMessageId: 'msg-1' });
    expect(await claimAt(clock.now + 3_600_000)).toEqual([]);
  });

  it('answers false while Discord is down', async () => {
    const { completion, notifier } = world;
    notifier.failPosts = 1;
    const finished = (await world.tasks.replace(running, { ...running, status: 'failed', completedAt: world.clock.now })) as StoredTask;
    expect(await completion.deliver(finished, { lookFirst: false })).toBe(false);
  });
});

describe('Completion.drain', () => {
  it('waits for deliveries under way', async () => {
    const { completion, notifier, tasks } = world;
    const slow = gate();
    notifier.gate = slow.promise;
    await completion.settle(running, [BOTH]);
    let drained = false;
    const draining = completion.drain().then(() => (drained = true));
    await settleEventLoop();
    expect(drained).toBe(false);
    slow.open();
    await draining;
    expect(notifier.posted).toHaveLength(1);
    expect((await tasks.get(ID))?.resultMessageId).toBe('msg-1');
  });

  it('resolves at once when nothing is under way', async () => {
    await world.completion.drain();
    expect(world.notifier.posted).toHaveLength(0);
  });
});

describe('Completion: who holds a finished task', () => {
  it('the finishing process holds its delivery; another takes it over only after the lease', async () => {
    const { completion, claimAt, clock } = world;
    const slow = gate();
    world.notifier.gate = slow.promise;
    await completion.settle(running, [BOTH]);
    expect(await claimAt(clock.now + LEASE_MS - 1)).toEqual([]);
    expect((await claimAt(clock.now + LEASE_MS)).map((t) => t.id)).toEqual([ID]);
    slow.open();
    await completion.drain();
  });
});

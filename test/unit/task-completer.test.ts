import Keyv from 'keyv';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelKey } from '../../src/domain/models.ts';
import type { Task, TaskFailure, VideoResult } from '../../src/domain/task.ts';
import type { EtaBook } from '../../src/flow/eta-book.ts';
import type { Eta, Logger, TaskNotifier } from '../../src/flow/ports.ts';
import { TaskCompleter } from '../../src/flow/task-completer.ts';
import type { TaskUpdate } from '../../src/providers/provider.ts';
import { TaskStore } from '../../src/store/task-store.ts';

const ID = 'task-0001';

class FakeNotifier implements TaskNotifier {
  readonly posted: Task[] = [];
  failNext = 0;
  delayMs = 0;
  async showStatus(_task: Task, _eta: Eta, _now: number): Promise<void> {}
  async postOutcome(task: Task): Promise<{ messageId: string; viaDm: boolean }> {
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('Discord is down');
    }
    this.posted.push(task);
    return { messageId: `msg-${this.posted.length}`, viaDm: false };
  }
}

class FakeEta {
  readonly records: Array<{ model: ModelKey; duration: number; tookMs: number }> = [];
  async record(model: ModelKey, duration: number, tookMs: number): Promise<void> {
    this.records.push({ model, duration, tookMs });
  }
}

class FakeLog implements Logger {
  readonly errors: Array<{ obj: object; msg?: string }> = [];
  info(): void {}
  warn(): void {}
  debug(): void {}
  error(obj: object, msg?: string): void {
    this.errors.push({ obj, msg });
  }
}

function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: ID,
    request: { prompt: 'a heron taking off', model: 'kling-3-pro', duration: 5, aspectRatio: '16:9', sound: false, variants: 2 },
    origin: { guildId: 'g1', channelId: 'c1', userId: 'u1', statusMessageId: 'status-1' },
    provider: 'runware',
    providerTaskId: ID,
    webhookToken: 'tok',
    status: 'queued',
    results: [],
    estimatedCost: { usd: 1.12, estimated: true },
    createdAt: 500,
    submittedAt: 1_000,
    ...overrides,
  };
}

const A: VideoResult = { id: 'vid-a', url: 'https://cdn.example/a.mp4', costUsd: 0.56 };
const B: VideoResult = { id: 'vid-b', url: 'https://cdn.example/b.mp4', costUsd: 0.61 };
const FAILURE: TaskFailure = { kind: 'content_policy', userMessage: 'The provider refused this request.', detail: 'nsfw' };

function results(...list: VideoResult[]): TaskUpdate {
  return { kind: 'results', providerTaskId: ID, complete: false, results: list };
}
function failed(failure: TaskFailure = FAILURE): TaskUpdate {
  return { kind: 'failed', providerTaskId: ID, failure };
}

let store: TaskStore;
let notifier: FakeNotifier;
let eta: FakeEta;
let log: FakeLog;
let clock: number;
let completer: TaskCompleter;

beforeEach(async () => {
  store = new TaskStore(new Keyv());
  notifier = new FakeNotifier();
  eta = new FakeEta();
  log = new FakeLog();
  clock = 61_000;
  completer = new TaskCompleter({ store, notifier, eta: eta as unknown as EtaBook, log, now: () => clock });
});

describe('TaskCompleter.apply', () => {
  it('completes a 2-variant task from two separate deliveries', async () => {
    await store.create(makeTask());
    const afterFirst = await completer.apply(ID, [results(A)]);
    expect(afterFirst?.status).toBe('queued');
    expect(afterFirst?.results).toEqual([A]);
    expect(afterFirst?.completedAt).toBeUndefined();

    clock = 90_000;
    const afterSecond = await completer.apply(ID, [results(B)]);
    expect(afterSecond?.status).toBe('succeeded');
    expect(afterSecond?.results).toEqual([A, B]);
    expect(afterSecond?.completedAt).toBe(90_000);
    expect(afterSecond?.cost).toEqual({ usd: 1.17, estimated: false });
    expect(await store.get(ID)).toEqual(afterSecond);
  });

  it('ignores a repeated result before completion (deduped by result id)', async () => {
    await store.create(makeTask());
    await completer.apply(ID, [results(A)]);
    const again = await completer.apply(ID, [results(A), results({ ...A, url: 'https://cdn.example/a-copy.mp4' })]);
    expect(again?.results).toEqual([A]);
    expect(again?.status).toBe('queued');
  });

  it('a repeated delivery after completion changes nothing', async () => {
    await store.create(makeTask());
    await completer.apply(ID, [results(A, B)]);
    const done = await store.get(ID);
    clock = 999_999;
    const C: VideoResult = { id: 'vid-c', url: 'https://cdn.example/c.mp4', costUsd: 1 };
    const after = await completer.apply(ID, [results(A), results(C), failed()]);
    expect(after).toEqual(done);
    expect(await store.get(ID)).toEqual(done);
    expect(done?.completedAt).toBe(61_000);
  });

  it('a failure with zero results fails the task, without a cost', async () => {
    await store.create(makeTask());
    const task = await completer.apply(ID, [failed()]);
    expect(task?.status).toBe('failed');
    expect(task?.failure).toEqual(FAILURE);
    expect(task?.results).toEqual([]);
    expect(task?.cost).toBeUndefined();
    expect(task?.completedAt).toBe(61_000);
  });

  it('a failure after one of two results succeeds with the failure noted and the cost of what arrived', async () => {
    await store.create(makeTask());
    await completer.apply(ID, [results(A)]);
    const task = await completer.apply(ID, [failed()]);
    expect(task?.status).toBe('succeeded');
    expect(task?.results).toEqual([A]);
    expect(task?.failure).toEqual(FAILURE);
    expect(task?.cost).toEqual({ usd: 0.56, estimated: false });
  });

  it('cost falls back to the estimate (marked estimated) when a result has no reported cost', async () => {
    await store.create(makeTask());
    const task = await completer.apply(ID, [results({ id: 'x1', url: 'https://cdn.example/1.mp4' }, { ...B })]);
    expect(task?.status).toBe('succeeded');
    expect(task?.cost).toEqual({ usd: 1.12, estimated: true });
  });

  it('the estimate for a partial success is the share of the results that arrived', async () => {
    await store.create(makeTask({ request: { ...makeTask().request, variants: 4 }, estimatedCost: { usd: 2.24, estimated: true } }));
    await completer.apply(ID, [results({ id: 'x1', url: 'https://cdn.example/1.mp4' })]);
    const task = await completer.apply(ID, [failed()]);
    expect(task?.status).toBe('succeeded');
    expect(task?.cost).toEqual({ usd: 0.56, estimated: true });
  });

  it('uses a task-level cost when the provider reports one', async () => {
    await store.create(makeTask());
    const update: TaskUpdate = { kind: 'results', providerTaskId: ID, complete: false, results: [A, B], cost: { usd: 3, estimated: false, units: 6 } };
    const task = await completer.apply(ID, [update]);
    expect(task?.cost).toEqual({ usd: 3, estimated: false, units: 6 });
  });

  it('finishes early when the provider says every result is in', async () => {
    await store.create(makeTask());
    const task = await completer.apply(ID, [{ kind: 'results', providerTaskId: ID, complete: true, results: [A] }]);
    expect(task?.status).toBe('succeeded');
    expect(task?.results).toEqual([A]);
  });

  it('moves status forward only, stamping startedAt once', async () => {
    await store.create(makeTask());
    clock = 5_000;
    const generating = await completer.apply(ID, [{ kind: 'progress', providerTaskId: ID, status: 'generating', progress: 10 }]);
    expect(generating?.status).toBe('generating');
    expect(generating?.startedAt).toBe(5_000);
    clock = 7_000;
    const back = await completer.apply(ID, [
      { kind: 'progress', providerTaskId: ID, status: 'queued' },
      { kind: 'progress', providerTaskId: ID, status: 'generating' },
    ]);
    expect(back?.status).toBe('generating');
    expect(back?.startedAt).toBe(5_000);
  });

  it('ignores updates for another provider task id', async () => {
    await store.create(makeTask());
    const before = await store.get(ID);
    const after = await completer.apply(ID, [{ kind: 'results', providerTaskId: 'someone-else', complete: true, results: [A] }]);
    expect(after).toEqual(before);
  });

  it('matches on the task id while providerTaskId is not yet stored', async () => {
    await store.create(makeTask({ providerTaskId: undefined, status: 'pending', submittedAt: undefined }));
    const task = await completer.apply(ID, [results(A, B)]);
    expect(task?.status).toBe('succeeded');
  });

  it('answers undefined for an unknown task', async () => {
    expect(await completer.apply('nope', [results(A)])).toBeUndefined();
  });
});

describe('TaskCompleter.fail', () => {
  const TIMEOUT: TaskFailure = { kind: 'timeout', userMessage: 'The video took too long and was given up on.' };

  it('fails a task with nothing back', async () => {
    await store.create(makeTask());
    const task = await completer.fail(ID, TIMEOUT);
    expect(task?.status).toBe('failed');
    expect(task?.failure).toEqual(TIMEOUT);
    expect(task?.completedAt).toBe(61_000);
  });

  it('still reports what arrived before a time-out', async () => {
    await store.create(makeTask());
    await completer.apply(ID, [results(A)]);
    const task = await completer.fail(ID, TIMEOUT);
    expect(task?.status).toBe('succeeded');
    expect(task?.failure).toEqual(TIMEOUT);
    expect(task?.cost).toEqual({ usd: 0.56, estimated: false });
  });

  it('does not touch a finished task', async () => {
    await store.create(makeTask());
    const done = await completer.apply(ID, [results(A, B)]);
    expect(await completer.fail(ID, TIMEOUT)).toEqual(done);
  });
});

describe('TaskCompleter.deliver', () => {
  it('posts once even when called 5 times concurrently, then records message, open list and ETA', async () => {
    await store.create(makeTask());
    await completer.apply(ID, [results(A, B)]);
    notifier.delayMs = 20;
    const answers = await Promise.all(Array.from({ length: 5 }, () => completer.deliver(ID)));
    expect(answers).toEqual([true, true, true, true, true]);
    expect(notifier.posted).toHaveLength(1);
    expect(notifier.posted[0]?.results).toEqual([A, B]);
    const stored = await store.get(ID);
    expect(stored?.resultMessageId).toBe('msg-1');
    expect(stored?.deliveredByDm).toBe(false);
    expect((await store.taskForMessage('msg-1'))?.id).toBe(ID);
    expect(await store.openIds()).toEqual([]);
    expect(eta.records).toEqual([{ model: 'kling-3-pro', duration: 5, tookMs: 60_000 }]);

    expect(await completer.deliver(ID)).toBe(true);
    expect(notifier.posted).toHaveLength(1);
  });

  it('posts nothing for a task still running (or unknown), answering false', async () => {
    await store.create(makeTask());
    await completer.apply(ID, [results(A)]);
    expect(await completer.deliver(ID)).toBe(false);
    expect(await completer.deliver('unknown-task')).toBe(false);
    expect(notifier.posted).toEqual([]);
    expect(await store.openIds()).toEqual([ID]);
  });

  it('posts a failure but records no ETA for it', async () => {
    await store.create(makeTask());
    await completer.apply(ID, [failed()]);
    await completer.deliver(ID);
    expect(notifier.posted.map((t) => t.status)).toEqual(['failed']);
    expect(eta.records).toEqual([]);
  });

  it('keeps the task open and logs when posting fails, and posts on the next call', async () => {
    await store.create(makeTask());
    await completer.apply(ID, [results(A, B)]);
    notifier.failNext = 1;
    expect(await completer.deliver(ID)).toBe(false);
    expect(notifier.posted).toEqual([]);
    expect((await store.get(ID))?.resultMessageId).toBeUndefined();
    expect(await store.openIds()).toEqual([ID]);
    expect(log.errors).toHaveLength(1);
    expect(log.errors[0]?.obj).toMatchObject({ taskId: ID, results: [A.url, B.url] });

    expect(await completer.deliver(ID)).toBe(true);
    expect(notifier.posted).toHaveLength(1);
    expect((await store.get(ID))?.resultMessageId).toBe('msg-1');
  });
});

describe('drain (clean shutdown)', () => {
  it('waits for deliveries under way before the store may close', async () => {
    await store.create(makeTask());
    await completer.apply(ID, [results(A, B)]);
    notifier.delayMs = 80;
    void completer.deliver(ID);
    let drained = false;
    const draining = completer.drain().then(() => (drained = true));
    await sleep(20);
    expect(drained).toBe(false);
    await draining;
    expect(notifier.posted).toHaveLength(1);
    expect((await store.get(ID))?.resultMessageId).toBe('msg-1');
  });
});

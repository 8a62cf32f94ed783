// RunwareProvider against the fake Runware server: provider-wide poll rounds in batches, the upload
// URL, and aborting.
import { memoryMedia } from '../support/store.ts';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import { ProviderError } from '../../src/providers/provider-error.ts';
import { POLL_BATCH_SIZE, RunwareProvider } from '../../src/providers/runware/runware-provider.ts';
import { FakeRunware } from '../support/runware/index.ts';
import { makeTask } from '../support/tasks.ts';

let fake: FakeRunware;
let media: MediaStore;

beforeEach(async () => {
  fake = await FakeRunware.start({ apiKey: 'rw' });
  media = await memoryMedia();
});
afterEach(() => fake.close());

const provider = () => new RunwareProvider({ apiKey: 'rw', apiUrl: fake.url, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 } });

async function submitted(count: number): Promise<Task[]> {
  const runware = provider();
  const tasks = Array.from({ length: count }, () => makeTask({ id: randomUUID() }));
  for (const task of tasks) await runware.submit(task, { media });
  return tasks.map((task) => ({ ...task, providerTaskId: task.id, status: 'queued' as const }));
}

const getResponseBatches = () =>
  fake.received
    .filter((r) => Array.isArray(r.body) && (r.body as Array<{ taskType?: string }>)[0]?.taskType === 'getResponse')
    .map((r) => (r.body as unknown[]).length);

describe('RunwareProvider.poll: one round, one getResponse request per 50 tasks', () => {
  it('asks for 120 tasks in three requests and reports every one', async () => {
    expect(POLL_BATCH_SIZE).toBe(50);
    const tasks = await submitted(120);
    await fake.completeTask(tasks[0]!.id, { deliver: false });
    await fake.completeTask(tasks[119]!.id, { deliver: false });
    const updates = await provider().poll(tasks);
    expect(getResponseBatches()).toEqual([50, 50, 20]);
    expect(new Set(updates.map((u) => u.providerTaskId)).size).toBe(120);
    expect(updates.filter((u) => u.kind === 'results').map((u) => u.providerTaskId)).toEqual([tasks[0]!.id, tasks[119]!.id]);
  });

  it('a failed batch hides nothing of the others; only when every batch failed does the round throw', async () => {
    const tasks = await submitted(60);
    fake.failNextRequests([{ status: 401, body: { errors: [{ code: 'invalidApiKey', message: 'key revoked' }] } }]);
    const updates = await provider().poll(tasks);
    expect(updates.map((u) => u.providerTaskId)).toEqual(tasks.slice(50).map((t) => t.id));
    fake.failNextRequests([
      { status: 401, body: { errors: [{ code: 'invalidApiKey', message: 'key revoked' }] } },
      { status: 401, body: { errors: [{ code: 'invalidApiKey', message: 'key revoked' }] } },
    ]);
    const error = await provider()
      .poll(tasks)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('auth');
  });

  it('keeps a video whose cost is not a price, and says so in anomalies', async () => {
    const [task] = await submitted(1);
    await fake.completeTask(task!.id, { deliver: false, cost: 1e305 });
    const [update] = await provider().poll([task!]);
    expect(update).toMatchObject({ kind: 'results', results: [{ url: expect.stringMatching(/\.mp4$/) }], anomalies: [expect.stringContaining('1e+305')] });
    expect(update?.kind === 'results' && update.results[0]?.costUsd).toBeUndefined();
  });
});

describe('RunwareProvider.submit: upload URL and abort', () => {
  it('sends the upload URL as uploadEndpoint, and the fake PUTs the video there', async () => {
    const task = makeTask({ id: randomUUID() });
    await provider().submit(task, { media, uploadUrl: 'http://127.0.0.1:9/bucket/video.mp4?sig=1' });
    expect((await fake.waitForVideoTask())['uploadEndpoint']).toBe('http://127.0.0.1:9/bucket/video.mp4?sig=1');
    await fake.completeTask(task.id, { deliver: false });
    expect(fake.videoPuts.map((p) => [p.taskUUID, p.url])).toEqual([[task.id, 'http://127.0.0.1:9/bucket/video.mp4?sig=1']]);
  });

  it('does not retry once aborted: a submit aborted during a 503 sends one request and rejects with the reason', async () => {
    const controller = new AbortController();
    fake.failNextRequests([{ status: 503 }, { status: 503 }, { status: 503 }]);
    const runware = new RunwareProvider({
      apiKey: 'rw',
      apiUrl: fake.url,
      retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 },
      onRetry: () => controller.abort(new Error('bot stopping')),
    });
    await expect(runware.submit(makeTask({ id: randomUUID() }), { media, signal: controller.signal })).rejects.toThrow('bot stopping');
    expect(fake.videoRequests()).toHaveLength(1);
  });
});

import Keyv from 'keyv';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../src/domain/request.ts';
import type { Task } from '../../src/domain/task.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import { IminiProvider } from '../../src/providers/imini/imini-provider.ts';
import { ProviderError } from '../../src/providers/provider-error.ts';
import { makePng } from '../support/images.ts';
import { FakeImini } from '../support/imini/index.ts';
import { freePort } from '../support/ports.ts';
import { makeTask } from '../support/tasks.ts';

const PRICES = 'kling-3-omni-standard=0.084/0.112,kling-3-omni-pro=0.112/0.14,kling-3-standard=0.084/0.126,kling-3-pro=0.112/0.168';
let fake: FakeImini;
let media: MediaStore;
let provider: IminiProvider;
let retries: Array<{ taskId: string; kind: string }>;

beforeAll(async () => {
  fake = await FakeImini.start({ apiKey: 'ik-test' });
});
afterAll(() => fake.close());
beforeEach(() => {
  media = new MediaStore(new Keyv());
  retries = [];
  provider = make(fake.url);
});

function make(apiUrl: string, apiKey = 'ik-test'): IminiProvider {
  return new IminiProvider({
    apiUrl,
    apiKey,
    prices: PRICES,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
    onRetry: (taskId, e) => retries.push({ taskId, kind: e.kind }),
  });
}

function task(id: string, overrides: Partial<VideoRequest> = {}, providerTaskId?: string): Task {
  return makeTask({
    id,
    providerTaskId,
    provider: 'imini',
    webhookToken: 't',
    status: providerTaskId ? 'queued' : 'pending',
    request: { prompt: `prompt ${id}`, model: 'kling-3-omni-standard', ...overrides },
  });
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const createsFor = (id: string) => fake.createRequests().filter((b) => b.prompt === `prompt ${id}`);
const tasksFor = (id: string) => [...fake.tasks.values()].filter((t) => t.request.prompt === `prompt ${id}`);

describe('IminiProvider basics', () => {
  it('is polled, named imini, and refuses to parse callbacks', () => {
    expect([provider.name, provider.label, provider.delivery]).toEqual(['imini', 'imini', 'poll']);
    expect(() => provider.parseCallback()).toThrow(/imini documents no callbacks/);
  });

  it('throws a clear error for malformed IMINI_PRICES', () => {
    expect(() => new IminiProvider({ apiUrl: fake.url, apiKey: 'k', prices: 'kling-3-pro=cheap' })).toThrow(/IMINI_PRICES is malformed/);
  });

  it('refuses 4K by naming `model`, and estimates from the price table', () => {
    expect(provider.unsupported(task('u', { model: 'kling-3-4k' }).request)).toEqual([{ option: 'model', message: 'Kling 3.0 4K is not available on imini' }]);
    expect(provider.unsupported(task('u2').request)).toEqual([]);
    expect(provider.estimateCost(task('e', { sound: true }).request)).toEqual({ usd: 0.56, estimated: true });
  });
});

describe('IminiProvider.submit', () => {
  it('creates one task with the bearer key and returns imini’s task_id', async () => {
    const { providerTaskId } = await provider.submit(task('s1'), { media });
    expect(providerTaskId).toMatch(/^task_\d+$/);
    const sent = fake.received.at(-1);
    expect(sent).toMatchObject({ method: 'POST', path: '/imini/router/v1/videos/generate', authorization: 'Bearer ik-test' });
    expect(sent?.body).toEqual({
      model: 'kling/kling-v3-omni',
      prompt: 'prompt s1',
      resolution: '720P',
      aspect_ratio: '16:9',
      duration: 5,
      generate_audio: false,
    });
    expect(fake.tasks.has(providerTaskId)).toBe(true);
  });

  it('sends kept frame images inline as data URIs', async () => {
    const png = makePng(800, 600);
    const ref = await media.save(png, { contentType: 'image/png', width: 800, height: 600, filename: 'f.png' });
    await provider.submit(task('s2', { model: 'kling-3-pro', firstFrame: ref, lastFrame: ref }), { media });
    const dataUri = `data:image/png;base64,${png.toString('base64')}`;
    expect(createsFor('s2')[0]?.reference_images).toEqual([
      { url: dataUri, reference_type: 'first_frame' },
      { url: dataUri, reference_type: 'last_frame' },
    ]);
    expect(tasksFor('s2')).toHaveLength(1);
  });

  it('retries answered 429/500/502 and creates exactly one task', async () => {
    fake.failNextRequests([{ status: 429 }, { status: 502, body: { message: 'upstream model error' } }]);
    await provider.submit(task('s3'), { media });
    expect(createsFor('s3')).toHaveLength(3);
    expect(tasksFor('s3')).toHaveLength(1);
    expect(retries).toEqual([
      { taskId: 's3', kind: 'rate_limit' },
      { taskId: 's3', kind: 'server' },
    ]);
  });

  it('gives up after the retries with a retryable error (nothing was created)', async () => {
    fake.failNextRequests([{ status: 500 }, { status: 500 }, { status: 500 }]);
    const error = await rejection(provider.submit(task('s4'), { media }));
    expect([error.kind, error.retryable]).toEqual(['server', true]);
    expect(createsFor('s4')).toHaveLength(3);
    expect(tasksFor('s4')).toHaveLength(0);
  });

  it('never resubmits after a dropped connection: the task may exist', async () => {
    fake.failNextRequests('drop-after-accept');
    const error = await rejection(provider.submit(task('s5'), { media }));
    expect([error.kind, error.retryable, error.code]).toEqual(['network', false, 'NO_RESPONSE']);
    expect(error.userMessage).toMatch(/could not reach the video provider/);
    expect(createsFor('s5')).toHaveLength(1);
    expect(tasksFor('s5')).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('retries a connection that was never opened, then fails retryable', async () => {
    const closed = make(`http://127.0.0.1:${await freePort()}/imini/router`);
    const error = await rejection(closed.submit(task('s6'), { media }));
    expect([error.kind, error.retryable, error.code]).toEqual(['network', true, 'NO_CONNECTION']);
  });

  it.each([
    [401, { error: { code: 'unauthorized', message: 'invalid key' } }, 'auth'],
    [402, { message: 'insufficient credits' }, 'balance'],
    [400, { error: { code: 'invalid_parameter', message: 'prompt blocked by content safety' } }, 'content_policy'],
  ] as const)('maps HTTP %i without retrying', async (status, body, kind) => {
    fake.failNextRequests({ status, body });
    const error = await rejection(provider.submit(task(`s7-${status}`), { media }));
    expect([error.kind, error.retryable]).toEqual([kind, false]);
    expect(createsFor(`s7-${status}`)).toHaveLength(1);
  });

  it('maps a wrong key to auth (the fake checks the bearer key) and a refused body to invalid_parameter', async () => {
    expect((await rejection(make(fake.url, 'wrong').submit(task('s8'), { media }))).kind).toBe('auth');
    const error = await rejection(provider.submit(task('s9', { duration: 4, shots: [{ prompt: 'a', duration: 1 }] }), { media }));
    expect([error.kind, error.status]).toEqual(['invalid_parameter', 400]);
    expect(error.message).toMatch(/durations sum to 1, duration is 4/);
  });
});

describe('IminiProvider.poll', () => {
  it('maps queued, processing, succeeded (cover as thumbnail, estimated cost), failed and expired tasks', async () => {
    const ids = await Promise.all(['p1', 'p2', 'p3', 'p4', 'p5'].map(async (id) => (await provider.submit(task(id), { media })).providerTaskId));
    const [queued, processing, done, failed, expired] = ids as [string, string, string, string, string];
    fake.advance(processing);
    fake.succeed(done);
    fake.fail(failed, { code: 'content_safety', message: 'output flagged by safety review' });
    fake.expire(expired);
    const updates = await provider.poll(ids.map((id, i) => task(`p${i + 1}`, {}, id)));
    expect(updates).toHaveLength(5);
    expect(updates.find((u) => u.providerTaskId === queued)).toEqual({ kind: 'progress', providerTaskId: queued, status: 'queued' });
    expect(updates.find((u) => u.providerTaskId === processing)).toEqual({ kind: 'progress', providerTaskId: processing, status: 'generating' });
    expect(updates.find((u) => u.providerTaskId === done)).toEqual({
      kind: 'results',
      providerTaskId: done,
      complete: true,
      cost: { usd: 0.42, estimated: true },
      results: [
        {
          id: `${done}#0`,
          url: `${fake.url.replace('/imini/router', '')}/file/${done}.mp4`,
          thumbnailUrl: `${fake.url.replace('/imini/router', '')}/file/${done}.jpg`,
        },
      ],
    });
    expect(updates.find((u) => u.providerTaskId === failed)).toMatchObject({ kind: 'failed', failure: { kind: 'content_policy' } });
    expect(updates.find((u) => u.providerTaskId === expired)).toMatchObject({
      kind: 'failed',
      failure: { kind: 'not_found', userMessage: expect.stringMatching(/missing or expired/) },
    });
    expect(fake.received.filter((r) => r.method === 'GET').every((r) => r.authorization === 'Bearer ik-test')).toBe(true);
  });

  it('skips a task whose query failed, and throws only when every query failed', async () => {
    const a = (await provider.submit(task('q1'), { media })).providerTaskId;
    const b = (await provider.submit(task('q2'), { media })).providerTaskId;
    fake.failNextRequests({ status: 503 }, { on: 'query' });
    const updates = await provider.poll([task('q1', {}, a), task('q2', {}, b)]);
    expect(updates).toHaveLength(1);
    fake.failNextRequests([{ status: 500 }, { status: 500 }], { on: 'query' });
    expect((await rejection(provider.poll([task('q1', {}, a), task('q2', {}, b)]))).kind).toBe('server');
  });

  it('fails a task that has no imini task_id instead of reporting it unknown (which would resubmit it)', async () => {
    const before = fake.received.length;
    const [update] = await provider.poll([task('r1', {}, 'r1')]);
    expect(update).toMatchObject({ kind: 'failed', providerTaskId: 'r1', failure: { kind: 'network', userMessage: expect.stringMatching(/not sent again/) } });
    expect(fake.received.length).toBe(before);
  });

  it('asks at most 4 at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = createServer((req, res) => {
      peak = Math.max(peak, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ task_id: req.url?.split('/').pop(), status: 'processing' }));
      }, 30);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const slow = make(`http://127.0.0.1:${(server.address() as AddressInfo).port}/imini/router`);
    const tasks = Array.from({ length: 10 }, (_, i) => task(`c${i}`, {}, `task_${i}`));
    const updates = await slow.poll(tasks);
    server.close();
    expect(updates.map((u) => u.providerTaskId)).toEqual(tasks.map((t) => t.providerTaskId));
    expect(peak).toBe(4);
  });
});

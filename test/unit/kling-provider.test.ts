import { memoryMedia, memoryStore } from '../support/store.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../src/domain/request.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import { ProviderError } from '../../src/providers/provider-error.ts';
import { KlingProvider, type KlingOptions } from '../../src/providers/kling/kling-provider.ts';
import { makePng } from '../support/images.ts';
import { FakeKling } from '../support/kling/index.ts';
import { element, klingTask } from '../support/kling/fixtures.ts';

let fake: FakeKling;
let media: MediaStore;
let retries: Array<{ taskId: string; kind: string; code?: string }>;
let seq = 0;

beforeAll(async () => {
  fake = await FakeKling.start({ accessKey: 'ak', secretKey: 'sk', apiKey: 'api-key-1' });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  fake.requests.length = 0;
  fake.rejectWith(null);
  media = await memoryMedia();
  retries = [];
});

function provider(options: Partial<KlingOptions> = {}): KlingProvider {
  return new KlingProvider({
    apiUrl: fake.url,
    accessKey: 'ak',
    secretKey: 'sk',
    unitPriceUsd: 0.14,
    busyDelayMs: 1,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
    onRetry: (taskId, error) => retries.push({ taskId, kind: error.kind, code: error.code }),
    ...options,
  });
}

const newTask = (overrides: Partial<VideoRequest> = {}) => klingTask(`task-${String(++seq)}-${String(Date.now())}`, overrides);
const calls = () => fake.requests.map((r) => `${r.method} ${r.path}`);

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('KlingProvider.submit', () => {
  it('creates a text2video task with a JWT the server verifies and returns our id', async () => {
    const task = newTask();
    expect(await provider().submit(task, { media, callbackUrl: 'http://127.0.0.1:1/webhooks/kling/x?token=t' })).toEqual({ providerTaskId: task.id });
    expect(calls()).toEqual(['POST /v1/videos/text2video']);
    expect(fake.requests[0]?.jwt?.claims).toMatchObject({ iss: 'ak' });
    expect(fake.task(task.id)).toMatchObject({ externalTaskId: task.id, endpoint: 'text2video', status: 'submitted' });
  });

  it('sends a plain API key when one is configured', async () => {
    await provider({ apiKey: 'api-key-1', accessKey: undefined, secretKey: undefined }).submit(newTask(), { media });
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer api-key-1');
  });

  it('sends frames as raw base64 from the media store (image2video; omni image_list)', async () => {
    const png = makePng(640, 360);
    const ref = await media.save(png, { contentType: 'image/png', width: 640, height: 360, filename: 'f.png' });
    await provider().submit(newTask({ firstFrame: ref, lastFrame: ref }), { media });
    expect(fake.createRequests('image2video')[0]?.body).toMatchObject({ image: png.toString('base64'), image_tail: png.toString('base64') });
    await provider().submit(newTask({ model: 'kling-3-omni-standard', firstFrame: ref }), { media });
    expect(fake.createRequests('omni-video')[0]?.body.image_list).toEqual([{ image_url: png.toString('base64'), type: 'first_frame' }]);
  });

  it('registers an element without a Kling id first, then uses its id', async () => {
    const png = makePng(500, 500);
    const frontal = await media.save(png, { contentType: 'image/png', width: 500, height: 500, filename: 'hero.png' });
    await provider().submit(newTask({ model: 'kling-3-omni-standard', elements: [element('hero', undefined, { frontal }), element('saved', '5')] }), { media });
    expect(calls()).toEqual(['POST /v1/general/custom-elements', 'POST /v1/videos/omni-video']);
    const created = [...fake.elements.keys()].at(-1);
    expect(fake.createRequests('omni-video')[0]?.body.element_list).toEqual([{ element_id: created }, { element_id: 5 }]);
  });

  const refusals: Array<[number, string]> = [
    [1000, 'auth'],
    [1102, 'balance'],
    [1103, 'auth'],
    [1201, 'invalid_parameter'],
    [1301, 'content_policy'],
    [1304, 'auth'],
  ];
  for (const [code, kind] of refusals) {
    it(`maps code ${String(code)} to ${kind} without retrying`, async () => {
      fake.rejectWith(code);
      const error = await providerError(provider().submit(newTask(), { media }));
      expect(error.kind).toBe(kind);
      expect(error.code).toBe(String(code));
      expect(calls()).toEqual(['POST /v1/videos/text2video']);
      expect(retries).toEqual([]);
    });
  }

  it('retries 1302/1303 without asking first, and creates the task once', async () => {
    fake.failNextRequests([
      { status: 429, body: { code: 1303, message: 'parallel task over resource pack limit' } },
      { status: 429, body: { code: 1302, message: 'too fast' } },
    ]);
    const task = newTask();
    await provider().submit(task, { media });
    expect(calls()).toEqual(['POST /v1/videos/text2video', 'POST /v1/videos/text2video', 'POST /v1/videos/text2video']);
    expect(retries).toEqual([
      { taskId: task.id, kind: 'rate_limit', code: '1303' },
      { taskId: task.id, kind: 'rate_limit', code: '1302' },
    ]);
    expect([...fake.tasks.values()].filter((t) => t.externalTaskId === task.id)).toHaveLength(1);
  });

  it('waits the busy delay before retrying a busy answer', async () => {
    fake.failNextRequests([{ status: 429, body: { code: 1303, message: 'busy' } }]);
    const started = Date.now();
    await provider({ busyDelayMs: 250 }).submit(newTask(), { media });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('after a 5xx asks Kling whether the task landed, and resends only when it did not', async () => {
    fake.failNextRequests([{ status: 500, body: { code: 5000, message: 'oops' } }]);
    const task = newTask();
    await provider().submit(task, { media });
    expect(calls()).toEqual(['POST /v1/videos/text2video', `GET /v1/videos/text2video/${task.id}`, 'POST /v1/videos/text2video']);
  });

  it('never submits twice when the answer to an accepted create was lost', async () => {
    fake.failNextRequests(['drop-after-accept']);
    const task = newTask({ model: 'kling-3-omni-pro' });
    await provider().submit(task, { media });
    expect(calls()).toEqual(['POST /v1/videos/omni-video', `GET /v1/videos/omni-video/${task.id}`]);
    expect(fake.createRequests()).toHaveLength(1);
  });

  it('treats "external_task_id already exists" after a lost answer as accepted', async () => {
    fake.failNextRequests(['drop-after-accept', { status: 404, body: { code: 1203, message: 'not found yet' } }]);
    await provider().submit(newTask(), { media });
    expect(calls()).toHaveLength(3);
    expect(fake.tasks.size).toBeGreaterThan(0);
  });

  it('retries a dropped connection after checking, and gives up as "server" after the retries', async () => {
    fake.failNextRequests('drop-connection');
    await provider().submit(newTask(), { media });
    expect(calls().filter((c) => c.startsWith('POST'))).toHaveLength(2);
    fake.requests.length = 0;
    fake.rejectWith(5001, 'maintenance');
    const error = await providerError(provider().submit(newTask(), { media }));
    expect(error.kind).toBe('server');
    expect(calls().filter((c) => c.startsWith('POST'))).toHaveLength(3);
  });
});

describe('KlingProvider.poll', () => {
  it('reads each endpoint’s task list, queries the task it did not show by our id, and maps states; unknown tasks are not_found', async () => {
    const kling = provider();
    const done = newTask();
    const running = newTask({ model: 'kling-3-omni-standard' });
    await kling.submit(done, { media });
    await kling.submit(running, { media });
    await fake.succeed(done.id, { units: '3' });
    await fake.progress(running.id);
    const ghost = newTask();
    const updates = await kling.poll([done, running, ghost].map((t) => ({ ...t, providerTaskId: t.id })));
    expect(updates).toContainEqual({
      kind: 'results',
      providerTaskId: done.id,
      complete: true,
      results: [{ id: `vid-${fake.task(done.id).taskId}`, url: expect.stringMatching(/\.mp4$/) as unknown as string }],
      cost: { usd: 0.42, units: 3, estimated: false },
    });
    expect(updates).toContainEqual({ kind: 'progress', providerTaskId: running.id, status: 'generating' });
    expect(updates).toContainEqual(
      expect.objectContaining({ kind: 'failed', providerTaskId: ghost.id, failure: expect.objectContaining({ kind: 'not_found' }) as unknown }),
    );
    const polled = calls().filter((c) => c.startsWith('GET'));
    expect(polled.sort()).toEqual(['GET /v1/videos/omni-video', 'GET /v1/videos/text2video', `GET /v1/videos/text2video/${ghost.id}`].sort());
  });

  it('fails the round only when no task could be asked about', async () => {
    const kling = provider({ accessKey: 'ak', secretKey: 'wrong' });
    const error = await providerError(kling.poll([newTask(), newTask()]));
    expect(error.kind).toBe('auth');
    expect(await provider().poll([])).toEqual([]);
  });
});

describe('KlingProvider elements', () => {
  it('creates an element (frontal image again as the only reference) and lists it', async () => {
    const png = makePng(600, 600);
    const frontal = await media.save(png, { contentType: 'image/png', width: 600, height: 600, filename: 'knight.png' });
    const kling = provider();
    const id = await kling.createElement(element('Sir Reginald the Very Brave', undefined, { frontal, tags: ['hero'] }), media);
    expect(id).toMatch(/^\d+$/);
    const sent = fake.requests[0]?.body as Record<string, unknown>;
    expect(Object.keys(sent).sort()).toEqual(['element_description', 'element_frontal_image', 'element_name', 'element_refer_list']);
    expect(sent.element_name).toBe('Sir Reginald the Ver'); // 20 characters at most
    expect(sent.element_description).toBe('Sir Reginald the Very Brave');
    expect(sent.element_frontal_image === png.toString('base64')).toBe(true);
    expect(JSON.stringify(sent.element_refer_list) === JSON.stringify([{ image_url: png.toString('base64') }])).toBe(true);
    const listed = await kling.listElements();
    expect(listed).toContainEqual({
      id,
      name: 'Sir Reginald the Ver',
      description: 'Sir Reginald the Very Brave',
      imageUrl: `${fake.url}/elements/${id}/frontal.png`,
    });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/general/custom-elements', query: '?pageNum=1&pageSize=100' });
  });

  it('sends up to three extra images as references, and refuses an element without a frontal image', async () => {
    const refs = await Promise.all(
      [1, 2, 3, 4].map((n) => media.save(makePng(300 + n, 300), { contentType: 'image/png', width: 300 + n, height: 300, filename: `${String(n)}.png` })),
    );
    const [frontal, ...images] = refs;
    await provider().createElement(element('dog', undefined, { frontal, images, description: 'a small dog' }), media);
    expect((fake.requests[0]?.body as { element_refer_list: unknown[] }).element_refer_list).toHaveLength(3);
    const error = await providerError(provider().createElement(element('ghost'), media));
    expect(error.kind).toBe('invalid_parameter');
  });
});

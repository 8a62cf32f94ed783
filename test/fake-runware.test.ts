// Proves the fake Runware server speaks the protocol the bot relies on (https://runware.ai/docs/en/video-inference/api-reference).
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeRunware } from './support/runware/index.ts';

const API_KEY = 'test-key-123';
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

type Hook = { body: unknown; contentType: string | undefined };

/** Tiny webhook receiver: records every POST, answers `status`; GET /missing.png is a 404. */
class Receiver {
  readonly hooks: Hook[] = [];
  status = 200;
  url = '';
  readonly #server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST') {
        const text = Buffer.concat(chunks).toString('utf8');
        this.hooks.push({ body: JSON.parse(text) as unknown, contentType: req.headers['content-type'] });
      }
      res.writeHead(req.method === 'POST' ? this.status : 404).end();
    });
  });
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${String((this.#server.address() as AddressInfo).port)}`;
  }
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

let fake: FakeRunware;
const receiver = new Receiver();

async function post(body: unknown, key: string | null = API_KEY): Promise<{ status: number; json: Record<string, any> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  const res = await fetch(fake.url, { method: 'POST', headers, body: JSON.stringify(body) });
  // `any` keeps envelope assertions short; every shape is checked with expect() below.
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

function t2v(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    taskType: 'videoInference',
    taskUUID: randomUUID(),
    model: 'klingai:kling-video@3-standard',
    positivePrompt: 'A neon alley in the rain',
    width: 1280,
    height: 720,
    duration: 8,
    deliveryMethod: 'async',
    includeCost: true,
    ...extra,
  };
}

const poll = (taskUUID: string) => post([{ taskType: 'getResponse', taskUUID }]);

beforeAll(async () => {
  await receiver.start();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(async () => {
  await fake?.close();
  fake = await FakeRunware.start({ apiKey: API_KEY });
  receiver.hooks.length = 0;
  receiver.status = 200;
});

describe('FakeRunware', () => {
  it('rejects a wrong or missing API key with 401 invalidApiKey', async () => {
    const task = t2v();
    for (const key of ['wrong-key', null]) {
      const { status, json } = await post([task], key);
      expect(status).toBe(401);
      expect(json['errors'][0]).toMatchObject({ code: 'invalidApiKey', taskType: 'videoInference', taskUUID: task['taskUUID'] });
    }
    expect(fake.videoTasks.size).toBe(0);
    const viaAuthTask = await post([{ taskType: 'authentication', apiKey: API_KEY }, task], null);
    expect(viaAuthTask.status).toBe(200);
  });

  it('acks a valid text-to-video task and reports it as processing', async () => {
    const task = t2v({ webhookURL: `${receiver.url}/hook?token=abc` });
    const { status, json } = await post([task]);
    expect(status).toBe(200);
    expect(json).toEqual({ data: [{ taskType: 'videoInference', taskUUID: task['taskUUID'] }] });
    expect(fake.videoTasks.get(String(task['taskUUID']))?.status).toBe('processing');
    expect(await fake.waitForVideoTask((r) => r['taskUUID'] === task['taskUUID'])).toEqual(task);
    expect(fake.received[0]?.headers['authorization']).toBe(`Bearer ${API_KEY}`);
    const polled = await poll(String(task['taskUUID']));
    expect(polled.json).toEqual({ data: [{ taskType: 'videoInference', taskUUID: task['taskUUID'], status: 'processing' }] });
  });

  it('rejects a size the model does not list, naming the parameter', async () => {
    const task = t2v({ width: 1920, height: 1080 });
    const { status, json } = await post([task]);
    expect(status).toBe(400);
    expect(json['errors'][0]).toMatchObject({ code: 'invalidParameter', parameter: 'width', taskUUID: task['taskUUID'] });
    expect(fake.videoTasks.size).toBe(0);
    const both = await post([t2v({ inputs: { frameImages: ['https://example.com/a.jpg'] } })]);
    expect(both.json['errors'][0]).toMatchObject({ code: 'invalidParameter' });
  });

  it('rejects a reused taskUUID with duplicateTaskUUID', async () => {
    const task = t2v();
    expect((await post([task])).status).toBe(200);
    const again = await post([task]);
    expect(again.status).toBe(400);
    expect(again.json['errors'][0]).toMatchObject({ code: 'duplicateTaskUUID', parameter: 'taskUUID', taskUUID: task['taskUUID'] });
    expect(fake.videoTasks.size).toBe(1);
  });

  it('completeTask delivers one webhook per result in the chosen shape; getResponse returns the results', async () => {
    const task = t2v({ numberResults: 2, webhookURL: `${receiver.url}/hook` });
    await post([task]);
    const uuid = String(task['taskUUID']);
    expect(await fake.completeTask(uuid)).toEqual([200, 200]);
    const items = fake.videoTasks.get(uuid)?.results ?? [];
    expect(items).toHaveLength(2);
    expect(receiver.hooks.map((h) => h.body)).toEqual(items.map((item) => ({ data: [item] })));
    expect(receiver.hooks[0]?.contentType).toBe('application/json');
    expect(items[0]).toMatchObject({ taskType: 'videoInference', taskUUID: uuid, status: 'success', cost: 0.336 });
    expect((await poll(uuid)).json).toEqual({ data: items });
    const video = await fetch(items[0]?.videoURL ?? '');
    expect(video.headers.get('content-type')).toBe('video/mp4');

    const bare = t2v({ webhookURL: `${receiver.url}/hook` });
    await post([bare]);
    receiver.status = 500;
    expect(await fake.completeTask(String(bare['taskUUID']), { shape: 'bare', cost: 0.5 })).toEqual([500]);
    expect(receiver.hooks[2]?.body).toMatchObject({ taskUUID: bare['taskUUID'], status: 'success', cost: 0.5 });
    receiver.status = 200;
    expect(await fake.redeliver(2)).toBe(200);
    expect(receiver.hooks[3]?.body).toEqual(receiver.hooks[2]?.body);
  });

  it('failTask reports errors as an item or in errors[], and by webhook', async () => {
    const asItem = t2v({ webhookURL: `${receiver.url}/hook` });
    const asErrors = t2v();
    await post([asItem, asErrors]);
    const error = { code: 'providerContentPolicyViolation', message: 'blocked' };
    expect(await fake.failTask(String(asItem['taskUUID']), error)).toEqual([200]);
    expect(receiver.hooks[0]?.body).toEqual({ errors: [{ ...error, taskType: 'videoInference', taskUUID: asItem['taskUUID'], status: 'error' }] });
    expect((await poll(String(asItem['taskUUID']))).json['data'][0]).toMatchObject({ status: 'error', error });
    expect(await fake.failTask(String(asErrors['taskUUID']), error, { form: 'errors' })).toEqual([]);
    const polled = await poll(String(asErrors['taskUUID']));
    expect(polled.status).toBe(400);
    expect(polled.json['errors'][0]).toMatchObject({ ...error, status: 'error', taskUUID: asErrors['taskUUID'] });
    expect((await poll(randomUUID())).json['errors'][0]).toMatchObject({ code: 'taskFailedOrNotFound' });
  });

  it('failNextRequests: 503 once then normal processing; dropped connections before and after accepting', async () => {
    const task = t2v();
    fake.failNextRequests([{ status: 503 }, 'drop-connection']);
    expect((await post([task])).status).toBe(503);
    await expect(post([task])).rejects.toThrow();
    const ok = await post([task]);
    expect(ok.status).toBe(200);
    expect(ok.json['data'][0]).toMatchObject({ taskUUID: task['taskUUID'] });
    expect(fake.videoRequests()).toHaveLength(3);

    const lost = t2v();
    fake.failNextRequests(['drop-after-accept']);
    await expect(post([lost])).rejects.toThrow();
    expect(fake.videoTasks.get(String(lost['taskUUID']))?.status).toBe('processing');
    expect((await post([lost])).json['errors'][0]).toMatchObject({ code: 'duplicateTaskUUID' });
  });

  it('imageUpload returns an imageUUID for a data URI and invalidImage for an unreachable URL', async () => {
    const { status, json } = await post([{ taskType: 'imageUpload', taskUUID: randomUUID(), image: `data:image/png;base64,${PNG_1X1}` }]);
    expect(status).toBe(200);
    const item = json['data'][0];
    expect(item['imageUUID']).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.uploads.get(item['imageUUID'])?.image).toContain('data:image/png');
    expect((await fetch(item['imageURL'])).headers.get('content-type')).toBe('image/png');
    const bad = await post([{ taskType: 'imageUpload', taskUUID: randomUUID(), image: `${receiver.url}/missing.png` }]);
    expect(bad.status).toBe(400);
    expect(bad.json['errors'][0]).toMatchObject({ code: 'invalidImage', parameter: 'image' });
  });

  it('rejectVideoTasksWith, autoComplete and waitForVideoTask timeouts behave', async () => {
    fake.rejectVideoTasksWith({ status: 402, code: 'insufficientCredits', message: 'top up' });
    const rejected = await post([t2v()]);
    expect(rejected.status).toBe(402);
    expect(rejected.json['errors'][0]).toMatchObject({ code: 'insufficientCredits', taskType: 'videoInference' });
    fake.rejectVideoTasksWith(null);
    fake.autoComplete({ delayMs: 20, shape: 'bare' });
    const task = t2v({ webhookURL: `${receiver.url}/hook` });
    await post([task]);
    await expect.poll(() => receiver.hooks.length).toBe(1);
    expect(receiver.hooks[0]?.body).toMatchObject({ taskUUID: task['taskUUID'], status: 'success' });
    await expect(fake.waitForVideoTask((r) => r['model'] === 'nope', 50)).rejects.toThrow(/Received:[\s\S]*videoInference/);
  });
});

afterAll(async () => {
  await fake?.close();
});

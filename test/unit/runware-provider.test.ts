import Keyv from 'keyv';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../src/domain/request.ts';
import type { Task } from '../../src/domain/task.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import { ProviderError } from '../../src/providers/provider-error.ts';
import { RunwareProvider } from '../../src/providers/runware/runware-provider.ts';
import { makePng } from '../support/images.ts';
import { makeTask } from '../support/tasks.ts';

type Json = Record<string, unknown>;
interface Call {
  authorization: string | undefined;
  tasks: Json[];
}
interface Answer {
  status: number;
  body: unknown;
}

const calls: Call[] = [];
const answers: Array<Answer | ((tasks: Json[]) => Answer)> = [];
let url = '';

function ack(tasks: Json[]): Answer {
  return { status: 200, body: { data: tasks.map((t) => ({ taskType: t.taskType, taskUUID: t.taskUUID })) } };
}

const server: Server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const tasks = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json[];
    calls.push({ authorization: req.headers.authorization, tasks });
    const next = answers.shift() ?? ack;
    const answer = typeof next === 'function' ? next(tasks) : next;
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let media: MediaStore;
let provider: RunwareProvider;
let retries: Array<{ taskId: string; kind: string; attempt: number }>;

beforeEach(() => {
  calls.length = 0;
  answers.length = 0;
  media = new MediaStore(new Keyv());
  retries = [];
  provider = new RunwareProvider({
    apiKey: 'rw-test-key',
    apiUrl: url,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
    onRetry: (taskId, error, attempt) => retries.push({ taskId, kind: error.kind, attempt }),
  });
});

function task(id: string, overrides: Partial<VideoRequest> = {}): Task {
  return makeTask({ id, request: { prompt: 'waves on a beach', ...overrides } });
}

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

describe('RunwareProvider.submit', () => {
  it('posts one videoInference task with the bearer key and the callback URL', async () => {
    const hook = 'https://bot.example.com/webhooks/runware/t-1?token=tok';
    expect(await provider.submit(task('t-1'), { callbackUrl: hook, media })).toEqual({ providerTaskId: 't-1' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.authorization).toBe('Bearer rw-test-key');
    expect(calls[0]?.tasks).toHaveLength(1);
    expect(calls[0]?.tasks[0]).toMatchObject({
      taskType: 'videoInference',
      taskUUID: 't-1',
      model: 'klingai:kling-video@3-standard',
      webhookURL: hook,
      width: 1280,
      height: 720,
    });
  });

  it('uploads a frame once as a data URI and reuses the imageUUID afterwards', async () => {
    const png = makePng(640, 360);
    const ref = await media.save(png, { contentType: 'image/png', width: 640, height: 360, filename: 'f.png' });
    answers.push((tasks) => ({ status: 200, body: { data: { taskType: 'imageUpload', taskUUID: tasks[0]?.taskUUID, imageUUID: 'img-123' } } }));
    await provider.submit(task('t-2', { firstFrame: ref }), { media });
    expect(calls.map((c) => c.tasks[0]?.taskType)).toEqual(['imageUpload', 'videoInference']);
    expect(calls[0]?.tasks[0]?.image).toBe(`data:image/png;base64,${png.toString('base64')}`);
    expect(calls[1]?.tasks[0]?.inputs).toEqual({ frameImages: [{ image: 'img-123', frame: 'first' }] });
    expect('width' in (calls[1]?.tasks[0] ?? {})).toBe(false);
    expect(await media.providerCopy(ref, 'runware')).toBe('img-123');

    calls.length = 0;
    await provider.submit(task('t-3', { firstFrame: ref, lastFrame: ref }), { media });
    expect(calls.map((c) => c.tasks[0]?.taskType)).toEqual(['videoInference']);
    expect(calls[0]?.tasks[0]?.inputs).toEqual({
      frameImages: [
        { image: 'img-123', frame: 'first' },
        { image: 'img-123', frame: 'last' },
      ],
    });
  });

  it('maps errors[] on a 401 to auth and does not retry', async () => {
    answers.push({ status: 401, body: { errors: [{ code: 'invalidApiKey', message: 'Invalid API key', taskUUID: 't-4' }] } });
    const error = await providerError(provider.submit(task('t-4'), { media }));
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(calls).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('maps a singular error{} (even with HTTP 200) to balance', async () => {
    answers.push({ status: 200, body: { error: { code: 'insufficientCredits', message: 'top up' }, taskUUID: 't-5' } });
    const error = await providerError(provider.submit(task('t-5'), { media }));
    expect(error.kind).toBe('balance');
    expect(calls).toHaveLength(1);
  });

  it('maps an invalid parameter to the /video option', async () => {
    answers.push({ status: 400, body: { errors: [{ code: 'invalidNumberResults', message: 'must be 1-4', parameter: 'numberResults' }] } });
    const error = await providerError(provider.submit(task('t-6'), { media }));
    expect(error.kind).toBe('invalid_parameter');
    expect(error.parameter).toBe('variants');
    expect(error.userMessage).toBe('The provider rejected the `variants` setting of this request.');
  });

  it('after a 5xx asks whether the task landed and resends only if Runware does not know it', async () => {
    answers.push({ status: 500, body: { errors: [{ code: 'internalServerError', message: 'oops' }] } });
    answers.push({ status: 400, body: { errors: [{ code: 'taskFailedOrNotFound', message: 'not found', taskUUID: 't-7' }] } });
    await provider.submit(task('t-7'), { media });
    expect(calls.map((c) => c.tasks[0]?.taskType)).toEqual(['videoInference', 'getResponse', 'videoInference']);
    expect(calls[1]?.tasks[0]).toEqual({ taskType: 'getResponse', taskUUID: 't-7' });
    expect(retries).toEqual([{ taskId: 't-7', kind: 'server', attempt: 1 }]);
  });

  it('after a 5xx does not resend a task Runware already has (no second paid generation)', async () => {
    answers.push({ status: 502, body: 'Bad Gateway' });
    answers.push({ status: 200, body: { data: [{ taskType: 'videoInference', taskUUID: 't-8', status: 'processing' }] } });
    expect(await provider.submit(task('t-8'), { media })).toEqual({ providerTaskId: 't-8' });
    expect(calls.map((c) => c.tasks[0]?.taskType)).toEqual(['videoInference', 'getResponse']);
  });

  // Was a bug (fixed): src/providers/runware/runware-provider.ts #isKnown treats any answer without a "not found" error as
  // "the task landed". After a 5xx on submit, if the getResponse check itself is rate-limited (HTTP 429,
  // {errors:[{code:'rateLimitExceeded'}]}), submit resolves as if submitted, without ever resending: the task is
  // marked queued but Runware never got it. Expected: the check's 429 is retried and the task resent once Runware
  // says taskFailedOrNotFound (2 videoInference POSTs); actual: 1 videoInference POST and submit resolves.
  it('does not take a rate-limited "did it land?" check as proof the task landed', async () => {
    answers.push({ status: 500, body: { errors: [{ code: 'internalServerError', message: 'oops' }] } });
    answers.push({ status: 429, body: { errors: [{ code: 'rateLimitExceeded', message: 'slow down' }] } });
    answers.push({ status: 400, body: { errors: [{ code: 'taskFailedOrNotFound', message: 'not found', taskUUID: 't-10' }] } });
    await provider.submit(task('t-10'), { media });
    expect(calls.filter((c) => c.tasks[0]?.taskType === 'videoInference')).toHaveLength(2);
  });

  it('gives up after the configured retries with a server error', async () => {
    for (let i = 0; i < 6; i++) answers.push({ status: 503, body: null });
    const error = await providerError(provider.submit(task('t-9'), { media }));
    expect(error.kind).toBe('server');
    expect(error.retryable).toBe(true);
  });
});

describe('RunwareProvider.poll', () => {
  it('asks for all tasks in one call and turns the answer into updates', async () => {
    const a = { ...task('p-1'), providerTaskId: 'p-1' };
    const b = task('p-2');
    answers.push({
      status: 200,
      body: {
        data: [
          { taskType: 'getResponse', taskUUID: 'p-1', status: 'success', videoUUID: 'v1', videoURL: 'https://cdn/v1.mp4', cost: 0.42 },
          { taskType: 'getResponse', taskUUID: 'p-2', status: 'processing', progress: 50 },
        ],
      },
    });
    const updates = await provider.poll([a, b]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.tasks).toEqual([
      { taskType: 'getResponse', taskUUID: 'p-1' },
      { taskType: 'getResponse', taskUUID: 'p-2' },
    ]);
    expect(updates).toEqual([
      { kind: 'results', providerTaskId: 'p-1', complete: false, results: [{ id: 'v1', url: 'https://cdn/v1.mp4', costUsd: 0.42 }] },
      { kind: 'progress', providerTaskId: 'p-2', status: 'generating', progress: 50 },
    ]);
  });

  it('returns per-task errors (even on a 4xx) as failed updates', async () => {
    answers.push({ status: 400, body: { errors: [{ code: 'taskFailedOrNotFound', message: 'unknown task', taskUUID: 'p-3' }] } });
    const updates = await provider.poll([task('p-3')]);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ kind: 'failed', providerTaskId: 'p-3', failure: { kind: 'not_found' } });
  });

  it('throws for an error that is not about a task', async () => {
    answers.push({ status: 401, body: { errors: [{ code: 'invalidApiKey', message: 'bad key' }] } });
    expect((await providerError(provider.poll([task('p-4')]))).kind).toBe('auth');
  });

  it('does not call Runware for no tasks', async () => {
    expect(await provider.poll([])).toEqual([]);
    expect(calls).toEqual([]);
  });
});

describe('RunwareProvider.parseCallback and unsupported', () => {
  it('parses a webhook body and throws on one without a task item', () => {
    const body = { data: [{ taskType: 'videoInference', taskUUID: 'w-1', videoUUID: 'v', videoURL: 'https://cdn/v.mp4', cost: 1.26 }] };
    expect(provider.parseCallback({ headers: {}, rawBody: JSON.stringify(body), body })).toEqual([
      { kind: 'results', providerTaskId: 'w-1', complete: false, results: [{ id: 'v', url: 'https://cdn/v.mp4', costUsd: 1.26 }] },
    ]);
    expect(() => provider.parseCallback({ headers: {}, rawBody: '{}', body: {} })).toThrow('Runware callback holds no task item');
  });

  it('refuses a negative prompt on Omni models only', () => {
    expect(provider.unsupported(task('u-1', { model: 'kling-3-omni-pro', negativePrompt: 'blur' }).request)).toEqual([
      { option: 'negative_prompt', message: 'a negative prompt is not available with Kling 3.0 Omni Pro (1080p) on Runware' },
    ]);
    expect(provider.unsupported(task('u-2', { model: 'kling-3-pro', negativePrompt: 'blur' }).request)).toEqual([]);
    expect(provider.unsupported(task('u-3', { model: 'kling-3-omni-standard' }).request)).toEqual([]);
  });
});

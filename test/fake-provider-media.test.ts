// The fakes' "generated videos": deterministic bytes of a chosen size, served over HTTP, and (Runware)
// PUT to a task's uploadEndpoint before the result is reported.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VIDEO_BYTES, DISCORD_UPLOAD_LIMIT_BYTES, FakeVideo } from './support/fake-video.ts';
import { FakeImini } from './support/imini/index.ts';
import { FakeKling } from './support/kling/index.ts';
import { FakeRunware } from './support/runware/index.ts';

/** Hashes a served video as it streams in (never more than a chunk in memory). */
async function download(url: string): Promise<{ status: number; type: string | null; length: number; sha256: string }> {
  const res = await fetch(url);
  const hash = createHash('sha256');
  let length = 0;
  for await (const chunk of res.body ?? []) {
    hash.update(chunk);
    length += chunk.byteLength;
  }
  return { status: res.status, type: res.headers.get('content-type'), length, sha256: hash.digest('hex') };
}

/** An upload target like a presigned S3 URL: records each PUT (headers, size, hash); answers `status`. */
class Bucket {
  readonly puts: Array<{ type: string | undefined; length: number; sha256: string; path: string }> = [];
  status = 200;
  /** Delays each answer until released, to look at the task while its PUT is under way. */
  hold: Promise<void> | undefined;
  url = '';
  readonly #server: Server = createServer((req: IncomingMessage, res) => {
    const hash = createHash('sha256');
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      length += chunk.length;
    });
    req.on('end', () => {
      this.puts.push({ type: req.headers['content-type'], length, sha256: hash.digest('hex'), path: req.url ?? '' });
      void (this.hold ?? Promise.resolve()).then(() => res.writeHead(req.method === 'PUT' ? this.status : 405).end());
    });
  });
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${String((this.#server.address() as AddressInfo).port)}`;
  }
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

describe('FakeVideo', () => {
  it('is the same bytes for the same seed and size, different for another seed, and starts like an MP4', () => {
    const video = new FakeVideo('vid-1', 200_000);
    const bytes = video.bytes();
    expect(bytes.length).toBe(200_000);
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(new FakeVideo('vid-1', 200_000).bytes().equals(bytes)).toBe(true);
    expect(new FakeVideo('vid-2', 200_000).bytes().equals(bytes)).toBe(false);
    expect(video.sha256()).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(new FakeVideo('x', 10).bytes()).toHaveLength(10);
    expect(new FakeVideo('x').size).toBe(DEFAULT_VIDEO_BYTES);
  });
});

describe('FakeRunware videos', () => {
  let runware: FakeRunware;
  const bucket = new Bucket();
  beforeAll(async () => {
    runware = await FakeRunware.start({ apiKey: 'k', videoBytes: 50_000 });
    await bucket.start();
  });
  afterAll(async () => {
    await runware.close();
    await bucket.close();
  });

  async function submit(extra: Record<string, unknown> = {}): Promise<string> {
    const taskUUID = randomUUID();
    const body = [
      { taskType: 'videoInference', taskUUID, model: 'klingai:kling-video@3-standard', positivePrompt: 'a cat', width: 1280, height: 720, ...extra },
    ];
    const res = await fetch(runware.url, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return taskUUID;
  }
  const poll = async (taskUUID: string) => {
    const body = [{ taskType: 'getResponse', taskUUID }];
    const res = await fetch(runware.url, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return ((await res.json()) as { data: Array<Record<string, unknown>> }).data;
  };

  it('serves each result at its videoURL with the server’s size, or the size completeTask asks for', async () => {
    const small = await submit();
    await runware.completeTask(small);
    const [item] = await poll(small);
    const served = await download(String(item?.videoURL));
    expect(served).toEqual({ status: 200, type: 'video/mp4', length: 50_000, sha256: runware.videoAt(String(item?.videoURL))?.sha256() });

    const large = await submit();
    await runware.completeTask(large, { videoBytes: DISCORD_UPLOAD_LIMIT_BYTES + 1 });
    const [big] = await poll(large);
    const video = runware.videoAt(String(big?.videoURL));
    expect(video?.size).toBe(DISCORD_UPLOAD_LIMIT_BYTES + 1);
    expect(await download(String(big?.videoURL))).toMatchObject({ length: DISCORD_UPLOAD_LIMIT_BYTES + 1, sha256: video?.sha256() });
  });

  it('PUTs the video to uploadEndpoint before getResponse shows the result, and records each PUT', async () => {
    const taskUUID = await submit({ uploadEndpoint: `${bucket.url}/bucket/out.mp4?X-Amz-Signature=abc` });
    let release = (): void => undefined;
    bucket.hold = new Promise<void>((resolve) => (release = resolve));
    const completed = runware.completeTask(taskUUID);
    await expect.poll(() => bucket.puts.length).toBe(1);
    expect((await poll(taskUUID))[0]).toMatchObject({ status: 'processing' });
    release();
    await completed;
    bucket.hold = undefined;
    const [item] = await poll(taskUUID);
    expect(item).toMatchObject({ status: 'success' });
    const video = runware.videoAt(String(item?.videoURL));
    expect(bucket.puts[0]).toEqual({ type: 'video/mp4', length: 50_000, sha256: video?.sha256(), path: '/bucket/out.mp4?X-Amz-Signature=abc' });
    expect(runware.videoPuts).toEqual([
      { taskUUID, videoUUID: item?.videoUUID, url: `${bucket.url}/bucket/out.mp4?X-Amz-Signature=abc`, bytes: 50_000, status: 200 },
    ]);
  });

  it('records a refused or unreachable PUT, and still reports the result', async () => {
    bucket.status = 403;
    const refused = await submit({ uploadEndpoint: `${bucket.url}/denied.mp4` });
    await runware.completeTask(refused);
    bucket.status = 200;
    const unreachable = await submit({ uploadEndpoint: 'https://bucket.s3.example.com/x.mp4' });
    await runware.completeTask(unreachable);
    expect(runware.videoPuts.filter((p) => p.taskUUID === refused).map((p) => p.status)).toEqual([403]);
    expect(runware.videoPuts.filter((p) => p.taskUUID === unreachable).map((p) => p.status)).toEqual(['network-error']);
    expect((await poll(refused))[0]).toMatchObject({ status: 'success' });
  });

  it('refuses an uploadEndpoint that is not an http(s) URI', async () => {
    const body = [
      {
        taskType: 'videoInference',
        taskUUID: randomUUID(),
        model: 'klingai:kling-video@3-standard',
        positivePrompt: 'a cat',
        width: 1280,
        height: 720,
        uploadEndpoint: 'ftp://x/y',
      },
    ];
    const res = await fetch(runware.url, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown[] }).errors[0]).toMatchObject({ parameter: 'uploadEndpoint' });
  });
});

describe('FakeKling and FakeImini videos', () => {
  it('Kling serves a finished task’s video with the size succeed() asks for', async () => {
    const kling = await FakeKling.start({ accessKey: 'ak', secretKey: 'sk', apiKey: 'key', videoBytes: 3000 });
    try {
      const create = async () => {
        const res = await fetch(`${kling.url}/v1/videos/text2video`, {
          method: 'POST',
          headers: { authorization: 'Bearer key', 'content-type': 'application/json' },
          body: JSON.stringify({ model_name: 'kling-v3', prompt: 'a cat', external_task_id: randomUUID() }),
        });
        return ((await res.json()) as { data: { task_id: string } }).data.task_id;
      };
      const [a, b] = [await create(), await create()];
      await kling.succeed(a);
      await kling.succeed(b, { videoBytes: 123_456 });
      const urlA = String(kling.task(a).videos[0]?.url);
      const urlB = String(kling.task(b).videos[0]?.url);
      expect(await download(urlA)).toMatchObject({ length: 3000, sha256: kling.videoAt(urlA)?.sha256() });
      expect(await download(urlB)).toMatchObject({ type: 'video/mp4', length: 123_456, sha256: kling.videoAt(urlB)?.sha256() });
    } finally {
      await kling.close();
    }
  });

  it('imini serves a succeeded task’s video with the size succeed() asks for, and 404 before', async () => {
    const imini = await FakeImini.start({ apiKey: 'ik' });
    try {
      const res = await fetch(`${imini.url}/v1/videos/generate`, {
        method: 'POST',
        headers: { authorization: 'Bearer ik', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'kling/kling-v3-omni', prompt: 'a cat', resolution: '720P', aspect_ratio: '16:9', duration: 5, generate_audio: false }),
      });
      const { task_id: taskId } = (await res.json()) as { task_id: string };
      const url = `${imini.url.replace('/imini/router', '')}/file/${taskId}.mp4`;
      expect((await download(url)).status).toBe(404);
      imini.succeed(taskId, { videoBytes: 70_000 });
      expect(await download(url)).toMatchObject({ status: 200, length: 70_000, sha256: imini.videoAt(url)?.sha256() });
    } finally {
      await imini.close();
    }
  });
});

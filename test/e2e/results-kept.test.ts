// With storage: a video over the server's upload limit is copied to the bucket and linked there for
// good — put there by Runware itself through `uploadEndpoint`, streamed there by the bot for Kling AI
// and imini — and with REHOST=all a video that fits is attached and kept too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, STORAGE, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import { FakeImini } from '../support/imini/index.ts';
import { FakeKling } from '../support/kling/index.ts';
import { waitUntil } from '../support/ports.ts';
import { delivered, prompt, sendVideo, textOf } from './helpers.ts';
import { KiB, bucket, embedOf, field, keptUrl, keyOf, provider, sha256, storedSha256, writesOf } from './result-helpers.ts';

const LIMIT = 256 * KiB;
const OVERSIZE = 300 * KiB;

let kling: FakeKling;
let imini: FakeImini;
let world: World;
let bot: RunningBot;

beforeAll(async () => {
  kling = await FakeKling.start({ accessKey: 'ak', secretKey: 'sk' });
  imini = await FakeImini.start({ apiKey: 'ik' });
  const env = { KLING_ACCESS_KEY: 'ak', KLING_SECRET_KEY: 'sk', KLING_API_URL: kling.url, IMINI_API_KEY: 'ik', IMINI_API_URL: imini.url };
  world = await startWorld({ storage: true, attachmentSizeLimit: LIMIT, env });
  bot = await startBotIn(world);
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
  await kling?.close();
  await imini?.close();
});

const resultWith = (url: string) => world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes('your video is ready') && textOf(m).includes(url));

/** The result links the bucket's copy for good, and nothing else. */
async function expectKept(taskId: string, providerUrl: string, providerSha: string | undefined): Promise<void> {
  const kept = keptUrl(taskId);
  expect(kept).toBe(`${STORAGE.publicUrl}/videos/${taskId}/0.mp4`);
  const result = await resultWith(kept);
  await delivered(world, taskId);
  expect(field(result, 'Video')).toBe(`[Video](${kept}) · kept`);
  expect(embedOf(result).url).toBe(kept);
  expect(textOf(result)).not.toContain(providerUrl);
  expect(result.files).toEqual([]);
  expect(storedSha256(bucket(world), keyOf(taskId))).toBe(providerSha);
  const task = await bot.tasks.get(taskId);
  expect(task?.results[0]).toMatchObject({ url: providerUrl, archivedUrl: kept });
  expect(task?.copyPending).toBeUndefined();
}

describe('a result over the upload limit, with storage', () => {
  it('Runware PUTs the video to its uploadEndpoint, and the bot links that copy without uploading it again', async () => {
    const text = 'runware uploads its own result';
    sendVideo(world, [prompt(text)]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === text);
    const taskId = String(request.taskUUID);
    expect(String(request.uploadEndpoint)).toMatch(new RegExp(`^${bucket(world).url}/${STORAGE.bucket}/videos/${taskId}/0\\.mp4\\?.*X-Amz-Signature=`));
    await world.runware.completeTask(taskId, { videoBytes: OVERSIZE });
    expect(world.runware.videoPuts.filter((p) => p.taskUUID === taskId).map((p) => p.status)).toEqual([200]);
    const url = String(world.runware.videoTasks.get(taskId)?.results[0]?.videoURL);
    await expectKept(taskId, url, world.runware.videoAt(url)?.sha256());
    // The one write is Runware's presigned PUT; the bot only looked (HEAD).
    expect(writesOf(bucket(world), keyOf(taskId))).toEqual([{ operation: 'PutObject', auth: 'presigned' }]);
    expect(
      bucket(world)
        .requests.filter((r) => r.key === keyOf(taskId) && r.auth === 'header')
        .map((r) => r.operation),
    ).toEqual(['HeadObject']);
  });

  it('streams a Kling AI video to the bucket', async () => {
    const text = 'kling result kept in the bucket';
    sendVideo(world, [prompt(text), provider('kling')]);
    const taskId = String((await kling.waitForCreate((c) => c.body.prompt === text)).body.external_task_id);
    await kling.succeed(taskId, { videoBytes: OVERSIZE });
    const url = String(kling.task(taskId).videos[0]?.url);
    await expectKept(taskId, url, kling.videoAt(url)?.sha256());
    expect(writesOf(bucket(world), keyOf(taskId))).toEqual([{ operation: 'PutObject', auth: 'header' }]);
  });

  it('streams a 6 MiB imini video to the bucket in parts', async () => {
    const text = 'imini result kept in parts';
    sendVideo(world, [prompt(text), provider('imini')]);
    await waitUntil(() => [...imini.tasks.values()].some((t) => t.request.prompt === text), 'the imini task');
    const task = imini.taskFor((b) => b.prompt === text);
    const line = () => world.logs.find((l) => l.msg === 'task submitted' && l.providerTaskId === task.taskId);
    await waitUntil(() => line() !== undefined, 'the bot to submit it');
    const taskId = String(line()?.taskId);
    const done = imini.succeed(task.taskId, { videoBytes: 6 * 1024 * KiB });
    const url = String(done.videos?.[0]?.url);
    await expectKept(taskId, url, imini.videoAt(url)?.sha256());
    // Two 5 MiB parts at most in memory (src/media/object-store.ts), never the whole video.
    expect(writesOf(bucket(world), keyOf(taskId)).map((w) => w.operation)).toEqual(['CreateMultipartUpload', 'CompleteMultipartUpload']);
    expect(bucket(world).object(keyOf(taskId))?.parts).toBe(2);
  });
});

describe('REHOST=all', () => {
  it('attaches a video that fits and keeps a copy of it too', async () => {
    await bot.stop();
    bot = await startBotIn(world, { REHOST: 'all' });
    const text = 'small but kept as well';
    sendVideo(world, [prompt(text), provider('kling')]);
    const taskId = String((await kling.waitForCreate((c) => c.body.prompt === text)).body.external_task_id);
    await kling.succeed(taskId);
    const url = String(kling.task(taskId).videos[0]?.url);
    const kept = keptUrl(taskId);
    const result = await resultWith(kept);
    await delivered(world, taskId);
    expect(field(result, 'Video')).toBe(`[Video](${kept}) · attached above · kept`);
    expect(result.files.map((f) => f.name)).toEqual(['video-1.mp4']);
    const sha = kling.videoAt(url)?.sha256();
    expect(storedSha256(bucket(world), keyOf(taskId))).toBe(sha);
    expect(sha).toBeDefined();
    expect(sha256(result.files[0]?.bytes ?? new Uint8Array())).toBe(sha);
    expect((await bot.tasks.get(taskId))?.results[0]).toMatchObject({ archivedUrl: kept, attached: true });
  });
});

// VideoArchive.prepare over real HTTP: a provider video host and FakeS3 (SigV4 checked), no SDK mocks.
// Which videos are attached (bytes equal to the provider's), which are copied to the bucket (streamed,
// same bytes, permanent link), and which are linked at the provider with its expiry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoPlacement } from '../src/discord/result-message.ts';
import { videoKey } from '../src/media/archive-plan.ts';
import { ArchiveWorld, COMPLETED_AT, LINK_LIFETIME_MS, MiB, PUBLIC_URL, finishedTask, sha256 } from './support/archive-world.ts';
import { FakeVideo } from './support/fake-video.ts';

let world: ArchiveWorld;

beforeAll(async () => {
  world = await ArchiveWorld.start();
});

afterAll(async () => {
  await world?.close();
});

/** Resolves once `check` holds (looked at every 10 ms), or after `giveUpMs` anyway; says which. */
function once(check: () => boolean, giveUpMs: number): Promise<'happened' | 'gave up'> {
  return new Promise((resolve) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check() || Date.now() - started > giveUpMs) {
        clearInterval(timer);
        resolve(check() ? 'happened' : 'gave up');
      }
    }, 10);
  });
}

describe('VideoArchive.prepare', () => {
  it('attaches a video that fits, byte for byte, linked at the provider with its expiry; oversize makes no copy of it', async () => {
    const video = new FakeVideo('fits', 3 * MiB);
    const url = world.host.serve('/fits.mp4', video);
    const task = finishedTask([url]);
    const plan = await world.archive({ rehost: 'oversize' }).prepare(task);
    const [placed] = plan.videos;
    expect(placed).toMatchObject({ resultId: 'r1', index: 0, attachedAs: 'video-1.mp4', url, permanent: false, copyPending: false });
    expect(placed?.expiresAt).toBe(COMPLETED_AT + LINK_LIFETIME_MS);
    expect(placed?.attachment?.name).toBe('video-1.mp4');
    expect(placed?.attachment?.contentType).toBe('video/mp4');
    expect(placed?.attachment?.bytes.byteLength).toBe(video.size);
    expect(sha256(placed?.attachment?.bytes ?? new Uint8Array())).toBe(video.sha256());
    expect(plan.pendingResultIds).toEqual([]);
    expect(world.writesOf(videoKey(task, 0))).toEqual([]);
    // What the message builder takes per video, as it is.
    const placements: VideoPlacement[] = plan.videos;
    expect(placements).toHaveLength(1);
  });

  it('rehosts a video over the limit by streaming it from the provider into the bucket: same bytes, permanent link', async () => {
    const video = new FakeVideo('over', 11 * MiB);
    const task = finishedTask([], { request: { variants: 1 } });
    const key = videoKey(task, 0);
    // The provider sends 6 MiB, then waits until the bucket has received a part: a module that held the
    // whole video before uploading would never get there.
    let resumed: 'happened' | 'gave up' | undefined;
    const partStored = () => world.s3.requests.some((r) => r.key === key && r.operation === 'UploadPart' && r.status === 200);
    const url = world.host.serve('/over.mp4', video, { pauseAt: 6 * MiB, resume: async () => void (resumed = await once(partStored, 10_000)) });
    task.results.push({ id: 'r1', url });
    const plan = await world.archive().prepare(task);
    expect(resumed).toBe('happened');
    expect(plan.videos).toEqual([{ resultId: 'r1', index: 0, url: `${PUBLIC_URL}/videos/${task.id}/0.mp4`, permanent: true, copyPending: false }]);
    expect(world.s3.object(key)?.bytes.byteLength).toBe(video.size);
    expect(world.storedSha256(key)).toBe(video.sha256());
    expect(world.s3.object(key)?.contentType).toBe('video/mp4');
    expect(world.writesOf(key)).toEqual(['CreateMultipartUpload', 'UploadPart', 'UploadPart', 'UploadPart', 'CompleteMultipartUpload']);
    expect(world.s3.pendingUploads).toBe(0);
    expect(world.host.of('/over.mp4')).toMatchObject([{ method: 'GET', completed: true }]);
  });

  it('with REHOST=all copies a video that fits too, and still attaches it', async () => {
    const video = new FakeVideo('all-small', 2 * MiB);
    const task = finishedTask([world.host.serve('/all-small.mp4', video)]);
    const key = videoKey(task, 0);
    const [placed] = (await world.archive({ rehost: 'all' }).prepare(task)).videos;
    expect(placed).toMatchObject({ attachedAs: 'video-1.mp4', url: `${PUBLIC_URL}/${key}`, permanent: true, copyPending: false });
    expect(placed?.expiresAt).toBeUndefined();
    expect(sha256(placed?.attachment?.bytes ?? new Uint8Array())).toBe(video.sha256());
    expect(world.storedSha256(key)).toBe(video.sha256());
    expect(world.writesOf(key)).toEqual(['PutObject']);
    expect(world.host.of('/all-small.mp4')).toHaveLength(1); // one download serves both
  });

  it('without storage links an oversize video at the provider with its expiry, reading none of a stated-too-large body', async () => {
    const video = new FakeVideo('no-storage', 40 * MiB);
    const task = finishedTask([world.host.serve('/no-storage.mp4', video)]);
    const plan = await world.archive({ storage: false }).prepare(task);
    expect(plan.videos).toEqual([
      { resultId: 'r1', index: 0, url: task.results[0]?.url, permanent: false, expiresAt: COMPLETED_AT + LINK_LIFETIME_MS, copyPending: false },
    ]);
    expect(plan.pendingResultIds).toEqual([]);
    await expect.poll(() => world.host.of('/no-storage.mp4')[0]?.settled).toBe(true);
    expect(world.host.of('/no-storage.mp4')[0]).toMatchObject({ completed: false });
    expect(world.host.of('/no-storage.mp4')[0]?.sent).toBeLessThan(video.size);
  });

  it('stops a download without Content-Length as soon as it passes the limit', async () => {
    const video = new FakeVideo('chunked', 64 * MiB);
    const task = finishedTask([world.host.serve('/chunked.mp4', video, { chunked: true })]);
    const plan = await world.archive({ storage: false }).prepare(task, { uploadLimitBytes: 1 * MiB });
    expect(plan.videos[0]).toMatchObject({ permanent: false, copyPending: false });
    expect(plan.videos[0]?.attachment).toBeUndefined();
    await expect.poll(() => world.host.of('/chunked.mp4')[0]?.settled).toBe(true);
    expect(world.host.of('/chunked.mp4')[0]).toMatchObject({ completed: false });
    expect(world.host.of('/chunked.mp4')[0]?.sent).toBeLessThan(video.size);
  });

  it('copies a video without Content-Length that turns out too large, from the bytes already read on', async () => {
    const video = new FakeVideo('chunked-over', 7 * MiB);
    const task = finishedTask([world.host.serve('/chunked-over.mp4', video, { chunked: true })]);
    const plan = await world.archive().prepare(task, { uploadLimitBytes: 3 * MiB });
    expect(plan.videos[0]).toMatchObject({ url: `${PUBLIC_URL}/${videoKey(task, 0)}`, permanent: true });
    expect(world.storedSha256(videoKey(task, 0))).toBe(video.sha256());
    expect(world.host.of('/chunked-over.mp4')).toHaveLength(1);
  });

  it("uses the task's remembered upload limit, and 10 MiB when there is none", async () => {
    const video = new FakeVideo('limit', 5 * MiB);
    const url = world.host.serve('/limit.mp4', video);
    const small = finishedTask([url], { origin: { guildId: 'g', channelId: 'c', userId: 'u', uploadLimitBytes: 4 * MiB } });
    const large = finishedTask([url], { origin: { guildId: 'g', channelId: 'c', userId: 'u', uploadLimitBytes: 8 * MiB } });
    const unknown = finishedTask([world.host.serve('/limit-10.mp4', new FakeVideo('limit-10', 10 * MiB))]);
    const archive = world.archive({ storage: false });
    expect((await archive.prepare(small)).videos[0]?.attachedAs).toBeUndefined();
    expect((await archive.prepare(large)).videos[0]?.attachedAs).toBe('video-1.mp4');
    expect((await archive.prepare(unknown)).videos[0]?.attachment?.bytes.byteLength).toBe(10 * MiB);
  });

  it('keeps the attachments of one message within the request limit, copying what no longer fits', async () => {
    const videos = [1, 2, 3].map((n) => new FakeVideo(`several-${String(n)}`, 4 * MiB));
    const task = finishedTask(videos.map((v, i) => world.host.serve(`/several-${String(i)}.mp4`, v)));
    const plan = await world.archive({ messageLimitBytes: 10 * MiB }).prepare(task);
    expect(plan.videos.map((v) => [v.attachedAs, v.permanent])).toEqual([
      ['video-1.mp4', false],
      ['video-2.mp4', false],
      [undefined, true],
    ]);
    expect(world.storedSha256(videoKey(task, 2))).toBe(videos[2]?.sha256());
    expect(world.s3.object(videoKey(task, 0))).toBeUndefined();
  });
});

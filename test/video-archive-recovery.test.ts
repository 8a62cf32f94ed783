// VideoArchive when things go wrong, over real HTTP (FakeS3, a video host, FakeRunware): a storage
// outage, a provider that no longer has the video, a link that is not http(s), a download cut short;
// and copies that already exist (a provider's upload to uploadUrlFor's URL, an earlier attempt).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { videoKey } from '../src/media/archive-plan.ts';
import { ArchiveWorld, MiB, PUBLIC_URL, finishedTask, sha256 } from './support/archive-world.ts';
import { FakeVideo } from './support/fake-video.ts';
import { FakeRunware } from './support/runware/index.ts';

let world: ArchiveWorld;

beforeAll(async () => {
  world = await ArchiveWorld.start();
});

afterAll(async () => {
  world.s3.setOutage(false);
  await world?.close();
});

describe('VideoArchive when storage or the provider fails', () => {
  it('posts the provider link during a storage outage, then copyLater copies it once, under the same key', async () => {
    const video = new FakeVideo('outage', 11 * MiB);
    const task = finishedTask([world.host.serve('/outage.mp4', video)]);
    const key = videoKey(task, 0);
    const archive = world.archive();
    world.s3.setOutage(true);
    const plan = await archive.prepare(task);
    world.s3.setOutage(false);
    expect(plan.videos[0]).toMatchObject({ url: task.results[0]?.url, permanent: false, copyPending: true });
    expect(plan.pendingResultIds).toEqual(['r1']);
    expect(world.s3.object(key)).toBeUndefined();
    expect(world.warnings()).toContain(`${task.id}: could not copy the video to storage; posting the provider link`);

    const outcome = await archive.copyLater(task, plan.pendingResultIds);
    expect(outcome).toEqual({ ok: true, copied: [{ resultId: 'r1', index: 0, url: `${PUBLIC_URL}/${key}` }] });
    expect(world.storedSha256(key)).toBe(video.sha256());
    expect(world.s3.objects().filter((o) => o.key.startsWith(`videos/${task.id}/`))).toHaveLength(1);
    expect(world.s3.pendingUploads).toBe(0);

    const writes = world.writesOf(key).length;
    expect(await archive.copyLater(task, plan.pendingResultIds)).toEqual(outcome);
    expect(world.writesOf(key)).toHaveLength(writes); // found there: no second copy
  });

  it('says copyLater failed again, to be retried, while the outage lasts', async () => {
    const task = finishedTask([world.host.serve('/outage-again.mp4', new FakeVideo('outage-again', 1 * MiB))]);
    world.s3.setOutage(true);
    const outcome = await world.archive().copyLater(task);
    world.s3.setOutage(false);
    expect(outcome).toMatchObject({ ok: false, copied: [], retry: true, failed: [{ resultId: 'r1', index: 0, retryable: true }] });
  });

  it.each([404, 500])('links the video when the provider answers %i for it, without throwing', async (status) => {
    const task = finishedTask([world.host.fail(`/answers-${String(status)}.mp4`, status)]);
    const plan = await world.archive().prepare(task);
    expect(plan.videos).toMatchObject([{ url: task.results[0]?.url, permanent: false, copyPending: true }]);
    expect(plan.videos[0]?.attachedAs).toBeUndefined();
    expect(world.warnings()).toContain(`${task.id}: could not download the video; posting the link`);
    const withoutStorage = await world.archive({ storage: false }).prepare(task);
    expect(withoutStorage.videos).toMatchObject([{ permanent: false, copyPending: false }]);
    // Gone (404) is not worth retrying; a server error may pass.
    expect(await world.archive().copyLater(task)).toMatchObject({ ok: false, retry: status !== 404 });
  });

  it('never fetches a link that is not http(s), and owes no copy of it', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const task = finishedTask(['file:///etc/passwd', 'ftp://127.0.0.1/video.mp4']);
      const plan = await world.archive({ rehost: 'all' }).prepare(task);
      expect(plan.videos).toMatchObject([
        { url: 'file:///etc/passwd', permanent: false, copyPending: false },
        { url: 'ftp://127.0.0.1/video.mp4', permanent: false, copyPending: false },
      ]);
      expect(await world.archive().copyLater(task)).toMatchObject({ ok: false, retry: false });
      const fetched = fetchSpy.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input));
      expect(fetched.filter((u) => !u.startsWith('http'))).toEqual([]);
      expect(world.writesOf(videoKey(task, 0))).toEqual([]);
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('owes the copy of a video whose download breaks off, and leaves no part-made upload behind', async () => {
    const video = new FakeVideo('dropped', 12 * MiB);
    const task = finishedTask([world.host.serve('/dropped.mp4', video, { dropAt: 8 * MiB })]);
    const plan = await world.archive().prepare(task);
    expect(plan.videos).toMatchObject([{ permanent: false, copyPending: true }]);
    expect(world.s3.object(videoKey(task, 0))).toBeUndefined();
    await expect.poll(() => world.s3.pendingUploads).toBe(0);
  });
});

describe('VideoArchive with a copy already in the bucket', () => {
  it('gives no upload URL without storage or with several variants', async () => {
    expect(await world.archive({ storage: false }).uploadUrlFor(finishedTask(['https://x/1.mp4']))).toBeUndefined();
    expect(await world.archive().uploadUrlFor(finishedTask(['https://x/1.mp4', 'https://x/2.mp4']))).toBeUndefined();
  });

  it('uses the object a provider PUT to uploadUrlFor (plain fetch, raw bytes), attaching it but uploading nothing', async () => {
    const video = new FakeVideo('runware-small', 3 * MiB);
    const task = finishedTask([world.host.serve('/runware-small.mp4', video)]);
    const key = videoKey(task, 0);
    const archive = world.archive({ rehost: 'all' });
    const uploadUrl = await archive.uploadUrlFor(task);
    const put = await fetch(String(uploadUrl), { method: 'PUT', body: video.bytes(), headers: { 'content-type': 'video/mp4' } });
    expect(put.status).toBe(200);
    expect(world.s3.requests.filter((r) => r.key === key).map((r) => [r.operation, r.auth, r.status])).toEqual([['PutObject', 'presigned', 200]]);

    const [placed] = (await archive.prepare(task)).videos;
    expect(placed).toMatchObject({ attachedAs: 'video-1.mp4', url: `${PUBLIC_URL}/${key}`, permanent: true, copyPending: false });
    expect(sha256(placed?.attachment?.bytes ?? new Uint8Array())).toBe(video.sha256());
    expect(world.writesOf(key)).toEqual(['PutObject']); // the provider's, and no other
  });

  it('uses a Runware upload of an oversize video without downloading it or copying it again', async () => {
    const runware = await FakeRunware.start({ apiKey: 'rw' });
    try {
      const taskUUID = randomUUID();
      const task = finishedTask([], { id: taskUUID, request: { variants: 1 } });
      const archive = world.archive();
      const uploadEndpoint = await archive.uploadUrlFor(task);
      const body = [
        { taskType: 'videoInference', taskUUID, model: 'klingai:kling-video@3-standard', positivePrompt: 'a cat', width: 1280, height: 720, uploadEndpoint },
      ];
      const submitted = await fetch(runware.url, {
        method: 'POST',
        headers: { authorization: 'Bearer rw', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(submitted.status).toBe(200);
      await runware.completeTask(taskUUID, { videoBytes: 11 * MiB });
      expect(runware.videoPuts.map((p) => p.status)).toEqual([200]);
      const videoURL = String(runware.videoTasks.get(taskUUID)?.results?.[0]?.videoURL);
      task.results.push({ id: 'r1', url: videoURL });

      const fetchSpy = vi.spyOn(globalThis, 'fetch');
      const plan = await archive.prepare(task).finally(() => fetchSpy.mockRestore());
      expect(fetchSpy).not.toHaveBeenCalled(); // the copy is there and too large to attach: nothing to download
      const key = videoKey(task, 0);
      expect(plan.videos).toEqual([{ resultId: 'r1', index: 0, url: `${PUBLIC_URL}/${key}`, permanent: true, copyPending: false }]);
      expect(world.storedSha256(key)).toBe(runware.videoAt(videoURL)?.sha256());
      expect(world.s3.requests.filter((r) => r.key === key && r.operation !== 'HeadObject').map((r) => [r.operation, r.auth])).toEqual([
        ['PutObject', 'presigned'],
      ]);
    } finally {
      await runware.close();
    }
  });

  it('replaces an empty object left under the key with a real copy', async () => {
    const video = new FakeVideo('was-empty', 12 * MiB);
    const task = finishedTask([world.host.serve('/was-empty.mp4', video)]);
    const archive = world.archive();
    expect((await fetch(String(await archive.uploadUrlFor(task)), { method: 'PUT', body: new Uint8Array(0) })).status).toBe(200);
    const plan = await archive.prepare(task);
    expect(plan.videos[0]).toMatchObject({ permanent: true });
    expect(world.storedSha256(videoKey(task, 0))).toBe(video.sha256());
  });
});

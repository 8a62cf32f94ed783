// ObjectStore against FakeS3 over HTTP (SigV4, payload hashes and checksums checked like S3): streamed
// puts, HEAD for existence, presigned PUT URLs that plain fetch can use, public links, and aborts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../src/media/object-store.ts';
import { ArchiveWorld, MiB, PUBLIC_URL, sha256 } from './support/archive-world.ts';
import { FakeVideo } from './support/fake-video.ts';

let world: ArchiveWorld;
let store: ObjectStore;

beforeAll(async () => {
  world = await ArchiveWorld.start();
  store = world.store();
});

afterAll(async () => {
  await world?.close();
});

describe('ObjectStore', () => {
  it('streams a put of unknown length into one object (multipart above 5 MiB), and HEAD tells its size', async () => {
    const video = new FakeVideo('store-stream', 12 * MiB + 123);
    expect(await store.exists('store/stream.mp4')).toBeUndefined();
    await store.put('store/stream.mp4', video.stream(), { contentType: 'video/mp4' });
    expect(world.storedSha256('store/stream.mp4')).toBe(video.sha256());
    expect(world.s3.object('store/stream.mp4')?.parts).toBe(3);
    expect(await store.exists('store/stream.mp4')).toBe(video.size);
  });

  it('refuses a stream shorter than its stated length, leaving no object and no open upload', async () => {
    const video = new FakeVideo('store-short', 6 * MiB);
    await expect(store.put('store/short.mp4', video.stream(), { contentType: 'video/mp4', contentLength: 7 * MiB })).rejects.toThrow();
    expect(world.s3.object('store/short.mp4')).toBeUndefined();
    await expect.poll(() => world.s3.pendingUploads).toBe(0);
  });

  it('stops a put when its signal aborts, rejecting with the reason', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    controller.abort(reason);
    await expect(
      store.put('store/aborted.mp4', new FakeVideo('aborted', 1 * MiB).stream(), { contentType: 'video/mp4', signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(world.s3.object('store/aborted.mp4')).toBeUndefined();
  });

  it('makes a presigned PUT URL that a plain fetch of raw bytes can use, signed without checksums', async () => {
    const bytes = new FakeVideo('presigned', 300_000).bytes();
    const url = await store.presignPut('store/presigned.mp4', { expiresInSeconds: 3600 });
    expect(url).not.toMatch(/x-amz-checksum|x-amz-sdk-checksum/i);
    const put = await fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': 'video/mp4' } });
    expect(put.status).toBe(200);
    expect(sha256(world.s3.object('store/presigned.mp4')?.bytes ?? new Uint8Array())).toBe(sha256(bytes));
    expect(world.s3.object('store/presigned.mp4')?.contentType).toBe('video/mp4');
    expect(world.s3.requests.at(-1)).toMatchObject({ operation: 'PutObject', auth: 'presigned', payload: 'UNSIGNED-PAYLOAD', status: 200 });
  });

  it('holds an uploader to the content type a presigned URL was made with', async () => {
    const url = await store.presignPut('store/typed.mp4', { contentType: 'video/mp4', expiresInSeconds: 60 });
    expect((await fetch(url, { method: 'PUT', body: new Uint8Array(10), headers: { 'content-type': 'text/plain' } })).status).toBe(403);
    expect((await fetch(url, { method: 'PUT', body: new Uint8Array(10), headers: { 'content-type': 'video/mp4' } })).status).toBe(200);
  });

  it('gives public links under S3_PUBLIC_URL, each path segment encoded', () => {
    expect(store.publicUrl('videos/task-1/0.mp4')).toBe(`${PUBLIC_URL}/videos/task-1/0.mp4`);
    expect(store.publicUrl('videos/a b#?/0.mp4')).toBe(`${PUBLIC_URL}/videos/a%20b%23%3F/0.mp4`);
  });

  it('reports a store outage on HEAD as an error, not as a missing object', async () => {
    world.s3.setOutage(true);
    try {
      await expect(store.exists('store/stream.mp4')).rejects.toThrow();
    } finally {
      world.s3.setOutage(false);
    }
  });
});

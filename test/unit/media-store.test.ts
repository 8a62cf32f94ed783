import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeJpeg, makePng } from '../support/images.ts';
import { memoryMedia, memoryStore } from '../support/store.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('MediaStore', () => {
  it('keeps bytes as binary, content-addressed, and returns a complete ImageRef', async () => {
    const { media, database } = await memoryStore();
    const png = makePng(320, 320);
    const ref = await media.save(png, { contentType: 'image/png', width: 320, height: 320, filename: 'a.png' });
    expect(ref).toEqual({
      mediaId: createHash('sha256').update(png).digest('hex'),
      contentType: 'image/png',
      width: 320,
      height: 320,
      bytes: png.length,
      filename: 'a.png',
    });
    expect(Buffer.from(await media.read(ref)).equals(png)).toBe(true);
    const row = await database.db.selectFrom('media').select(['bytes', 'size']).where('id', '=', ref.mediaId).executeTakeFirstOrThrow();
    expect(row.bytes).toBeInstanceOf(Uint8Array);
    expect(row.size).toBe(png.length);
    const again = await media.save(png, { contentType: 'image/png', width: 320, height: 320, filename: 'copy.png' });
    expect(again.mediaId).toBe(ref.mediaId);
    const other = await media.save(makeJpeg(320, 320), { contentType: 'image/jpeg', width: 320, height: 320, filename: 'b.jpg' });
    expect(other.mediaId).not.toBe(ref.mediaId);
  });

  it('remembers provider copies per provider, and keeps them when the same bytes are saved again', async () => {
    const media = await memoryMedia();
    const png = makePng(300, 300);
    const ref = await media.save(png, { contentType: 'image/png', width: 300, height: 300, filename: 'a.png' });
    expect(await media.providerCopy(ref, 'runware')).toBeUndefined();
    await media.rememberProviderCopy(ref, 'runware', 'img-1');
    await media.rememberProviderCopy(ref, 'kling', 'k-1');
    await media.save(png, { contentType: 'image/png', width: 300, height: 300, filename: 'again.png' });
    expect(await media.providerCopy(ref, 'runware')).toBe('img-1');
    expect(await media.providerCopy(ref, 'kling')).toBe('k-1');
  });

  it('fails clearly for a missing media id', async () => {
    const media = await memoryMedia();
    const ref = { mediaId: 'deadbeef', contentType: 'image/png' as const, width: 1, height: 1, bytes: 1, filename: 'x.png' };
    await expect(media.read(ref)).rejects.toThrow('media deadbeef is missing from the store');
  });

  it('uploads again once a provider copy is older than 25 days (Runware deletes unused uploads after 30)', async () => {
    let now = 1000 * DAY;
    const media = await memoryMedia(() => now);
    const ref = await media.save(new Uint8Array([1, 2, 3]), { contentType: 'image/png', width: 400, height: 400, filename: 'a.png' });
    await media.rememberProviderCopy(ref, 'runware', 'uuid-1');
    now += 24 * DAY;
    expect(await media.providerCopy(ref, 'runware')).toBe('uuid-1');
    now += 2 * DAY;
    expect(await media.providerCopy(ref, 'runware')).toBeUndefined();
  });

  it('prunes images no task used within the retention, never pinned ones (saved elements)', async () => {
    let now = 1000 * DAY;
    const media = await memoryMedia(() => now);
    const old = await media.save(new Uint8Array([1]), { contentType: 'image/png', width: 400, height: 400, filename: 'old.png' });
    const pinned = await media.save(new Uint8Array([2]), { contentType: 'image/png', width: 400, height: 400, filename: 'element.png' });
    const reused = await media.save(new Uint8Array([3]), { contentType: 'image/png', width: 400, height: 400, filename: 'reused.png' });
    await media.pin([pinned]);
    await media.rememberProviderCopy(old, 'runware', 'uuid-old');
    now += 80 * DAY;
    await media.touch([reused]);
    now += 20 * DAY;
    expect(await media.pruneUnused(now - 90 * DAY)).toBe(1);
    await expect(media.read(old)).rejects.toThrow('missing');
    expect(await media.providerCopy(old, 'runware')).toBeUndefined();
    expect(await media.read(pinned)).toEqual(new Uint8Array([2]));
    expect(await media.read(reused)).toEqual(new Uint8Array([3]));
  });
});

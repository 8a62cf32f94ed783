import Keyv from 'keyv';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MediaStore } from '../../src/media/media-store.ts';
import { makeJpeg, makePng } from '../support/images.ts';

describe('MediaStore', () => {
  it('keeps bytes content-addressed and returns a complete ImageRef', async () => {
    const kv = new Keyv();
    const media = new MediaStore(kv);
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
    const again = await media.save(png, { contentType: 'image/png', width: 320, height: 320, filename: 'copy.png' });
    expect(again.mediaId).toBe(ref.mediaId);
    const other = await media.save(makeJpeg(320, 320), { contentType: 'image/jpeg', width: 320, height: 320, filename: 'b.jpg' });
    expect(other.mediaId).not.toBe(ref.mediaId);
  });

  it('remembers provider copies per provider, and keeps them when the same bytes are saved again', async () => {
    const media = new MediaStore(new Keyv());
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
    const media = new MediaStore(new Keyv());
    const ref = { mediaId: 'deadbeef', contentType: 'image/png' as const, width: 1, height: 1, bytes: 1, filename: 'x.png' };
    await expect(media.read(ref)).rejects.toThrow('media deadbeef is missing from the store');
  });
});

describe('provider copies age out', () => {
  it('uploads again once a provider copy is older than 25 days (Runware deletes unused uploads after 30)', async () => {
    const { default: Keyv } = await import('keyv');
    const { MediaStore } = await import('../../src/media/media-store.ts');
    const media = new MediaStore(new Keyv());
    const ref = await media.save(new Uint8Array([1, 2, 3]), { contentType: 'image/png', width: 400, height: 400, filename: 'a.png' });
    const day = 24 * 60 * 60 * 1000;
    await media.rememberProviderCopy(ref, 'runware', 'uuid-1', 0);
    expect(await media.providerCopy(ref, 'runware', 24 * day)).toBe('uuid-1');
    expect(await media.providerCopy(ref, 'runware', 26 * day)).toBeUndefined();
  });
});

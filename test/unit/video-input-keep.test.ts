// keepImages: every image of a draft is downloaded, checked and kept; the request then holds ImageRefs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keepImages, type DraftRequest } from '../../src/discord/video-input.ts';
import type { MediaStore } from '../../src/media/media-store.ts';
import { makeGif, makeJpeg, makePng } from '../support/images.ts';
import { memoryMedia } from '../support/store.ts';

const files = new Map<string, Buffer>();
let base = '';
const server: Server = createServer((req, res) => {
  const body = files.get(req.url ?? '');
  if (!body) res.writeHead(404).end('not found');
  else res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }).end(body);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let media: MediaStore;
beforeEach(async () => {
  files.clear();
  media = await memoryMedia();
});

/** Serves `bytes` and describes it as Discord would (type from the name, no size). */
function attachment(name: string, bytes: Buffer) {
  files.set(`/${name}`, bytes);
  return { url: `${base}/${name}`, filename: name };
}

function draft(fields: Partial<DraftRequest> = {}): DraftRequest {
  return { prompt: 'a hike', model: 'kling-3-omni-pro', duration: 5, aspectRatio: '16:9', sound: false, variants: 1, ...fields };
}

describe('keepImages', () => {
  it('swaps every image for a kept ImageRef, in place, and leaves the rest of the request as it was', async () => {
    const bytes = { first: makePng(640, 360), last: makeJpeg(800, 600), ref1: makePng(400, 400), ref2: makePng(500, 500) };
    const shots = [{ duration: 5, prompt: 'a long walk' }];
    const referenceVideo = { url: 'https://cdn.discordapp.com/v.mp4', mode: 'feature' as const, keepOriginalSound: false };
    const input = draft({
      firstFrame: attachment('first.png', bytes.first),
      lastFrame: attachment('last.jpg', bytes.last),
      referenceImages: [attachment('ref1.png', bytes.ref1), attachment('ref2.png', bytes.ref2)],
      shots,
      shotType: 'customize',
      referenceVideo,
    });
    const before = structuredClone(input);
    const kept = await keepImages(input, media);
    if (!kept.ok) throw new Error(`refused: ${JSON.stringify(kept.problems)}`);
    const { request } = kept;
    expect(request.firstFrame).toEqual({
      mediaId: expect.stringMatching(/^[0-9a-f]{64}$/),
      contentType: 'image/png',
      width: 640,
      height: 360,
      bytes: bytes.first.length,
      filename: 'first.png',
    });
    expect(request.lastFrame).toMatchObject({ contentType: 'image/jpeg', width: 800, height: 600, filename: 'last.jpg' });
    expect(request.referenceImages?.map((r) => [r.filename, r.width])).toEqual([
      ['ref1.png', 400],
      ['ref2.png', 500],
    ]);
    for (const [ref, original] of [
      [request.firstFrame, bytes.first],
      [request.referenceImages?.[1], bytes.ref2],
    ] as const) {
      expect(Buffer.from(await media.read(ref as NonNullable<typeof ref>)).equals(original)).toBe(true);
    }
    expect(JSON.stringify(request)).not.toContain(base);
    expect(request).toMatchObject({ prompt: 'a hike', shots, shotType: 'customize', referenceVideo });
    expect(input).toEqual(before);
  });

  it('keeps a request without images as it is', async () => {
    expect(await keepImages(draft(), media)).toEqual({ ok: true, request: draft() });
  });

  it('refuses with the option name when an image turns out bad after download', async () => {
    const kept = await keepImages(
      draft({
        firstFrame: attachment('first.png', makePng(640, 360)),
        referenceImages: [attachment('ref1.png', makePng(400, 400)), attachment('ref2.png', makeGif(400, 400))],
      }),
      media,
    );
    expect(kept).toEqual({ ok: false, problems: [{ option: 'reference_image2', message: 'must be a JPG or PNG image (`ref2.png` is image/gif)' }] });
  });

  it('refuses with the option name when an image cannot be downloaded, or is too small once read', async () => {
    expect(await keepImages(draft({ lastFrame: { url: `${base}/gone.png`, filename: 'gone.png' } }), media)).toEqual({
      ok: false,
      problems: [{ option: 'last_frame', message: 'could not be downloaded from Discord (`gone.png`): please attach it again' }],
    });
    expect(await keepImages(draft({ firstFrame: attachment('small.png', makePng(200, 400)) }), media)).toEqual({
      ok: false,
      problems: [{ option: 'first_frame', message: 'must be at least 300 px on each side (`small.png` is 200×400)' }],
    });
  });
});

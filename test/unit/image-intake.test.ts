import { memoryMedia, memoryStore } from '../support/store.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { intakeImage, precheckAttachment } from '../../src/media/image-intake.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import { makeGif, makeJpeg, makePng } from '../support/images.ts';

interface Route {
  status: number;
  contentType: string;
  body: Buffer;
}

const routes = new Map<string, Route>();
const hits: string[] = [];
let base = '';

const server: Server = createServer((req, res) => {
  const path = req.url ?? '/';
  hits.push(path);
  res.on('error', () => undefined);
  const route = routes.get(path);
  if (!route) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(route.status, { 'content-type': route.contentType, 'content-length': String(route.body.length) });
  res.end(route.body);
});

function serve(path: string, body: Buffer, contentType = 'application/octet-stream', status = 200): string {
  routes.set(path, { status, contentType, body });
  return `${base}${path}`;
}

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
  routes.clear();
  hits.length = 0;
  media = await memoryMedia();
});

describe('intakeImage', () => {
  it('accepts a PNG, reading its size from the header when Discord gave none, and keeps its bytes', async () => {
    const png = makePng(640, 360);
    const url = serve('/frame.png', png, 'image/png');
    const result = await intakeImage({ url, filename: 'frame.png', contentType: 'image/png' }, media);
    expect(result).toEqual({
      ok: true,
      image: { mediaId: expect.stringMatching(/^[0-9a-f]{64}$/), contentType: 'image/png', width: 640, height: 360, bytes: png.length, filename: 'frame.png' },
    });
    if (!result.ok) return;
    expect(Buffer.from(await media.read(result.image)).equals(png)).toBe(true);
    expect(hits).toEqual(['/frame.png']);
  });

  it('accepts a JPEG with no Discord metadata at all (type from the extension, size from the header)', async () => {
    const jpeg = makeJpeg(400, 500);
    const url = serve('/photo.jpg', jpeg, 'image/jpeg');
    const result = await intakeImage({ url, filename: 'photo.jpg' }, media);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.image).toMatchObject({ contentType: 'image/jpeg', width: 400, height: 500, bytes: jpeg.length, filename: 'photo.jpg' });
  });

  it('trusts the header over what Discord said: a JPEG named .png is stored as image/jpeg', async () => {
    const url = serve('/renamed.png', makeJpeg(800, 600), 'image/png');
    const result = await intakeImage({ url, filename: 'renamed.png', contentType: 'image/png', width: 800, height: 600 }, media);
    expect(result.ok && result.image.contentType).toBe('image/jpeg');
  });

  it('refuses a GIF served and declared as image/png (header check)', async () => {
    const url = serve('/cat.png', makeGif(640, 480), 'image/png');
    const result = await intakeImage({ url, filename: 'cat.png', contentType: 'image/png', width: 640, height: 480 }, media);
    expect(result).toEqual({ ok: false, problem: 'must be a JPG or PNG image (`cat.png` is image/gif)' });
  });

  it('refuses a 200×200 image whose Discord metadata was missing', async () => {
    const url = serve('/small.png', makePng(200, 200), 'image/png');
    const result = await intakeImage({ url, filename: 'small.png', contentType: 'image/png' }, media);
    expect(result).toEqual({ ok: false, problem: 'must be at least 300 px on each side (`small.png` is 200×200)' });
  });

  it('refuses a real size outside the aspect ratio limits even if Discord claimed otherwise', async () => {
    const url = serve('/wide.png', makePng(1000, 300), 'image/png');
    const result = await intakeImage({ url, filename: 'wide.png', contentType: 'image/png', width: 600, height: 400 }, media);
    expect(result).toEqual({ ok: false, problem: 'must have an aspect ratio between 1:2.5 and 2.5:1 (`wide.png` is 1000×300)' });
  });

  it('refuses a URL that 404s', async () => {
    const result = await intakeImage({ url: `${base}/gone.png`, filename: 'gone.png', contentType: 'image/png' }, media);
    expect(result).toEqual({ ok: false, problem: 'could not be downloaded from Discord (`gone.png`): please attach it again' });
    expect(hits).toEqual(['/gone.png']);
  });

  it('refuses a URL nobody answers', async () => {
    const result = await intakeImage({ url: 'http://127.0.0.1:1/nothing.png', filename: 'nothing.png', contentType: 'image/png' }, media);
    expect(result).toEqual({ ok: false, problem: 'could not be downloaded from Discord (`nothing.png`): please attach it again' });
  });

  it('refuses a download over 10 MB when Discord did not report the size', async () => {
    const big = Buffer.concat([makePng(1000, 1000), Buffer.alloc(11 * 1024 * 1024)]);
    const url = serve('/big.png', big, 'image/png');
    const result = await intakeImage({ url, filename: 'big.png', contentType: 'image/png' }, media);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatch(/^must be at most 10 MB \(`big\.png` is 10\.\d MB\)$/);
  });

  it('refuses a file Discord reports as over 10 MB without downloading it', async () => {
    const url = serve('/huge.png', makePng(400, 400), 'image/png');
    const result = await intakeImage({ url, filename: 'huge.png', contentType: 'image/png', bytes: 12 * 1024 * 1024 }, media);
    expect(result).toEqual({ ok: false, problem: 'must be at most 10 MB (`huge.png` is 12.0 MB)' });
    expect(hits).toEqual([]);
  });

  it('refuses bytes that are not an image', async () => {
    const url = serve('/junk.png', Buffer.from('this is not an image at all, just text'), 'image/png');
    const result = await intakeImage({ url, filename: 'junk.png', contentType: 'image/png' }, media);
    expect(result).toEqual({ ok: false, problem: 'is not a readable JPG or PNG image (`junk.png`)' });
  });
});

describe('precheckAttachment', () => {
  it('applies the frame rules to what Discord reports', () => {
    expect(precheckAttachment({ url: 'https://cdn/x.webp', filename: 'x.webp', contentType: 'image/webp' })).toBe(
      'must be a JPG or PNG image (`x.webp` is image/webp)',
    );
    expect(precheckAttachment({ url: 'https://cdn/x.png', filename: 'x.png', contentType: 'image/png', width: 100, height: 900 })).toBe(
      'must be at least 300 px on each side (`x.png` is 100×900)',
    );
    expect(precheckAttachment({ url: 'https://cdn/x.png', filename: 'x.png', contentType: 'image/png', width: 1280, height: 720, bytes: 5000 })).toBeNull();
  });
});

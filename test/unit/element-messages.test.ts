import { memoryMedia, memoryStore } from '../support/store.ts';
import { describe, expect, it } from 'vitest';
import { precheckCreate } from '../../src/elements/element-attachments.ts';
import type { StoredElement } from '../../src/elements/element-types.ts';
import { infoReply, listReply, unsavedLine, withoutImages } from '../../src/discord/element-messages.ts';
import { parseTags } from '../../src/elements/element-rules.ts';
import type { Logger } from '../../src/logging/log.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import type { VideoProvider } from '../../src/providers/provider.ts';
import { makePng } from '../support/images.ts';

const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const png = { filename: 'a.png', contentType: 'image/png', bytes: 5000, width: 800, height: 800, url: 'http://x/a.png' };

describe('parseTags', () => {
  it('splits on commas, trims, drops empties and case-insensitive repeats, and names the limits', () => {
    expect(parseTags(' character, Hero ,, hero,  ')).toEqual({ ok: true, tags: ['character', 'Hero'] });
    expect(parseTags(null)).toEqual({ ok: true, tags: [] });
    expect(parseTags(`ok, ${'x'.repeat(33)}`)).toMatchObject({ ok: false, problem: expect.stringMatching(/each tag must be at most 32 characters/) });
    expect(parseTags(Array.from({ length: 11 }, (_, i) => `t${i}`).join(','))).toEqual({ ok: false, problem: '`tags`: at most 10 tags (there are 11)' });
  });
});

describe('precheckCreate', () => {
  it('checks every image like /video does and names the option', () => {
    expect(
      precheckCreate({ frontal: { ...png, contentType: 'image/gif', filename: 'a.gif' }, images: [{ option: 'image3', facts: { ...png, width: 299 } }] }),
    ).toEqual(['`frontal_image` must be a JPG or PNG image (`a.gif` is image/gif)', '`image3` must be at least 300 px on each side (`a.png` is 299×800)']);
    expect(precheckCreate({ frontal: png, images: [] })).toEqual([]);
  });

  it('checks voice and video files and how the media combine', () => {
    const voice = { filename: 'v.mp3', contentType: 'audio/mpeg', bytes: 1000, url: 'http://x/v.mp3' };
    const video = { filename: 'v.mp4', contentType: 'video/mp4', bytes: 1000, width: 1280, height: 720, url: 'http://x/v.mp4' };
    expect(precheckCreate({ frontal: png, images: [], voice })).toEqual([]);
    expect(precheckCreate({ images: [], video })).toEqual([]);
    expect(precheckCreate({ frontal: png, images: [], voice: { ...voice, contentType: 'application/pdf', filename: 'v.pdf' } })).toEqual([
      '`voice` must be an MP3, WAV, M4A, AAC or OGG audio file (`v.pdf` is application/pdf)',
    ]);
    expect(precheckCreate({ frontal: png, images: [], voice: { ...voice, bytes: 21 * 1024 * 1024 } })).toEqual([
      '`voice` must be at most 20 MB (`v.mp3` is 21.0 MB)',
    ]);
    expect(precheckCreate({ images: [], video: { ...video, width: 640, height: 360 } })).toEqual([
      '`video` must be 720–2160 px on each side (`v.mp4` is 640×360)',
    ]);
    expect(precheckCreate({ images: [], video: { ...video, contentType: 'video/webm', filename: 'v.webm' } })).toEqual([
      '`video` must be an MP4 or MOV video (`v.webm` is video/webm)',
    ]);
    expect(precheckCreate({ frontal: png, images: [], video })).toEqual([
      '`video` is a reference video *instead of* images: leave out `frontal_image` and `image2`–`image4`, or the video',
    ]);
    expect(precheckCreate({ images: [], voice })).toEqual(['`frontal_image` is required: extra images and a voice need a frontal image']);
    expect(precheckCreate({ images: [] })).toEqual(['`frontal_image` is required (or give a reference `video` instead of images)']);
  });
});

async function elements(count: number, media: MediaStore): Promise<StoredElement[]> {
  const frontal = await media.save(makePng(320, 320), { contentType: 'image/png', width: 320, height: 320, filename: 'f.png' });
  return Array.from({ length: count }, (_, i) => ({
    name: `el${String(i).padStart(2, '0')}`,
    description: `number ${i}`,
    tags: ['character'],
    frontal,
    providerIds: { runware: `rw-${i}` },
    guildId: 'g',
    creatorId: 'u1',
    createdAt: 1_700_000_000_000,
    source: 'created' as const,
  }));
}

describe('listReply', () => {
  it('gives one embed per element with its frontal image attached as the thumbnail, at most 10', async () => {
    const media = await memoryMedia();
    const all = await elements(12, media);
    const reply = await listReply(all, media, ['Kling AI account elements not saved here yet: …'], log);
    expect(reply.embeds).toHaveLength(10);
    expect(reply.files.map((f) => f.name)).toEqual(all.slice(0, 10).map((e) => `${e.name}.png`));
    expect(reply.embeds[0]).toMatchObject({ title: 'el00', thumbnail: { url: 'attachment://el00.png' } });
    expect(reply.embeds[0]?.description).toContain('by <@u1>');
    expect(reply.content).toContain('**12 elements in this server**');
    expect(reply.content).toContain('Showing 10; 2 more not shown: `el10`, `el11`');
    expect(reply.content).toContain('Kling AI account elements not saved here yet');
  });

  it('says so when the server has none, and shows saved-by-id elements without a thumbnail', async () => {
    const media = await memoryMedia();
    expect((await listReply([], media, [], log)).content).toMatch(/No elements in this server yet/);
    const [one] = await elements(1, media);
    const saved = { ...one!, frontal: undefined, providerIds: { kling: '42' }, source: 'saved' as const };
    const reply = await listReply([saved], media, [], log);
    expect(reply.files).toEqual([]);
    expect(reply.embeds[0]?.thumbnail).toBeUndefined();
    expect(reply.embeds[0]?.description).toContain('saved from a provider id (kling)');
  });
});

describe('infoReply and unsavedLine', () => {
  it('shows description, tags, creator, date, provider ids and the frontal image', async () => {
    const media = await memoryMedia();
    const [one] = await elements(1, media);
    const reply = await infoReply(one!, media, log);
    const fields = Object.fromEntries((reply.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({ Tags: 'character', Creator: '<@u1>', Created: '<t:1700000000:f>', 'Provider ids': 'runware: `rw-0`' });
    expect(reply.embeds[0]).toMatchObject({ description: 'number 0', image: { url: 'attachment://el00.png' } });
    expect(reply.files).toHaveLength(1);
    const plain = withoutImages(reply);
    expect(plain.files).toEqual([]);
    expect(plain.embeds[0]?.image).toBeUndefined();
    expect(plain.embeds[0]?.fields).toEqual(reply.embeds[0]?.fields);
  });

  it('lists the provider account’s elements that no element here uses', async () => {
    const kling = { name: 'kling', label: 'Kling AI' } as VideoProvider;
    const media = await memoryMedia();
    const [one] = await elements(1, media);
    const saved = { ...one!, providerIds: { kling: '1' } };
    expect(
      unsavedLine(
        kling,
        [
          { id: '1', name: 'Saved' },
          { id: '2', name: 'Robot' },
        ],
        [saved],
      ),
    ).toBe('Kling AI account elements not saved here yet: `Robot` (id `2`) — add one with `/element save provider:kling id:<id> name:<name>`.');
    expect(unsavedLine(kling, [{ id: '1', name: 'Saved' }], [saved])).toBeNull();
  });
});

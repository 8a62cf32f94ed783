import { memoryMedia, memoryStore } from '../support/store.ts';
import { describe, expect, it } from 'vitest';
import type { ElementRef, ImageRef } from '../../src/domain/request.ts';
import { ElementLibrary, type NewElementInput } from '../../src/elements/element-library.ts';
import type { Logger } from '../../src/logging/log.ts';
import { ProviderRegistry } from '../../src/flow/provider-registry.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import { ProviderError } from '../../src/providers/provider-error.ts';
import type { MediaAccess, ProviderElement, VideoProvider } from '../../src/providers/provider.ts';
import { makePng } from '../support/images.ts';

const GUILD = 'g1';
type FakeOptions = { label?: string; create?: (e: ElementRef, media: MediaAccess) => Promise<string>; list?: () => Promise<ProviderElement[]> };

function fakeProvider(name: string, options: FakeOptions = {}): VideoProvider & { created: ElementRef[] } {
  const created: ElementRef[] = [];
  const provider: VideoProvider & { created: ElementRef[] } = {
    name,
    label: options.label ?? name,
    delivery: 'poll',
    created,
    capabilities: () => undefined,
    unsupported: () => [],
    estimateCost: () => ({ usd: 0, estimated: true }),
    resultExpiry: () => undefined,
    parseCallback: () => [],
    submit: () => Promise.reject(new Error('not used')),
    poll: () => Promise.resolve([]),
  };
  const create = options.create;
  if (create) provider.createElement = (e, media) => (created.push(e), create(e, media));
  if (options.list) provider.listElements = options.list;
  return provider;
}

async function setup(providers: VideoProvider[]) {
  const { kv, media } = await memoryStore();
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg?: string }> = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  const log: Logger = { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
  return { kv, media, lines, library: new ElementLibrary({ kv, providers: new ProviderRegistry(providers), media, log }) };
}

const png = (media: MediaStore, side = 400, filename = 'front.png'): Promise<ImageRef> =>
  media.save(makePng(side, side), { contentType: 'image/png', width: side, height: side, filename });

describe('ElementLibrary.create', () => {
  it('enforces the name rules: 2–32 letters, digits, _ or -', async () => {
    const { library, media } = await setup([fakeProvider('runware', { create: async () => 'el-1' })]);
    const frontal = await png(media);
    for (const [name, pattern] of [
      ['a', /2–32 characters \(it is 1\)/],
      ['x'.repeat(33), /it is 33/],
      ['has space', /only use letters, digits/],
      ['émile', /only use letters/],
      ['a.b', /only use letters/],
    ] as const) {
      const result = await library.create(GUILD, 'u1', { name, frontal });
      expect(result.ok, name).toBe(false);
      if (!result.ok) expect(result.problem).toMatch(pattern);
    }
    const ok = await library.create(GUILD, 'u1', { name: 'Hero_2-b', frontal });
    expect(ok.ok).toBe(true);
    const at = await library.create(GUILD, 'u1', { name: '@sidekick', frontal });
    expect(at.ok && at.element.name).toBe('sidekick');
  });

  it('keeps names unique per server, ignoring case; other servers are separate', async () => {
    const { library, media } = await setup([fakeProvider('runware', { create: async () => 'el-1' })]);
    const frontal = await png(media);
    expect((await library.create(GUILD, 'u1', { name: 'Hero', frontal })).ok).toBe(true);
    const again = await library.create(GUILD, 'u2', { name: 'hERO', frontal });
    expect(again).toEqual({ ok: false, problem: expect.stringMatching(/already an element called `Hero` in this server/) });
    expect((await library.create('g2', 'u2', { name: 'hero', frontal })).ok).toBe(true);
    expect((await library.get(GUILD, 'HERO'))?.creatorId).toBe('u1');
    expect((await library.get(GUILD, '@hero'))?.name).toBe('Hero');
  });

  it('lets only one of two simultaneous creates of the same name win', async () => {
    const { library, media } = await setup([fakeProvider('runware', { create: () => new Promise((r) => setTimeout(() => r('el-x'), 20)) })]);
    const frontal = await png(media);
    const [a, b] = await Promise.all([library.create(GUILD, 'u1', { name: 'twin', frontal }), library.create(GUILD, 'u2', { name: 'Twin', frontal })]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(await library.list(GUILD)).toHaveLength(1);
  });

  it('registers with every provider that has createElement and records their ids', async () => {
    const runware = fakeProvider('runware', { label: 'Runware', create: async (e, media) => (await media.read(e.frontal as ImageRef), 'el-rw') });
    const kling = fakeProvider('kling', { label: 'Kling AI', create: async () => '8812345' });
    const plain = fakeProvider('imini');
    const { library, media } = await setup([runware, plain, kling]);
    const frontal = await png(media);
    const extra = await png(media, 500, 'side.png');
    const result = await library.create(GUILD, 'u1', {
      name: 'knight',
      description: ' A knight in silver armour ',
      tags: ['character', 'Character', 'hero'],
      frontal,
      images: [extra],
      voiceUrl: 'https://cdn/voice.mp3',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(result.element).toMatchObject({
      name: 'knight',
      description: 'A knight in silver armour',
      tags: ['character', 'hero'],
      frontal,
      images: [extra],
      voiceUrl: 'https://cdn/voice.mp3',
      providerIds: { runware: 'el-rw', kling: '8812345' },
      guildId: GUILD,
      creatorId: 'u1',
      source: 'created',
    });
    expect(runware.created[0]).toEqual({
      name: 'knight',
      description: 'A knight in silver armour',
      tags: ['character', 'hero'],
      frontal,
      images: [extra],
      voiceUrl: 'https://cdn/voice.mp3',
      providerIds: {},
    });
    expect(await library.get(GUILD, 'knight')).toEqual(result.element);
  });

  it('reports a failing provider in plain words (details only in the log) and keeps the others', async () => {
    const failing = fakeProvider('kling', {
      label: 'Kling AI',
      create: () => Promise.reject(new ProviderError({ kind: 'balance', status: 402, detail: 'account 1234 balance 0 units' })),
    });
    const { library, media, lines } = await setup([fakeProvider('runware', { label: 'Runware', create: async () => 'el-rw' }), failing]);
    const result = await library.create(GUILD, 'u1', { name: 'dragon', frontal: await png(media) });
    expect(result.ok && result.element.providerIds).toEqual({ runware: 'el-rw' });
    expect(result.ok && result.warnings).toEqual(['Kling AI could not save it: the account is out of credit.']);
    expect(JSON.stringify(result)).not.toContain('1234');
    expect(lines.find((l) => l.msg === 'provider could not create element')?.obj).toMatchObject({
      provider: 'kling',
      kind: 'balance',
      detail: 'account 1234 balance 0 units',
    });
  });

  it('fails with a clear problem and stores nothing when every provider fails', async () => {
    const { library, media } = await setup([
      fakeProvider('runware', { label: 'Runware', create: () => Promise.reject(new ProviderError({ kind: 'server', detail: 'HTTP 500' })) }),
      fakeProvider('kling', { label: 'Kling AI', create: () => Promise.reject(new Error('socket hang up')) }),
    ]);
    const result = await library.create(GUILD, 'u1', { name: 'ghost', frontal: await png(media) });
    expect(result).toEqual({
      ok: false,
      problem:
        'No video provider could save `ghost`, so nothing was saved:\nRunware could not save it: it had an internal error, try again later.\nKling AI could not save it: something went wrong while talking to it.',
    });
    expect(await library.list(GUILD)).toEqual([]);
  });

  it('follows the element media rules (frontal + up to 3 images, or a video; voice only with images)', async () => {
    const provider = fakeProvider('runware', { create: async () => 'el' });
    const { library, media } = await setup([provider]);
    const img = await png(media);
    const cases: Array<[NewElementInput, RegExp | null]> = [
      [{ name: 'none' }, /`frontal_image` is required \(or give a reference `video`/],
      [{ name: 'noFront', images: [img] }, /`frontal_image` is required: extra images and a voice need a frontal image/],
      [{ name: 'tooMany', frontal: img, images: [img, img, img, img] }, /at most 3 images besides `frontal_image` \(there are 4\)/],
      [{ name: 'vidImg', frontal: img, videoUrl: 'https://cdn/v.mp4' }, /reference video \*instead of\* images/],
      [{ name: 'vidVoice', videoUrl: 'https://cdn/v.mp4', voiceUrl: 'https://cdn/a.mp3' }, /`voice` cannot be combined with a reference `video`/],
      [{ name: 'voiceAlone', voiceUrl: 'https://cdn/a.mp3' }, /`frontal_image` is required: extra images and a voice need/],
      [{ name: 'longDesc', frontal: img, description: 'x'.repeat(101) }, /`description` must be at most 100 characters \(it is 101\)/],
      [{ name: 'manyTags', frontal: img, tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, /at most 10 tags \(there are 11\)/],
      [{ name: 'video', videoUrl: 'https://cdn/v.mp4' }, null],
      [{ name: 'three', frontal: img, images: [img, img, img], voiceUrl: 'https://cdn/a.mp3' }, null],
    ];
    for (const [input, problem] of cases) {
      const result = await library.create(GUILD, 'u1', input);
      if (problem) expect(result.ok ? 'ok' : result.problem, input.name).toMatch(problem);
      else expect(result.ok, input.name).toBe(true);
    }
    expect(provider.created.map((e) => e.name)).toEqual(['video', 'three']);
  });
});

describe('ElementLibrary.save', () => {
  const kling = (list: ProviderElement[]) => fakeProvider('kling', { label: 'Kling AI', create: async () => 'new', list: async () => list });

  it('registers an existing provider id, taking the provider’s description when none is given', async () => {
    const { library } = await setup([fakeProvider('runware', { create: async () => 'x' }), kling([{ id: '777', name: 'Robot', description: 'A tin robot' }])]);
    const result = await library.save(GUILD, 'u9', { name: 'robot', provider: 'kling', id: ' 777 ' });
    expect(result.ok && result.warnings).toEqual([]);
    expect(await library.get(GUILD, 'robot')).toMatchObject({
      name: 'robot',
      description: 'A tin robot',
      providerIds: { kling: '777' },
      source: 'saved',
      creatorId: 'u9',
    });
  });

  it('warns (but saves) when the provider does not list the id; refuses unknown providers, bad ids, repeats', async () => {
    const { library } = await setup([fakeProvider('runware', { create: async () => 'x' }), kling([]), fakeProvider('plain')]);
    const unlisted = await library.save(GUILD, 'u1', { name: 'ufo', provider: 'kling', id: '42', description: 'saucer' });
    expect(unlisted.ok && unlisted.warnings).toEqual([
      'Kling AI does not list an element `42` in this account; it was saved anyway, so check the id if videos with it fail.',
    ]);
    expect(await library.save(GUILD, 'u1', { name: 'x1', provider: 'nope', id: '1' })).toEqual({
      ok: false,
      problem: '`provider` `nope` is not configured on this bot (providers with element libraries: `runware`, `kling`)',
    });
    expect(await library.save(GUILD, 'u1', { name: 'x2', provider: 'plain', id: '1' })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/`plain` has no element library/),
    });
    expect(await library.save(GUILD, 'u1', { name: 'x3', provider: 'kling', id: 'a b' })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/`id` must not contain spaces/),
    });
    expect(await library.save(GUILD, 'u1', { name: 'ufo2', provider: 'kling', id: '42' })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/already saved in this server as `ufo`/),
    });
    expect(await library.save(GUILD, 'u1', { name: 'UFO', provider: 'runware', id: 'el-9' })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/already an element called `ufo`/),
    });
  });
});

describe('ElementLibrary.remove', () => {
  it('deletes only for the creator or someone who may manage the server', async () => {
    const { library, media } = await setup([fakeProvider('runware', { create: async () => 'x' })]);
    const frontal = await png(media);
    await library.create(GUILD, 'alice', { name: 'cat', frontal });
    await library.create(GUILD, 'alice', { name: 'dog', frontal });
    expect(await library.remove(GUILD, 'cat', { userId: 'bob', canManageServer: false })).toEqual({
      ok: false,
      problem: 'only <@alice>, who made `cat`, or someone with the Manage Server permission can delete it',
    });
    expect(await library.get(GUILD, 'cat')).toBeDefined();
    expect(await library.remove(GUILD, 'CAT', { userId: 'alice', canManageServer: false })).toEqual({ ok: true });
    expect(await library.remove(GUILD, 'dog', { userId: 'mod', canManageServer: true })).toEqual({ ok: true });
    expect(await library.list(GUILD)).toEqual([]);
    expect(await library.remove(GUILD, 'cat', { userId: 'alice', canManageServer: true })).toEqual({
      ok: false,
      problem: 'no element called `cat` in this server — see /element list',
    });
    expect((await library.create(GUILD, 'bob', { name: 'cat', frontal })).ok).toBe(true);
  });
});

describe('ElementLibrary.suggest', () => {
  it('lists names starting with the text first, then names containing it, each alphabetically, at most 25', async () => {
    const { library } = await setup([fakeProvider('kling', { create: async () => 'x' })]);
    for (const [i, name] of ['dragon', 'Mad-Hatter', 'hat', 'ghat', 'Hatchling', 'knight'].entries())
      await library.save(GUILD, 'u', { name, provider: 'kling', id: `id${i}` });
    const names = async (typed: string) => (await library.suggest(GUILD, typed)).map((e) => e.name);
    expect(await names('HAT')).toEqual(['hat', 'Hatchling', 'ghat', 'Mad-Hatter']);
    expect(await names('@kn')).toEqual(['knight']);
    expect(await names('')).toEqual(['dragon', 'ghat', 'hat', 'Hatchling', 'knight', 'Mad-Hatter']);
    expect(await names('zzz')).toEqual([]);
    expect(await library.suggest('other-guild', '')).toEqual([]);
    for (let i = 0; i < 30; i++) await library.save(GUILD, 'u', { name: `extra${String(i).padStart(2, '0')}`, provider: 'kling', id: `x${i}` });
    expect(await library.suggest(GUILD, '')).toHaveLength(25);
  });
});

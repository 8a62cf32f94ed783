import { memoryMedia, memoryStore } from '../support/store.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { ElementLibrary } from '../../src/elements/element-library.ts';
import type { Logger } from '../../src/logging/log.ts';
import { ProviderRegistry } from '../../src/flow/provider-registry.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import type { VideoProvider } from '../../src/providers/provider.ts';
import { makePng } from '../support/images.ts';

const GUILD = 'g1';
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const provider: VideoProvider = {
  name: 'runware',
  label: 'Runware',
  delivery: 'poll',
  capabilities: () => undefined,
  unsupported: () => [],
  estimateCost: () => ({ usd: 0, estimated: true }),
  resultExpiry: () => undefined,
  parseCallback: () => [],
  submit: () => Promise.reject(new Error('not used')),
  poll: () => Promise.resolve([]),
  createElement: async (e) => `el-${e.name.toLowerCase()}`,
};

let library: ElementLibrary;
beforeAll(async () => {
  const { kv, media } = await memoryStore();
  library = new ElementLibrary({ kv, providers: new ProviderRegistry([provider]), media, log: silent });
  const frontal = await media.save(makePng(400, 400), { contentType: 'image/png', width: 400, height: 400, filename: 'f.png' });
  for (const name of ['Hero', 'villain', 'cat', 'dog-2']) {
    const created = await library.create(GUILD, 'creator', { name, description: `the ${name}`, tags: ['character'], frontal });
    if (!created.ok) throw new Error(created.problem);
  }
});

async function resolved(options: string[], prompt: string) {
  const result = await library.resolve(GUILD, options, prompt);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return { names: result.elements.map((e) => e.name), prompt: result.prompt, elements: result.elements };
}

describe('ElementLibrary.resolve', () => {
  it('leaves a prompt without element names alone', async () => {
    expect(await library.resolve(GUILD, [], 'a quiet lake at dawn')).toEqual({ ok: true, elements: [], prompt: 'a quiet lake at dawn' });
    expect(await library.resolve(null, [], 'mail me at a@b.com')).toEqual({ ok: true, elements: [], prompt: 'mail me at a@b.com' });
  });

  it('replaces @name mentions with <<<element_N>>> in order of first appearance', async () => {
    expect(await resolved([], '@villain ambushes @Hero, then @villain flees')).toMatchObject({
      names: ['villain', 'Hero'],
      prompt: '<<<element_1>>> ambushes <<<element_2>>>, then <<<element_1>>> flees',
    });
  });

  it('puts option elements first (in option order), then mentioned ones, without repeats', async () => {
    expect(await resolved(['villain'], '@hero fights @VILLAIN')).toMatchObject({
      names: ['villain', 'Hero'],
      prompt: '<<<element_2>>> fights <<<element_1>>>',
    });
    expect(await resolved(['cat', 'Cat', '@cat'], '@cat naps')).toMatchObject({ names: ['cat'], prompt: '<<<element_1>>> naps' });
  });

  it('appends ( <<<element_N>>> ) for option elements the prompt does not mention', async () => {
    expect(await resolved(['hero'], 'walks through the rain  ')).toMatchObject({ names: ['Hero'], prompt: 'walks through the rain (<<<element_1>>>)' });
    expect(await resolved(['hero', 'cat', 'dog-2'], '@cat sleeps on a sofa')).toMatchObject({
      names: ['Hero', 'cat', 'dog-2'],
      prompt: '<<<element_2>>> sleeps on a sofa (<<<element_1>>>) (<<<element_3>>>)',
    });
  });

  it('does not treat e-mail addresses or Discord mentions as elements, and keeps punctuation', async () => {
    expect(await resolved([], 'write to me@cat.com, ping <@123456789012345678>, then (@dog-2)! and @hero.')).toMatchObject({
      names: ['dog-2', 'Hero'],
      prompt: 'write to me@cat.com, ping <@123456789012345678>, then (<<<element_1>>>)! and <<<element_2>>>.',
    });
  });

  it('treats @everyone and @here (any case) as plain words, never as element names', async () => {
    for (const prompt of ['show @everyone dancing', 'a crowd, @here and now', '@Everyone cheers, @HERE too', 'show @everyone!']) {
      expect(await library.resolve(GUILD, [], prompt)).toEqual({ ok: true, elements: [], prompt });
      expect(await library.resolve(null, [], prompt)).toEqual({ ok: true, elements: [], prompt }); // in DMs too
    }
    expect(await resolved([], '@hero waves at @everyone, then @here')).toMatchObject({
      names: ['Hero'],
      prompt: '<<<element_1>>> waves at @everyone, then @here',
    });
    // A longer name that starts like one is still a name.
    expect(await library.resolve(GUILD, [], '@heroes and @everyone2')).toMatchObject({
      ok: false,
      problems: [
        { option: 'prompt', message: expect.stringContaining('`@heroes`') },
        { option: 'prompt', message: expect.stringContaining('`@everyone2`') },
      ],
    });
  });

  it('leaves mass mentions alone even when an element has that name (it is still usable by option)', async () => {
    const { kv, media } = await memoryStore();
    const other = new ElementLibrary({ kv, providers: new ProviderRegistry([provider]), media, log: silent });
    const frontal = await media.save(makePng(400, 400), { contentType: 'image/png', width: 400, height: 400, filename: 'f.png' });
    const created = await other.create(GUILD, 'creator', { name: 'here', description: 'a place', tags: [], frontal });
    if (!created.ok) throw new Error(created.problem);
    expect(await other.resolve(GUILD, [], 'look @here')).toEqual({ ok: true, elements: [], prompt: 'look @here' });
    expect(await other.resolve(GUILD, ['here'], 'look @here')).toMatchObject({ ok: true, prompt: 'look @here (<<<element_1>>>)' });
  });

  it('does not take e-mail addresses or user, nickname and role mentions for element names', async () => {
    for (const prompt of ['mail me at a@b.com', 'ask <@123> and <@!456>', 'the <@&789> team', 'ping <@123456789012345678>']) {
      expect(await library.resolve(GUILD, [], prompt)).toEqual({ ok: true, elements: [], prompt });
    }
  });

  it('returns plain snapshots (no library bookkeeping) that keep images and provider ids', async () => {
    const { elements } = await resolved(['hero'], 'x y');
    expect(elements[0]).toEqual({
      name: 'Hero',
      description: 'the Hero',
      tags: ['character'],
      frontal: expect.objectContaining({ contentType: 'image/png', width: 400 }),
      providerIds: { runware: 'el-hero' },
    });
    expect(Object.keys(elements[0] ?? {})).not.toContain('guildId');
  });

  it('names the option or the @name of every unknown element', async () => {
    expect(await library.resolve(GUILD, ['hero', 'ghost'], '@hero meets @nobody and @Nobody')).toEqual({
      ok: false,
      problems: [
        { option: 'element2', message: 'no element called `ghost` in this server — see /element list' },
        { option: 'prompt', message: 'mentions `@nobody`, but no element called `nobody` in this server — see /element list' },
      ],
    });
    expect(await library.resolve(GUILD, ['', 'ghost'], 'x')).toMatchObject({ ok: false, problems: [{ option: 'element2' }] });
    expect(await library.resolve('g2', ['hero'], 'x')).toMatchObject({
      ok: false,
      problems: [{ option: 'element', message: expect.stringContaining('no element called `hero`') }],
    });
  });

  it('refuses more than 3 elements, counting options and mentions together', async () => {
    expect(await library.resolve(GUILD, ['hero', 'villain'], '@cat chases @dog-2 while @hero watches')).toEqual({
      ok: false,
      problems: [{ option: 'element', message: 'at most 3 elements per video (this one names 4: `hero`, `villain`, `cat`, `dog-2`)' }],
    });
    expect((await library.resolve(GUILD, ['hero', 'villain'], '@cat and @hero')).ok).toBe(true);
  });

  it('refuses elements outside a server, and a prompt the references make too long', async () => {
    expect(await library.resolve(null, [], 'a @hero')).toEqual({
      ok: false,
      problems: [{ option: 'prompt', message: expect.stringMatching(/belong to a server/) }],
    });
    expect(await library.resolve(null, ['hero'], 'x')).toMatchObject({ ok: false, problems: [{ option: 'element' }] });
    expect(await library.resolve(GUILD, [], `${'a'.repeat(2490)} @cat`)).toEqual({
      ok: false,
      problems: [{ option: 'prompt', message: 'with the element references (`<<<element_N>>>`) it becomes 2506 characters; at most 2500' }],
    });
    expect((await library.resolve(GUILD, [], `${'a'.repeat(2484)} @cat`)).ok).toBe(true); // exactly 2500
  });
});

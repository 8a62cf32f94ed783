import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, type World } from '../support/bot-harness.ts';
import type { FakeAttachmentSpec, InteractionRecord } from '../support/discord/index.ts';
import { makeGif, makeJpeg, makePng } from '../support/images.ts';
import { ATTACHMENT, STRING, settle, type CommandOption, useBot } from './helpers.ts';

/** A member who may use commands but not manage the server. */
const CAROL = '400000000000000003';
const SUBCOMMAND = 1;
const EPHEMERAL = 64;

let world: World;
let bot: RunningBot;

/** The usual world plus Carol, who may use commands but not manage the server (alice, the owner, and bob may). */
const WORLD = {
  members: [
    { id: IDS.alice, username: 'alice' },
    { id: IDS.bob, username: 'bob' },
    {
      id: CAROL,
      username: 'carol',
      permissions: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.UseApplicationCommands),
    },
  ],
};

useBot(WORLD, (w, b) => ([world, bot] = [w, b]));

const str = (name: string, value: string): CommandOption => ({ name, type: STRING, value });
const file = (name: string, bytes: Uint8Array, contentType: string, extra: Partial<FakeAttachmentSpec> = {}): FakeAttachmentSpec => ({
  filename: name,
  contentType,
  size: bytes.byteLength,
  url: world.discord.hostFile(name, bytes, contentType),
  ...extra,
});

/** Sends `/element <sub>` and resolves once the bot's final answer is in (reply, edited deferral or follow-up). */
async function element(
  sub: string,
  options: CommandOption[],
  extra: { userId?: string; attachments?: Record<string, FakeAttachmentSpec> } = {},
): Promise<InteractionRecord> {
  const attachmentOptions = Object.keys(extra.attachments ?? {}).map((name) => ({ name, type: ATTACHMENT }));
  const { id, token } = world.discord.sendChatCommand({
    guildId: IDS.guild,
    channelId: IDS.channel,
    userId: extra.userId ?? IDS.alice,
    name: 'element',
    options: [{ name: sub, type: SUBCOMMAND, options: [...options, ...attachmentOptions] }],
    attachments: extra.attachments,
  });
  await world.discord.waitForRest(
    (c) =>
      (c.path === `/interactions/${id}/${token}/callback` && (c.body as { type?: number })?.type === 4) ||
      (c.method === 'PATCH' && c.path === `/webhooks/${IDS.app}/${token}/messages/@original`) ||
      (c.method === 'POST' && c.path === `/webhooks/${IDS.app}/${token}`),
  );
  return world.discord.interactionResponses(id);
}

/** The text of a private refusal (an ephemeral reply, or an ephemeral follow-up after a deferral). */
function refusal(record: InteractionRecord): string {
  const message = record.followUps[0] ?? record.original;
  expect(message?.flags ?? 0, 'refusals are ephemeral').toSatisfy((f: number) => (f & EPHEMERAL) !== 0);
  return message?.content ?? '';
}

type Embed = { title?: string; description?: string; thumbnail?: { url: string }; image?: { url: string }; fields?: Array<{ name: string; value: string }> };
const embedsOf = (record: InteractionRecord) => (record.original?.embeds ?? []) as Embed[];

describe('/element', () => {
  const front = makePng(800, 800);

  it('create: keeps the images, uploads them to Runware once and stores the Runware element id', async () => {
    const before = world.runware.uploads.size;
    const record = await element('create', [str('name', 'Hero'), str('description', 'A knight in silver armour'), str('tags', 'character, knight')], {
      attachments: {
        frontal_image: file('hero.png', front, 'image/png', { width: 800, height: 800 }),
        image2: file('side.jpg', makeJpeg(600, 900), 'image/jpeg', { width: 600, height: 900 }),
      },
    });
    const reply = record.original;
    expect(reply?.flags ?? 0).toBe(0);
    expect(reply?.content).toContain('created the element **Hero** (frontal image + 1 more image; registered with runware)');
    expect(reply?.content).toContain('`@Hero`');
    const uploads = [...world.runware.uploads.values()].slice(before);
    expect(uploads.map((u) => String(u.image).slice(0, 22))).toEqual(['data:image/png;base64,', 'data:image/jpeg;base64']);
    expect(world.runware.received.some((r) => JSON.stringify(r.body).includes('videoInference'))).toBe(false);
  });

  it('info: description, tags, creator, date, the Runware id and the frontal image', async () => {
    const record = await element('info', [str('name', 'hero')]);
    const message = record.original;
    expect((message?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const [embed] = embedsOf(record);
    const fields = Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
    expect(embed).toMatchObject({ title: 'Hero', description: 'A knight in silver armour', image: { url: 'attachment://hero.png' } });
    expect(fields).toMatchObject({ Tags: 'character, knight', Creator: `<@${IDS.alice}>`, 'Made of': 'frontal image + 1 more image' });
    expect(fields.Created).toMatch(/^<t:\d+:f>$/);
    expect(fields['Provider ids']).toMatch(/^runware: `el-[0-9a-f-]{36}`$/);
    expect(message?.files.map((f) => f.name)).toEqual(['hero.png']);
    expect(Buffer.from(message?.files[0]?.bytes ?? []).equals(front)).toBe(true);
  });

  it('save: registers an existing provider id; an unknown provider is refused naming the option', async () => {
    const saved = await element('save', [str('name', 'robot'), str('provider', 'runware'), str('id', 'el-existing-7'), str('description', 'A tin robot')], {
      userId: CAROL,
    });
    expect(saved.original?.content).toContain('saved the element **robot** (saved from a provider id (runware); registered with runware)');
    const info = await element('info', [str('name', 'ROBOT')]);
    expect(embedsOf(info)[0]?.fields?.find((f) => f.name === 'Provider ids')?.value).toBe('runware: `el-existing-7`');
    const bad = await element('save', [str('name', 'robot2'), str('provider', 'nowhere'), str('id', '1')]);
    expect(refusal(bad)).toMatch(/`provider` `nowhere` is not configured on this bot \(providers with element libraries: `runware`\)/);
  });

  it('list: an embed per element with the frontal image attached as its thumbnail', async () => {
    await element('create', [str('name', 'portal')], {
      attachments: { video: file('portal.mp4', new Uint8Array(2000), 'video/mp4', { width: 1280, height: 720 }) },
    });
    const record = await element('list', []);
    expect((record.original?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(record.original?.content).toContain('**3 elements in this server**');
    const embeds = embedsOf(record);
    expect(embeds.map((e) => e.title)).toEqual(['Hero', 'portal', 'robot']);
    expect(embeds[0]?.thumbnail).toEqual({ url: 'attachment://hero.png' });
    expect(embeds[0]?.description).toContain(`by <@${IDS.alice}>`);
    expect(embeds[1]?.description).toContain('reference video');
    expect(embeds[2]?.thumbnail).toBeUndefined();
    expect(record.original?.attachments.map((a) => a.filename)).toEqual(['hero.png']);
  });

  it('autocompletes element names (prefix first) and providers with element libraries', async () => {
    const names = world.discord.sendAutocomplete({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.bob,
      name: 'element',
      options: [{ name: 'info', type: SUBCOMMAND, options: [{ name: 'name', type: STRING, value: 'R', focused: true }] }],
    });
    expect(await world.discord.autocompleteChoices(names.id)).toEqual([
      { name: 'robot — A tin robot', value: 'robot' },
      { name: 'Hero — A knight in silver armour', value: 'Hero' },
      { name: 'portal', value: 'portal' },
    ]);
    const providers = world.discord.sendAutocomplete({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.bob,
      name: 'element',
      options: [{ name: 'save', type: SUBCOMMAND, options: [{ name: 'provider', type: STRING, value: '', focused: true }] }],
    });
    expect(await world.discord.autocompleteChoices(providers.id)).toEqual([{ name: 'Runware', value: 'runware' }]);
  });

  it('delete: refused for another member without Manage Server, done for the creator and for a server manager', async () => {
    const refused = await element('delete', [str('name', 'hero')], { userId: CAROL });
    expect(refusal(refused)).toContain(`only <@${IDS.alice}>, who made \`Hero\`, or someone with the Manage Server permission can delete it`);
    expect(embedsOf(await element('info', [str('name', 'hero')]))[0]?.title).toBe('Hero');

    const done = await element('delete', [str('name', 'hero')]);
    expect(done.original?.content).toMatch(/deleted the element `hero`/);
    expect(refusal(await element('info', [str('name', 'hero')]))).toContain('`name` no element called `hero` in this server — see /element list');

    const byManager = await element('delete', [str('name', 'robot')], { userId: IDS.bob });
    expect(byManager.original?.content).toMatch(/deleted the element `robot`/);
  });

  it('refuses bad images, bad media combinations and a taken name before anything is uploaded', async () => {
    const before = { received: world.runware.received.length, uploads: world.runware.uploads.size };
    const gif = await element('create', [str('name', 'gifman')], {
      attachments: { frontal_image: file('a.gif', makeGif(800, 800), 'image/gif', { width: 800, height: 800 }) },
    });
    expect(refusal(gif)).toContain('`frontal_image` must be a JPG or PNG image (`a.gif` is image/gif)');
    expect(gif.callback?.type).toBe(4);

    // Discord gave no size: the bot acknowledges, reads the header, and refuses privately.
    const small = await element('create', [str('name', 'tiny')], {
      attachments: {
        frontal_image: { filename: 'tiny.png', url: world.discord.hostFile('tiny.png', makePng(200, 200), 'image/png') },
        image2: file('ok.png', front, 'image/png'),
      },
    });
    expect(refusal(small)).toContain('`frontal_image` must be at least 300 px on each side (`tiny.png` is 200×200)');
    expect(small.original?.deleted).toBe(true);

    const mixed = await element('create', [str('name', 'mixed')], {
      attachments: { frontal_image: file('m.png', front, 'image/png'), video: file('m.mp4', new Uint8Array(10), 'video/mp4') },
    });
    expect(refusal(mixed)).toContain('`video` is a reference video *instead of* images');
    const taken = await element('create', [str('name', 'PORTAL')], { attachments: { frontal_image: file('p.png', front, 'image/png') } });
    expect(refusal(taken)).toContain('`name` there is already an element called `portal` in this server');
    const badName = await element('create', [str('name', 'two words')], { attachments: { frontal_image: file('p.png', front, 'image/png') } });
    expect(refusal(badName)).toContain('`name` may only use letters, digits, `_` and `-`');

    await settle(100);
    expect(world.runware.received.length).toBe(before.received);
    expect(world.runware.uploads.size).toBe(before.uploads);
    expect(refusal(await element('info', [str('name', 'tiny')]))).toContain('no element called `tiny`');
  });
});

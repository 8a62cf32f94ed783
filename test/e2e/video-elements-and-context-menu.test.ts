import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, type World } from '../support/bot-harness.ts';
import { makePng } from '../support/images.ts';
import { ATTACHMENT, STRING, outcomeMessage, prompt, sendVideo, settle, type CommandOption, useBot, textOf } from './helpers.ts';

let world: World;
let bot: RunningBot;
useBot({}, (w, b) => ([world, bot] = [w, b]));

const SUBCOMMAND = 1;
const str = (name: string, value: string): CommandOption => ({ name, type: STRING, value });

/** Creates an image element through /element create and resolves with its Runware id and image UUID. */
async function createElement(name: string, description: string, width: number): Promise<{ id: string; frontal: string }> {
  const png = makePng(width, 800);
  const url = world.discord.hostFile(`${name}.png`, png, 'image/png');
  const uploadsBefore = new Set(world.runware.uploads.keys());
  const { token } = world.discord.sendChatCommand({
    guildId: IDS.guild,
    channelId: IDS.channel,
    userId: IDS.alice,
    name: 'element',
    options: [{ name: 'create', type: SUBCOMMAND, options: [str('name', name), str('description', description), { name: 'frontal_image', type: ATTACHMENT }] }],
    attachments: { frontal_image: { filename: `${name}.png`, contentType: 'image/png', size: png.byteLength, width, height: 800, url } },
  });
  await world.discord.waitForRest(
    (c) => c.method === 'PATCH' && c.path === `/webhooks/${IDS.app}/${token}/messages/@original` && JSON.stringify(c.body).includes(name),
  );
  const stored = await bot.kv.get<{ providerIds: Record<string, string> }>(`element:${IDS.guild}:${name.toLowerCase()}`);
  const frontal = [...world.runware.uploads.keys()].find((k) => !uploadsBefore.has(k));
  expect(stored?.providerIds.runware, 'element registered with Runware').toMatch(/^el-/);
  expect(frontal, 'frontal image uploaded').toBeTruthy();
  return { id: String(stored?.providerIds.runware), frontal: String(frontal) };
}

describe('/video with saved elements', () => {
  it('includes an element named by option and one named by @name, writing the provider references in order', async () => {
    const hero = await createElement('hero', 'a knight in silver armour', 640);
    const dragon = await createElement('dragon', 'a small red dragon', 700);
    const text = '@dragon circles above the castle at dusk';
    sendVideo(world, [prompt(text), str('model', 'kling-3-omni-standard'), str('element', 'hero')]);
    const request = await world.runware.waitForVideoTask((r) => String(r.positivePrompt).includes('circles above the castle'));
    expect(request.positivePrompt).toBe('<<<element_2>>> circles above the castle at dusk (<<<element_1>>>)');
    expect(request.inputs).toEqual({
      elements: [
        { id: hero.id, description: 'a knight in silver armour', frontalImage: hero.frontal },
        { id: dragon.id, description: 'a small red dragon', frontalImage: dragon.frontal },
      ],
    });
    expect(request.width).toBe(1280);
    await world.runware.completeTask(String(request.taskUUID));
    const result = await outcomeMessage(world);
    expect(textOf(result)).toContain('your video is ready');
  });

  it('refuses unknown elements and more than three, before anything is spent', async () => {
    const before = world.runware.received.length;
    const { id } = sendVideo(world, [prompt('@ghost walks in'), str('model', 'kling-3-omni-standard')]);
    await world.discord.waitForRest((c) => c.path.startsWith(`/interactions/${id}/`));
    expect(String(world.discord.interactionResponses(id).callback?.data?.content)).toContain('mentions `@ghost`, but no element called `ghost` in this server');
    const { id: id2 } = sendVideo(world, [
      prompt('@hero and @dragon meet @hero2 and @dragon2'),
      str('model', 'kling-3-omni-standard'),
      str('element', 'hero'),
      str('element2', 'nobody'),
    ]);
    await world.discord.waitForRest((c) => c.path.startsWith(`/interactions/${id2}/`));
    expect(String(world.discord.interactionResponses(id2).callback?.data?.content)).toContain('`element2` no element called `nobody`');
    await settle(50);
    expect(world.runware.received.length).toBe(before);
  });

  it('on Kling 3.0 (non-Omni) Runware needs a first frame with elements, and says so', async () => {
    const { id } = sendVideo(world, [prompt('@hero rides out'), str('model', 'kling-3-pro')]);
    await world.discord.waitForRest((c) => c.path.startsWith(`/interactions/${id}/`));
    expect(String(world.discord.interactionResponses(id).callback?.data?.content)).toContain(
      '`element` needs a `first_frame` with Kling 3.0 Pro (1080p) on Runware',
    );
  });

  it('autocompletes element names', async () => {
    const { id } = world.discord.sendAutocomplete({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.bob,
      name: 'video',
      options: [
        { name: 'prompt', type: STRING, value: 'x' },
        { name: 'element', type: STRING, value: 'dra', focused: true },
      ],
    });
    expect(await world.discord.autocompleteChoices(id)).toEqual([{ name: 'dragon — a small red dragon', value: 'dragon' }]);
  });
});

describe('"Make video" on a message with images', () => {
  it('asks for the prompt in a modal (prefilled from the message) and uses the images as first and last frame', async () => {
    const first = makePng(1280, 720);
    const last = makePng(1280, 720);
    const { id, targetId } = world.discord.sendMessageCommand({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.bob,
      name: 'Make video',
      targetMessage: {
        content: 'sunrise over the harbour',
        authorId: IDS.alice,
        attachments: [
          {
            filename: 'a.png',
            contentType: 'image/png',
            size: first.byteLength,
            width: 1280,
            height: 720,
            url: world.discord.hostFile('cm-a.png', first, 'image/png'),
          },
          {
            filename: 'b.png',
            contentType: 'image/png',
            size: last.byteLength,
            width: 1280,
            height: 720,
            url: world.discord.hostFile('cm-b.png', last, 'image/png'),
          },
        ],
      },
    });
    const modal = await world.discord.modalShown(id);
    expect(modal.title).toBe('Video from these two images');
    expect(JSON.stringify(modal.components)).toContain('sunrise over the harbour');

    world.discord.sendModalSubmit({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.bob,
      customId: modal.custom_id,
      fields: { prompt: 'boats leave the harbour at sunrise', duration: '6', model: 'pro' },
    });
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'boats leave the harbour at sunrise');
    expect(request).toMatchObject({ model: 'klingai:kling-video@3-pro', duration: 6 });
    const frames = (request.inputs as { frameImages: Array<{ frame: string }> }).frameImages;
    expect(frames.map((f) => f.frame)).toEqual(['first', 'last']);
    await world.runware.completeTask(String(request.taskUUID));
    const result = await outcomeMessage(world, IDS.bob);
    expect(textOf(result)).toContain(`From: https://discord.com/channels/${IDS.guild}/${IDS.channel}/${targetId}`);
  });

  it('refuses a message without images, and a bad duration or model in the modal', async () => {
    const { id } = world.discord.sendMessageCommand({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.bob,
      name: 'Make video',
      targetMessage: { content: 'just text', authorId: IDS.alice, attachments: [] },
    });
    await world.discord.waitForRest((c) => c.path.startsWith(`/interactions/${id}/`));
    expect(String(world.discord.interactionResponses(id).callback?.data?.content)).toContain('That message has no images');

    const png = makePng(800, 800);
    const { id: id2 } = world.discord.sendMessageCommand({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.bob,
      name: 'Make video',
      targetMessage: {
        content: '',
        authorId: IDS.alice,
        attachments: [
          {
            filename: 'c.png',
            contentType: 'image/png',
            size: png.byteLength,
            width: 800,
            height: 800,
            url: world.discord.hostFile('cm-c.png', png, 'image/png'),
          },
        ],
      },
    });
    const modal = await world.discord.modalShown(id2);
    const { id: submitId } = world.discord.sendModalSubmit({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.bob,
      customId: modal.custom_id,
      fields: { prompt: 'a bad form', duration: 'ten', model: 'ultra' },
    });
    await world.discord.waitForRest((c) => c.path.startsWith(`/interactions/${submitId}/`));
    const content = String(world.discord.interactionResponses(submitId).callback?.data?.content);
    expect(content).toContain('`duration` must be a whole number of seconds');
    expect(content).toContain('`model` “ultra” is not one I know');
  });
});

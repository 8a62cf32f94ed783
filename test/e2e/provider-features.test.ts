import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import { FakeImini } from '../support/imini/index.ts';
import { makePng } from '../support/images.ts';
import { FakeKling } from '../support/kling/index.ts';
import { waitUntil } from '../support/ports.ts';
import { ATTACHMENT, BOOLEAN, INTEGER, STRING, prompt, sendVideo, type CommandOption } from './helpers.ts';

/** Elements, storyboards and Omni references through Kling AI and imini (Runware's are in the other e2e files). */
let kling: FakeKling;
let imini: FakeImini;
let world: World;
let bot: RunningBot;

beforeAll(async () => {
  kling = await FakeKling.start({ accessKey: 'ak', secretKey: 'sk' });
  imini = await FakeImini.start({ apiKey: 'ik' });
  world = await startWorld({
    env: {
      RUNWARE_API_KEY: '',
      KLING_ACCESS_KEY: 'ak',
      KLING_SECRET_KEY: 'sk',
      KLING_API_URL: kling.url,
      IMINI_API_KEY: 'ik',
      IMINI_API_URL: imini.url,
      DEFAULT_PROVIDER: 'kling',
      FAILOVER: 'false',
    },
  });
  bot = await startBotIn(world);
  // 4K requests are above the default $2.00 threshold, and tasks here stay running: no confirmation, no running limit.
  await bot.app.guildSettings.updateServer(IDS.guild, { confirmAboveUsd: 0, maxRunning: 0 });
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
  await imini?.close();
  await kling?.close();
});

const str = (name: string, value: string): CommandOption => ({ name, type: STRING, value });
const image = (name: string, width = 800, height = 800) => {
  const png = makePng(width, height);
  return {
    filename: `${name}.png`,
    contentType: 'image/png',
    size: png.byteLength,
    width,
    height,
    url: world.discord.hostFile(`${name}.png`, png, 'image/png'),
  };
};
const video = { filename: 'clip.mp4', contentType: 'video/mp4', size: 4_000_000, url: 'https://cdn.discordapp.com/attachments/1/2/clip.mp4' };

describe('Kling AI', () => {
  it('creates an element through its elements API and uses its element_id by @name on Omni', async () => {
    const front = image('knight-front', 640, 800);
    const { token } = world.discord.sendChatCommand({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.alice,
      name: 'element',
      options: [
        {
          name: 'create',
          type: 1,
          options: [str('name', 'knight'), str('description', 'a knight in silver armour'), { name: 'frontal_image', type: ATTACHMENT }],
        },
      ],
      attachments: { frontal_image: front },
    });
    await world.discord.waitForRest(
      (c) => c.method === 'PATCH' && c.path === `/webhooks/${IDS.app}/${token}/messages/@original` && JSON.stringify(c.body).includes('knight'),
    );
    expect(kling.elements.size).toBe(1);
    const [created] = [...kling.elements.values()];
    expect(created?.body).toMatchObject({ element_name: 'knight', element_description: 'a knight in silver armour' });
    expect(String(created?.body.element_frontal_image)).toMatch(/^[A-Za-z0-9+/]+=*$/); // raw base64, no data: prefix

    sendVideo(world, [prompt('@knight rides through the gate'), str('model', 'kling-3-omni-standard')]);
    const create = await kling.waitForCreate((c) => String(c.body.prompt).includes('rides through the gate'));
    expect(create.endpoint).toBe('omni-video');
    expect(create.body).toMatchObject({
      model_name: 'kling-v3-omni',
      mode: 'std',
      prompt: '<<<element_1>>> rides through the gate',
      element_list: [{ element_id: created?.elementId }],
    });
  });

  it('maps a storyboard to multi_shot with per-shot prompts and string durations', async () => {
    sendVideo(world, [
      prompt('kling storyboard'),
      { name: 'duration', type: INTEGER, value: 5 },
      str('shots', '2s wide shot of the valley | 3s close-up of the hiker'),
    ]);
    const create = await kling.waitForCreate((c) => JSON.stringify(c.body).includes('close-up of the hiker'));
    expect(create.endpoint).toBe('text2video');
    expect(create.body).toMatchObject({
      multi_shot: true,
      shot_type: 'customize',
      multi_prompt: [
        { index: 1, prompt: 'wide shot of the valley', duration: '2' },
        { index: 2, prompt: 'close-up of the hiker', duration: '3' },
      ],
      duration: '5',
    });
    expect(create.body.prompt).toBeUndefined();
  });

  it('sends a reference image and a reference video to omni-video, with no sound and the original sound kept', async () => {
    sendVideo(
      world,
      [
        prompt('in the style of the reference'),
        str('model', 'kling-3-omni-pro'),
        { name: 'reference_image', type: ATTACHMENT },
        { name: 'reference_video', type: ATTACHMENT },
        { name: 'keep_original_sound', type: BOOLEAN, value: true },
      ],
      {
        attachments: { reference_image: image('style'), reference_video: video },
      },
    );
    const create = await kling.waitForCreate((c) => c.body.prompt === 'in the style of the reference');
    expect(create.endpoint).toBe('omni-video');
    expect(create.body).toMatchObject({ mode: 'pro', sound: 'off', video_list: [{ video_url: video.url, refer_type: 'feature', keep_original_sound: 'yes' }] });
    const images = create.body.image_list as Array<{ image_url: string; type?: string }>;
    expect(images).toHaveLength(1);
    expect(images[0]?.type).toBeUndefined();
  });
});

describe('imini', () => {
  it('sends reference images as assets and a reference video as feature, on Omni', async () => {
    sendVideo(
      world,
      [
        prompt('imini with references'),
        str('provider', 'imini'),
        str('model', 'kling-3-omni-standard'),
        { name: 'reference_image', type: ATTACHMENT },
        { name: 'reference_video', type: ATTACHMENT },
      ],
      {
        attachments: { reference_image: image('asset'), reference_video: video },
      },
    );
    await waitUntil(() => imini.createRequests().some((b) => b.prompt === 'imini with references'), 'the imini create');
    const body = imini.createRequests().find((b) => b.prompt === 'imini with references') as Record<string, unknown>;
    expect(body).toMatchObject({
      model: 'kling/kling-v3-omni',
      resolution: '720P',
      generate_audio: false,
      reference_videos: [{ url: video.url, refer_type: 'feature', keep_original_sound: false }],
    });
    const refs = body.reference_images as Array<{ url: string; reference_type: string }>;
    expect(refs.map((r) => r.reference_type)).toEqual(['asset']);
    expect(refs[0]?.url).toMatch(/^data:image\/png;base64,/);
  });

  it('refuses an element on imini, naming the option', async () => {
    const before = imini.createRequests().length;
    const { id } = sendVideo(world, [prompt('@knight on imini'), str('provider', 'imini'), str('model', 'kling-3-omni-standard')]);
    await world.discord.waitForRest((c) => c.path.startsWith(`/interactions/${id}/`));
    expect(String(world.discord.interactionResponses(id).callback?.data?.content)).toContain(
      '`element` saved elements is not available with Kling 3.0 Omni Standard (720p) on imini',
    );
    expect(imini.createRequests().length).toBe(before);
  });
});

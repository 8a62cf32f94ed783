import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, type World } from '../support/bot-harness.ts';
import { makePng } from '../support/images.ts';
import { ATTACHMENT, BOOLEAN, INTEGER, STRING, outcomeMessage, prompt, sendVideo, settle, useBot, textOf } from './helpers.ts';

let world: World;
let bot: RunningBot;
useBot({ server: { maxRunning: 0, confirmAboveUsd: 0 } }, (w, b) => ([world, bot] = [w, b]));

/** Sends /video and returns the ephemeral refusal text (asserting nothing reached Runware). */
async function refusal(options: Parameters<typeof sendVideo>[1], extra: Parameters<typeof sendVideo>[2] = {}): Promise<string> {
  const before = world.runware.received.length;
  const { id } = sendVideo(world, options, extra);
  await world.discord.waitForRest((c) => c.path.startsWith(`/interactions/${id}/`));
  const reply = world.discord.interactionResponses(id).callback;
  expect(reply?.data?.flags).toBe(64);
  await settle(50);
  expect(world.runware.received.length).toBe(before);
  return String(reply?.data?.content);
}

const model = (value: string) => ({ name: 'model', type: STRING, value });
const duration = (value: number) => ({ name: 'duration', type: INTEGER, value });
const shots = (value: string) => ({ name: 'shots', type: STRING, value });

describe('multi-shot storyboards', () => {
  it('maps shots to Runware multiPrompt and lists them in the result', async () => {
    sendVideo(world, [prompt('a hiker crosses the valley'), duration(5), shots('2s wide shot of the valley | 3s close-up of the hiker')]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'a hiker crosses the valley');
    expect(request.providerSettings).toEqual({
      klingai: {
        sound: false,
        multiPrompt: [
          { prompt: 'wide shot of the valley', duration: 2 },
          { prompt: 'close-up of the hiker', duration: 3 },
        ],
      },
    });
    expect(request.duration).toBe(5);
    await world.runware.completeTask(String(request.taskUUID));
    const result = await outcomeMessage(world);
    expect(textOf(result)).toContain('**Shots**\n1. 2 s — wide shot of the valley\n2. 3 s — close-up of the hiker');
  });

  it('sends only multiPrompt (no positivePrompt) on Omni, and shotType for "auto" on Kling 3.0', async () => {
    sendVideo(world, [prompt('omni storyboard'), model('kling-3-omni-pro'), duration(4), shots('1s one | 3s two')]);
    const omni = await world.runware.waitForVideoTask(
      (r) => (r.providerSettings as { klingai?: { multiPrompt?: Array<{ prompt: string }> } }).klingai?.multiPrompt?.[0]?.prompt === 'one',
    );
    expect(omni.positivePrompt).toBeUndefined();
    expect(omni.model).toBe('klingai:kling-video@o3-pro');
    sendVideo(world, [prompt('let the model cut'), shots('auto')]);
    const auto = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'let the model cut');
    expect(auto.providerSettings).toEqual({ klingai: { sound: false, shotType: 'intelligence' } });
  });

  it('names the shot and the problem for each kind of storyboard error', async () => {
    expect(await refusal([prompt('bad shots 1'), duration(5), shots('2s wide | 2s close')])).toContain(
      '`shots` the shots last 4 s in all but `duration` is 5 s',
    );
    expect(await refusal([prompt('bad shots 2'), shots('2s wide | close-up')])).toContain('`shots` shot 2 must start with its length');
    expect(await refusal([prompt('bad shots 3'), shots('0s wide | 5s close')])).toContain('`shots` shot 1 must last a whole number of seconds');
    expect(await refusal([prompt('bad shots 4'), duration(7), shots(Array.from({ length: 7 }, () => '1s cut').join(' | '))])).toContain(
      '`shots` at most 6 shots (there are 7)',
    );
    expect(await refusal([prompt('bad shots 5'), shots('auto'), model('kling-3-omni-standard')])).toContain(
      '`shots` automatic shot splitting is not available with Kling 3.0 Omni Standard (720p) on Runware',
    );
  });
});

describe('Omni references', () => {
  const attach = (name: string) => ({
    filename: `${name}.png`,
    contentType: 'image/png',
    size: 4000,
    width: 800,
    height: 800,
    url: world.discord.hostFile(`${name}.png`, makePng(800, 800), 'image/png'),
  });
  const video = { filename: 'clip.mp4', contentType: 'video/mp4', size: 5_000_000, url: 'https://cdn.discordapp.com/attachments/1/2/clip.mp4' };

  it('sends reference images as uploaded assets on an Omni model', async () => {
    sendVideo(
      world,
      [
        prompt('product shot in the style of the references'),
        model('kling-3-omni-standard'),
        { name: 'reference_image', type: ATTACHMENT },
        { name: 'reference_image2', type: ATTACHMENT },
      ],
      {
        attachments: { reference_image: attach('ref1'), reference_image2: attach('ref2') },
      },
    );
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'product shot in the style of the references');
    const refs = (request.inputs as { referenceImages: string[] }).referenceImages;
    expect(refs).toHaveLength(2);
    for (const ref of refs) expect(world.runware.uploads.has(ref)).toBe(true);
    expect(request.width).toBe(1280); // no frame images: text-to-video dimensions
  });

  it('edits a reference video (base) or uses it as a motion reference (feature), keeping its sound', async () => {
    sendVideo(
      world,
      [
        prompt('make it snow'),
        model('kling-3-omni-pro'),
        { name: 'reference_video', type: ATTACHMENT },
        { name: 'video_mode', type: STRING, value: 'base' },
        { name: 'keep_original_sound', type: BOOLEAN, value: true },
      ],
      {
        attachments: { reference_video: video },
      },
    );
    const edit = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'make it snow');
    expect(edit.inputs).toEqual({ video: video.url });
    expect(edit.duration).toBeUndefined();
    expect(edit.width).toBeUndefined();
    expect(edit.providerSettings).toEqual({ klingai: { sound: false, keepOriginalSound: true } });

    sendVideo(world, [prompt('dance like this'), model('kling-3-omni-standard'), { name: 'reference_video', type: ATTACHMENT }], {
      attachments: { reference_video: video },
    });
    const feature = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'dance like this');
    expect(feature.inputs).toEqual({ referenceVideos: [video.url] });
    expect(feature.duration).toBe(5);
  });

  it('re-signs an expired Discord URL of a reference video before the provider gets it (e.g. a rerun days later)', async () => {
    const expired = `https://cdn.discordapp.com/attachments/1/2/old.mp4?ex=${Math.floor(Date.now() / 1000 - 3600).toString(16)}&is=0&hm=old`;
    sendVideo(world, [prompt('old clip as reference'), model('kling-3-omni-standard'), { name: 'reference_video', type: ATTACHMENT }], {
      attachments: { reference_video: { ...video, url: expired } },
    });
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'old clip as reference');
    const sent = (request.inputs as { referenceVideos: string[] }).referenceVideos[0] ?? '';
    expect(sent).toMatch(/^https:\/\/cdn\.discordapp\.com\/attachments\/1\/2\/old\.mp4\?ex=[0-9a-f]+&is=0&hm=refreshed$/);
    expect(Number.parseInt(new URL(sent).searchParams.get('ex') ?? '0', 16) * 1000).toBeGreaterThan(Date.now());
    const refresh = world.discord.restCalls.find((c) => c.path === '/attachments/refresh-urls');
    expect(refresh?.body).toEqual({ attachment_urls: [expired] });
    // The stored request keeps the original: a later rerun refreshes again from it.
    const taskId = String(request.taskUUID);
    expect((await bot.tasks.get(taskId))?.request.referenceVideo?.url).toBe(expired);
  });

  it('refuses references on non-Omni models, sound with a reference video, and bad video files', async () => {
    expect(
      await refusal([prompt('refs on v3'), { name: 'reference_image', type: ATTACHMENT }], { attachments: { reference_image: attach('ref3') } }),
    ).toContain('`reference_image` reference images is not available with Kling 3.0 Standard (720p) on Runware');
    expect(await refusal([prompt('video on v3'), { name: 'reference_video', type: ATTACHMENT }], { attachments: { reference_video: video } })).toContain(
      '`reference_video` a reference video is not available',
    );
    expect(
      await refusal(
        [prompt('video with sound'), model('kling-3-omni-pro'), { name: 'sound', type: BOOLEAN, value: true }, { name: 'reference_video', type: ATTACHMENT }],
        { attachments: { reference_video: video } },
      ),
    ).toContain('`sound` cannot be on with a reference video');
    expect(
      await refusal([prompt('huge video'), model('kling-3-omni-pro'), { name: 'reference_video', type: ATTACHMENT }], {
        attachments: { reference_video: { ...video, size: 300 * 1024 * 1024 } },
      }),
    ).toContain('`reference_video` must be at most 200 MB');
    expect(
      await refusal([prompt('gif video'), model('kling-3-omni-pro'), { name: 'reference_video', type: ATTACHMENT }], {
        attachments: { reference_video: { ...video, filename: 'a.gif', contentType: 'image/gif' } },
      }),
    ).toContain('`reference_video` must be an MP4 or MOV video');
    expect(await refusal([prompt('mode without video'), model('kling-3-omni-pro'), { name: 'video_mode', type: STRING, value: 'base' }])).toContain(
      '`video_mode` only applies with a `reference_video`',
    );
  });
});

describe('provider choice', () => {
  it('refuses a provider that is not configured, naming the option', async () => {
    expect(await refusal([prompt('on kling please'), { name: 'provider', type: STRING, value: 'kling' }])).toContain(
      '`provider` `kling` is not configured here (available: runware)',
    );
  });
  it('lets a server manager set the server default provider', async () => {
    const { id } = world.discord.sendChatCommand({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.alice,
      name: 'settings',
      options: [{ name: 'server', type: 1, options: [{ name: 'default_provider', type: STRING, value: 'runware' }] }],
    });
    await world.discord.waitForRest((c) => c.path.startsWith(`/interactions/${id}/`));
    expect(String(world.discord.interactionResponses(id).callback?.data?.content)).toContain('Saved. Server settings:\n• default provider: runware');
  });
});

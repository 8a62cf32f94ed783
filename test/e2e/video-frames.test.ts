import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, type World } from '../support/bot-harness.ts';
import { makeJpeg, makePng } from '../support/images.ts';
import { ATTACHMENT, delivered, outcomeMessage, prompt, sendVideo, settle, useBot, textOf } from './helpers.ts';

let world: World;
let bot: RunningBot;
useBot({ server: { confirmAboveUsd: 0 } }, (w, b) => ([world, bot] = [w, b])); // 4K is above the default $2.00 threshold

const frameOptions = (first: boolean, last: boolean) => [
  ...(first ? [{ name: 'first_frame', type: ATTACHMENT }] : []),
  ...(last ? [{ name: 'last_frame', type: ATTACHMENT }] : []),
];

describe('/video with first and last frames', () => {
  it('uploads both frames once, sends frameImages without dimensions, and reruns after the Discord URLs expired', async () => {
    const firstUrl = world.discord.hostFile('first.png', makePng(1280, 720), 'image/png');
    const lastUrl = world.discord.hostFile('last.jpg', makeJpeg(1280, 720), 'image/jpeg');
    sendVideo(world, [prompt('the funfair wakes up'), ...frameOptions(true, true)], {
      attachments: {
        first_frame: { filename: 'first.png', contentType: 'image/png', size: 5000, width: 1280, height: 720, url: firstUrl },
        last_frame: { filename: 'last.jpg', contentType: 'image/jpeg', size: 5000, width: 1280, height: 720, url: lastUrl },
      },
    });
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'the funfair wakes up');
    const uploads = [...world.runware.uploads.keys()];
    expect(uploads).toHaveLength(2);
    expect(request.inputs).toEqual({
      frameImages: [
        { image: uploads[0], frame: 'first' },
        { image: uploads[1], frame: 'last' },
      ],
    });
    expect(request.width).toBeUndefined();
    expect(request.height).toBeUndefined();
    expect(world.runware.uploads.get(uploads[0] as string)?.image).toMatch(/^data:image\/png;base64,/);
    expect(world.runware.uploads.get(uploads[1] as string)?.image).toMatch(/^data:image\/jpeg;base64,/);

    await world.runware.completeTask(String(request.taskUUID));
    const result = await outcomeMessage(world);
    expect(textOf(result)).toContain('your video is ready');
    await delivered(world, String(request.taskUUID));

    // Hours later the Discord attachment URLs are dead; a rerun must still work.
    world.discord.expireFile(firstUrl);
    world.discord.expireFile(lastUrl);
    world.discord.sendReaction({ guildId: IDS.guild, channelId: IDS.channel, messageId: result.id, userId: IDS.bob, emoji: '🔁' });
    const rerun = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'the funfair wakes up' && r.taskUUID !== request.taskUUID);
    expect(rerun.inputs).toEqual(request.inputs);
    expect(world.runware.uploads.size).toBe(2);
    await world.runware.completeTask(String(rerun.taskUUID));
    const rerunResult = await outcomeMessage(world, IDS.bob);
    expect(rerunResult.allowed_mentions).toMatchObject({ users: [IDS.bob] });
  });

  it('uses the 4K Omni model with frames and keeps the dimensions it requires', async () => {
    const url = world.discord.hostFile('omni.png', makePng(900, 900), 'image/png');
    sendVideo(
      world,
      [
        prompt('omni 4k with a frame'),
        { name: 'model', type: 3, value: 'kling-3-omni-4k' },
        { name: 'aspect_ratio', type: 3, value: '1:1' },
        ...frameOptions(true, false),
      ],
      {
        attachments: { first_frame: { filename: 'omni.png', contentType: 'image/png', size: 900, width: 900, height: 900, url } },
      },
    );
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'omni 4k with a frame');
    expect(request).toMatchObject({ model: 'klingai:kling-video@o3-4k', width: 2880, height: 2880 });
    expect((request.inputs as { frameImages: unknown[] }).frameImages).toHaveLength(1);
  });
});

describe('attachment checks refuse before anything is spent', () => {
  const cases: Array<{
    name: string;
    file: { filename: string; contentType?: string; size?: number; width?: number; height?: number };
    bytes: () => Uint8Array;
    expect: RegExp;
    last?: boolean;
  }> = [
    {
      name: 'a GIF',
      file: { filename: 'a.gif', contentType: 'image/gif', size: 1000, width: 800, height: 600 },
      bytes: () => makePng(800, 600),
      expect: /`first_frame` must be a JPG or PNG image/,
    },
    {
      name: 'a file over 10 MB',
      file: { filename: 'big.png', contentType: 'image/png', size: 11 * 1024 * 1024, width: 800, height: 600 },
      bytes: () => makePng(800, 600),
      expect: /`first_frame` must be at most 10 MB/,
    },
    {
      name: 'a side under 300 px',
      file: { filename: 'small.png', contentType: 'image/png', size: 1000, width: 299, height: 600 },
      bytes: () => makePng(299, 600),
      expect: /at least 300 px on each side .*299×600/,
    },
    {
      name: 'a 3:1 image',
      file: { filename: 'wide.png', contentType: 'image/png', size: 1000, width: 1500, height: 500 },
      bytes: () => makePng(1500, 500),
      expect: /aspect ratio between 1:2.5 and 2.5:1/,
    },
    {
      name: 'a last frame alone',
      file: { filename: 'last.png', contentType: 'image/png', size: 1000, width: 800, height: 600 },
      bytes: () => makePng(800, 600),
      expect: /`last_frame` needs a first_frame too/,
      last: true,
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} with an ephemeral reply and no provider call`, async () => {
      const before = world.runware.received.length;
      const url = world.discord.hostFile(c.file.filename, c.bytes(), c.file.contentType ?? 'application/octet-stream');
      const option = c.last ? 'last_frame' : 'first_frame';
      const { id } = sendVideo(world, [prompt(`bad attachment ${c.name}`), { name: option, type: ATTACHMENT }], {
        attachments: { [option]: { ...c.file, url } },
      });
      await world.discord.waitForRest((call) => call.path.startsWith(`/interactions/${id}/`));
      const reply = world.discord.interactionResponses(id).callback;
      expect(reply?.type).toBe(4);
      expect(reply?.data?.flags).toBe(64);
      expect(String(reply?.data?.content)).toMatch(c.expect);
      await settle(100);
      expect(world.runware.received.length).toBe(before);
    });
  }

  it('reads the image header when Discord gives no size, and refuses a too-small image after acknowledging', async () => {
    const before = world.runware.received.length;
    const url = world.discord.hostFile('nometa.png', makePng(200, 200), 'image/png');
    const { id, token } = sendVideo(world, [prompt('header check'), { name: 'first_frame', type: ATTACHMENT }], {
      attachments: { first_frame: { filename: 'nometa.png', url } },
    });
    await world.discord.waitForRest((c) => c.method === 'POST' && c.path === `/webhooks/${IDS.app}/${token}`);
    const followUp = world.discord.interactionResponses(id).followUps[0];
    expect(followUp?.flags).toBe(64);
    expect(followUp?.content).toMatch(/at least 300 px on each side \(`nometa.png` is 200×200\)/);
    expect(world.runware.received.length).toBe(before);
  });

  it('refuses a file whose bytes are not the image type it claims', async () => {
    const url = world.discord.hostFile('fake.png', new TextEncoder().encode('GIF89a not really a png at all'), 'image/png');
    const { id, token } = sendVideo(world, [prompt('fake png'), { name: 'first_frame', type: ATTACHMENT }], {
      attachments: { first_frame: { filename: 'fake.png', contentType: 'image/png', size: 30, url } },
    });
    await world.discord.waitForRest((c) => c.method === 'POST' && c.path === `/webhooks/${IDS.app}/${token}`);
    expect(world.discord.interactionResponses(id).followUps[0]?.content).toMatch(/`first_frame` (must be a JPG or PNG|is not a readable JPG or PNG)/);
  });
});

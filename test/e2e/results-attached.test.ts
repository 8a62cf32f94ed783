// Without storage: a video that fits the server's upload limit goes with the result message; one that
// does not is linked at the provider with the link's expiry, and /jobs says when that link has expired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import { FakeKling } from '../support/kling/index.ts';
import { delivered, prompt, sendVideo, settle, textOf } from './helpers.ts';
import { DAY_MS, KiB, callsSince, embedOf, field, provider, sha256 } from './result-helpers.ts';

/** A server whose upload limit is 256 KiB, so a 300 KiB video is "too large" without moving 11 MiB around. */
const LIMIT = 256 * KiB;

let kling: FakeKling;
let world: World;
let bot: RunningBot;

beforeAll(async () => {
  kling = await FakeKling.start({ accessKey: 'ak', secretKey: 'sk' });
  world = await startWorld({ attachmentSizeLimit: LIMIT, env: { KLING_ACCESS_KEY: 'ak', KLING_SECRET_KEY: 'sk', KLING_API_URL: kling.url } });
  bot = await startBotIn(world);
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
  await kling?.close();
});

const resultWith = (url: string) => world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes('your video is ready') && textOf(m).includes(url));

describe('a result that fits the upload limit', () => {
  it('is attached to a follow-up of the /video interaction, byte for byte, and its embed still links the video', async () => {
    const text = 'a small clip to attach';
    const { id } = sendVideo(world, [prompt(text)]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === text);
    const taskId = String(request.taskUUID);
    const mark = world.discord.restCalls.length;
    await world.runware.completeTask(taskId);
    const url = String(world.runware.videoTasks.get(taskId)?.results[0]?.videoURL);
    const result = await resultWith(url);

    expect(result.files.map((f) => f.name)).toEqual(['video-1.mp4']);
    expect(sha256(result.files[0]?.bytes ?? new Uint8Array())).toBe(world.runware.videoAt(url)?.sha256());
    expect(result.attachments.map((a) => [a.filename, a.size])).toEqual([['video-1.mp4', 4096]]);
    expect(embedOf(result).url).toBe(url);
    expect(field(result, 'Video')).toBe(`[Video](${url}) · attached above · link from Runware`);

    // A follow-up through the interaction's webhook, replying to the status (its original response).
    expect(result.interaction_id).toBe(id);
    expect(result.webhook_id).toBe(IDS.app);
    expect(result.message_reference?.message_id).toBe(world.discord.interactionResponses(id).original?.id);
    await delivered(world, taskId);
    const posts = callsSince(world, mark).filter((c) => c.method === 'POST');
    expect(posts.map((c) => c.path)).toEqual([expect.stringMatching(new RegExp(`^/webhooks/${IDS.app}/[^/]+$`)) as unknown]);
    expect((await bot.tasks.get(taskId))?.results[0]).toMatchObject({ url, attached: true });
  });
});

describe('a result over the upload limit, without storage', () => {
  it('links the video at Kling AI with the link’s expiry, and /jobs says so once that has passed', async () => {
    const text = 'a long take too large to attach';
    sendVideo(world, [prompt(text), provider('kling')]);
    const create = await kling.waitForCreate((c) => c.body.prompt === text);
    const taskId = String(create.body.external_task_id);
    await kling.succeed(taskId, { videoBytes: 300 * KiB });
    const url = String(kling.task(taskId).videos[0]?.url);
    const result = await resultWith(url);
    await delivered(world, taskId);

    const task = await bot.tasks.get(taskId);
    // Kling AI keeps result links 30 days (src/providers/kling/kling-provider.ts).
    const expiresAt = Math.floor(((task?.completedAt ?? 0) + 30 * DAY_MS) / 1000);
    expect(field(result, 'Video')).toBe(`[Video](${url}) · link from Kling AI, expires <t:${expiresAt}:R>`);
    expect(embedOf(result).url).toBe(url);
    expect(result.files).toEqual([]);
    expect(result.attachments).toEqual([]);
    expect(task?.results[0]?.attached).toBeUndefined();

    const resultLink = `[result](https://discord.com/channels/${IDS.guild}/${IDS.channel}/${result.id})`;
    expect(await jobsLine(text)).toContain(resultLink);
    expect(await jobsLine(text)).not.toContain('expired');

    // As if the task had finished 31 days ago: its times in the store move back (what /jobs reads).
    const back = 31 * DAY_MS;
    await bot.tasks.update(taskId, (t) => ({
      ...t,
      createdAt: t.createdAt - back,
      submittedAt: (t.submittedAt ?? t.createdAt) - back,
      completedAt: (t.completedAt ?? t.createdAt) - back,
    }));
    expect(await jobsLine(text)).toContain(`${resultLink} (its video link has expired)`);
  });

  it('does not call an attached video’s link expired', async () => {
    const text = 'attached and old';
    sendVideo(world, [prompt(text), provider('kling')]);
    const taskId = String((await kling.waitForCreate((c) => c.body.prompt === text)).body.external_task_id);
    await kling.succeed(taskId);
    await resultWith(String(kling.task(taskId).videos[0]?.url));
    await delivered(world, taskId);
    await bot.tasks.update(taskId, (t) => ({ ...t, completedAt: (t.completedAt ?? 0) - 31 * DAY_MS }));
    expect(await jobsLine(text)).toContain('[result](');
    expect(await jobsLine(text)).not.toContain('expired');
  });
});

/** The line of alice's /jobs list about the task with that prompt. */
async function jobsLine(text: string): Promise<string> {
  const { id, token } = world.discord.sendChatCommand({ guildId: IDS.guild, channelId: IDS.channel, userId: IDS.alice, name: 'jobs' });
  await world.discord.waitForRest((c) => c.method === 'POST' && c.path === `/interactions/${id}/${token}/callback`);
  await settle(50);
  const description = String(world.discord.interactionResponses(id).callback?.data?.embeds?.[0]?.description);
  return description.split('\n').find((line) => line.includes(text)) ?? `(no line for “${text}” in:\n${description})`;
}

import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, type World } from '../support/bot-harness.ts';
import {
  BOOLEAN,
  INTEGER,
  STRING,
  outcomeMessage,
  outcomeMessages,
  prompt,
  sendVideo,
  settle,
  statusMessage,
  useBot,
  textOf,
  answerPrompt,
} from './helpers.ts';

let world: World;
let bot: RunningBot;
useBot({}, (w, b) => ([world, bot] = [w, b]));

describe('/video text-to-video over webhooks', () => {
  it('acknowledges, shows the status, submits the exact Runware body, and posts the result with cost and mention', async () => {
    const { id, token } = sendVideo(world, [prompt('a slow pan across a misty valley at sunrise')]);
    const request = await world.runware.waitForVideoTask();
    expect(world.discord.interactionResponses(id).callback?.type).toBe(5); // deferred, public

    const taskUUID = String(request.taskUUID);
    expect(request).toMatchObject({
      taskType: 'videoInference',
      model: 'klingai:kling-video@3-standard',
      positivePrompt: 'a slow pan across a misty valley at sunrise',
      width: 1280,
      height: 720,
      duration: 5,
      numberResults: 1,
      includeCost: true,
      deliveryMethod: 'async',
      providerSettings: { klingai: { sound: false } },
    });
    expect(request.inputs).toBeUndefined();
    expect(request.negativePrompt).toBeUndefined();
    expect(String(request.webhookURL)).toMatch(new RegExp(`^${world.env.PUBLIC_URL}/webhooks/runware/${taskUUID}\\?token=[\\w-]{20,}$`));

    const status = await statusMessage(world, id);
    expect(status.content).toContain('Kling 3.0 Standard (720p)');
    expect(status.content).toContain('5 s · 16:9 · sound off · text only');
    expect(status.content).toContain('Estimated cost ≈ $0.42');
    expect(status.content).toContain('a slow pan across a misty valley at sunrise');

    const statuses = await world.runware.completeTask(taskUUID, { cost: 0.42 });
    expect(statuses).toEqual([200]);
    const result = await outcomeMessage(world);
    const videoUrl = world.runware.videoTasks.get(taskUUID)?.results[0]?.videoURL;
    expect(videoUrl).toBeTruthy();
    expect(textOf(result)).toContain(String(videoUrl));
    expect(textOf(result)).toContain('cost $0.42');
    expect(textOf(result)).toContain('Kling 3.0 Standard (720p) · 5 s');
    expect(textOf(result)).toMatch(/Took: \d+s/);
    expect(result.allowed_mentions).toEqual({ parse: [], users: [IDS.alice], replied_user: false });
    expect(result.message_reference?.message_id).toBe(status.id);
    // Buttons under the result replace the bot's own 🔁 reaction (one request fewer per result).
    const buttons = (result.components as Array<{ components: Array<{ custom_id: string; label: string }> }>)[0]?.components ?? [];
    expect(buttons.map((b) => b.custom_id)).toEqual(['rerun', 'remix', 'dm', 'delete'].map((action) => `result:${action}:${taskUUID}`));
    expect(buttons.map((b) => b.label)).toEqual(['Rerun', 'Remix', 'DM me', 'Delete']);
    expect(world.discord.restCalls.some((c) => c.method === 'PUT' && c.path.includes('/reactions/'))).toBe(false);

    await world.discord.waitForRest(
      (c) => c.method === 'PATCH' && c.path === `/webhooks/${IDS.app}/${token}/messages/@original` && JSON.stringify(c.body).includes('✅ Done'),
    );
  });

  it('maps every option: Pro model, 9:16, 10 s, sound, negative prompt, 2 variants — and reports both results once', async () => {
    const before = world.runware.videoRequests().length;
    const { id } = sendVideo(world, [
      prompt('a game trailer shot of a knight'),
      { name: 'model', type: STRING, value: 'kling-3-pro' },
      { name: 'aspect_ratio', type: STRING, value: '9:16' },
      { name: 'duration', type: INTEGER, value: 10 },
      { name: 'sound', type: BOOLEAN, value: true },
      { name: 'negative_prompt', type: STRING, value: 'blurry, text' },
      { name: 'variants', type: INTEGER, value: 2 },
    ]);
    // $3.36 is above the default confirmation threshold ($2.00): nothing starts before Start.
    const { prompt: asked } = await answerPrompt(world, id);
    expect(asked.content).toContain('This video will cost ≈ $3.36. Start it?');
    expect(asked.flags & 64).toBe(64);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'a game trailer shot of a knight');
    expect(world.runware.videoRequests().length).toBe(before + 1);
    expect(request).toMatchObject({
      model: 'klingai:kling-video@3-pro',
      width: 1080,
      height: 1920,
      duration: 10,
      numberResults: 2,
      negativePrompt: 'blurry, text',
      providerSettings: { klingai: { sound: true } },
    });
    const taskUUID = String(request.taskUUID);
    await world.runware.completeTask(taskUUID, { cost: 3.36, shape: 'bare' });
    const result = await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes('your video is ready') && textOf(m).includes('Pro (1080p)'));
    const urls = world.runware.videoTasks.get(taskUUID)?.results.map((r) => r.videoURL) ?? [];
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(textOf(result)).toContain(String(url));
    expect(textOf(result)).toContain('cost $3.36');
  });

  it('posts nothing new when Runware delivers the same result again', async () => {
    sendVideo(world, [prompt('duplicate delivery check')]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'duplicate delivery check');
    await world.runware.completeTask(String(request.taskUUID));
    const url = String(world.runware.videoTasks.get(String(request.taskUUID))?.results[0]?.videoURL);
    await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes(url));
    const count = outcomeMessages(world).length;
    const index = world.runware.webhookDeliveries.findIndex((d) => JSON.stringify(d.body).includes(String(request.taskUUID)));
    expect(await world.runware.redeliver(index)).toBe(200);
    expect(await world.runware.redeliver(index)).toBe(200);
    await settle();
    expect(outcomeMessages(world).length).toBe(count);
  });

  it('refuses forged deliveries (wrong token, unknown task, other provider) with 4xx and posts nothing', async () => {
    sendVideo(world, [prompt('forged delivery check')]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'forged delivery check');
    const taskUUID = String(request.taskUUID);
    const good = new URL(String(request.webhookURL));
    const body = JSON.stringify({ data: [{ taskType: 'videoInference', taskUUID, videoUUID: 'forged', videoURL: 'https://evil.example/x.mp4', cost: 0 }] });
    const post = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.status);
    const base = `${good.origin}/webhooks`;
    expect(await post(`${base}/runware/${taskUUID}?token=wrong`)).toBe(403);
    expect(await post(`${base}/runware/${taskUUID}`)).toBe(403);
    expect(await post(`${base}/runware/00000000-0000-4000-8000-000000000000?token=${good.searchParams.get('token')}`)).toBe(403);
    expect(await post(`${base}/kling/${taskUUID}?token=${good.searchParams.get('token')}`)).toBe(403);
    const bad = await fetch(String(request.webhookURL), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
    await settle();
    expect(world.discord.channelMessages(IDS.channel).some((m) => textOf(m).includes('evil.example'))).toBe(false);
    expect((await bot.tasks.get(taskUUID))?.status).toBe('queued');
  });

  it('answers GET /healthz', async () => {
    const response = await fetch(`${world.env.PUBLIC_URL}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  });
});

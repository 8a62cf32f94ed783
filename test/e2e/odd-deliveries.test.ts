// Defects found when the bot was tried as a new user and operator would: odd values a provider sends,
// a delivery naming another task, an unauthenticated body, and a result posted but never recorded.
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, type World } from '../support/bot-harness.ts';
import { delivered, outcomeMessage, outcomeMessages, prompt, sendVideo, settle, textOf, useBot } from './helpers.ts';

let world: World;
let bot: RunningBot;
useBot({ server: { maxRunning: 0 } }, (w, b) => ([world, bot] = [w, b]));
// A test below restarts the bot: stop whichever bot is current (stop is idempotent).
afterAll(() => bot?.stop());

/** Starts a video and returns its Runware request (task id, webhook URL). */
async function started(text: string) {
  sendVideo(world, [prompt(text)]);
  return world.runware.waitForVideoTask((r) => r.positivePrompt === text);
}

/** POSTs a Runware-shaped body to the task's own callback URL. */
function deliver(webhookURL: unknown, item: Record<string, unknown>) {
  return fetch(String(webhookURL), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: [{ taskType: 'videoInference', ...item }] }),
  });
}

describe('a provider’s odd values never lose a result', () => {
  it('a cost of 1e305 or −5 is dropped and shown as unknown; the video is delivered and /jobs still works', async () => {
    for (const [text, cost] of [
      ['overflowing cost', 1e305],
      ['negative cost', -5],
    ] as const) {
      const request = await started(text);
      const taskUUID = String(request.taskUUID);
      const response = await deliver(request.webhookURL, { taskUUID, videoUUID: `v-${cost}`, videoURL: 'https://cdn.example/odd.mp4', cost });
      expect(response.status).toBe(200);
      const result = await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes(text) && textOf(m).includes('your video is ready'));
      expect(textOf(result)).toContain('https://cdn.example/odd.mp4');
      expect(textOf(result)).toContain('cost unknown (≈ $0.42 estimated)');
      expect(textOf(result)).not.toMatch(/\$-|Infinity|NaN/);
      expect(world.logs.some((l) => l.taskId === taskUUID && Array.isArray(l.anomalies) && String(l.anomalies).includes('cost'))).toBe(true);
      await delivered(world, taskUUID);
    }
    const { id } = world.discord.sendChatCommand({ guildId: IDS.guild, channelId: IDS.channel, userId: IDS.alice, name: 'jobs', options: [] });
    await world.discord.waitForRest((c) => c.path.startsWith(`/interactions/${id}/`));
    expect(String(world.discord.interactionResponses(id).callback?.data?.embeds?.[0]?.description)).toContain('overflowing cost');
  });

  it('posts no javascript:, data: or file: link: the task ends in plain words instead', async () => {
    const request = await started('scheme check');
    const taskUUID = String(request.taskUUID);
    expect((await deliver(request.webhookURL, { taskUUID, videoUUID: 'js', videoURL: 'javascript:alert(1)', cost: 0.42 })).status).toBe(200);
    const failed = await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes('scheme check') && textOf(m).includes('could not be made'));
    expect(textOf(failed)).not.toContain('javascript:');
    expect(world.discord.channelMessages(IDS.channel).some((m) => textOf(m).includes('javascript:'))).toBe(false);
  });
});

describe('deliveries the bot refuses', () => {
  it('answers 404, and logs the task id, for a body that names another task than its URL', async () => {
    const request = await started('names another task');
    const taskUUID = String(request.taskUUID);
    const response = await deliver(request.webhookURL, {
      taskUUID: '11111111-2222-4333-8444-555555555555',
      videoUUID: 'x',
      videoURL: 'https://cdn.example/x.mp4',
      cost: 0.1,
    });
    expect(response.status).toBe(404);
    expect(world.logs.some((l) => l.taskId === taskUUID && l.msg === 'webhook delivery names another task than its URL; refused')).toBe(true);
    await settle(200);
    expect((await bot.tasks.get(taskUUID))?.status).toBe('queued');
  });

  it('refuses a body without the task’s token before reading it, and a body over the size a callback needs', async () => {
    const request = await started('big bodies');
    const url = new URL(String(request.webhookURL));
    const huge = JSON.stringify({ data: [{ taskType: 'videoInference', taskUUID: String(request.taskUUID), padding: 'x'.repeat(200_000) }] });
    const post = (target: string) => fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge }).then((r) => r.status);
    url.searchParams.set('token', 'wrong');
    expect(await post(url.toString())).toBe(403);
    expect(await post(String(request.webhookURL))).toBe(413);
  });
});

describe('a result posted but never recorded (a crash between the two)', () => {
  it('is found in the channel after a restart and recorded, not posted again', async () => {
    const request = await started('posted, then forgotten');
    const taskUUID = String(request.taskUUID);
    await world.runware.completeTask(taskUUID, { cost: 0.42 });
    await outcomeMessage(world);
    await delivered(world, taskUUID);
    const posted = (await bot.tasks.get(taskUUID))?.resultMessageId;
    // The store forgets the post, as if the process died right after Discord answered.
    await bot.tasks.update(taskUUID, (t) => ({ ...t, resultMessageId: undefined, deliveredByDm: undefined }), { dueAt: Date.now() });
    const before = outcomeMessages(world).filter((m) => textOf(m).includes('posted, then forgotten')).length;
    await bot.stop();
    bot = await startBotIn(world);
    const deadline = Date.now() + 10_000;
    while ((await bot.tasks.get(taskUUID))?.resultMessageId === undefined && Date.now() < deadline) await settle(50);
    expect((await bot.tasks.get(taskUUID))?.resultMessageId).toBe(posted);
    expect(outcomeMessages(world).filter((m) => textOf(m).includes('posted, then forgotten'))).toHaveLength(before);
    expect(world.logs.some((l) => l.taskId === taskUUID && l.msg === 'outcome was already in Discord; recording it')).toBe(true);
  });
});

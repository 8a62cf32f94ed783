import { afterEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, killHard, spawnBot, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import { delivered, outcomeMessage, outcomeMessages, prompt, sendVideo, settle, textOf } from './helpers.ts';

let world: World | undefined;
let bot: RunningBot | undefined;
const children: Array<Awaited<ReturnType<typeof spawnBot>>> = [];

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') for (const child of children) console.log(child.output.join('\n'));
  for (const child of children.splice(0)) await killHard(child);
  await bot?.stop();
  bot = undefined;
  await world?.close();
  world = undefined;
});

describe('durability across kill -9', () => {
  it('posts a result exactly once when the webhook failed while the bot was down', async () => {
    world = await startWorld();
    const first = await spawnBot(world);
    children.push(first);
    sendVideo(world, [prompt('survives a crash')]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'survives a crash');
    await world.discord.waitForRest((c) => c.method === 'PATCH' && JSON.stringify(c.body).includes('Queued'));
    await killHard(first);

    const deliveries = await world.runware.completeTask(String(request.taskUUID));
    expect(deliveries).toEqual(['network-error']);

    const second = await spawnBot(world);
    children.push(second);
    const result = await outcomeMessage(world);
    expect(textOf(result)).toContain(String(world.runware.videoTasks.get(String(request.taskUUID))?.results[0]?.videoURL));

    // Another restart must not post it again.
    await killHard(second);
    const third = await spawnBot(world);
    children.push(third);
    await settle(500);
    expect(outcomeMessages(world)).toHaveLength(1);
    expect(world.runware.videoTasks.size).toBe(1);
  });

  it('reruns on 🔁 for a result posted before the restart', async () => {
    world = await startWorld();
    const first = await spawnBot(world);
    children.push(first);
    sendVideo(world, [prompt('rerun me after restart')]);
    const request = await world.runware.waitForVideoTask();
    await world.runware.completeTask(String(request.taskUUID));
    const result = await outcomeMessage(world);
    // Killed right after the post, possibly before the bot recorded it: the restart must not post it twice.
    await killHard(first);

    const second = await spawnBot(world);
    children.push(second);
    // The bot's own reaction and other emoji do nothing.
    world.discord.sendReaction({ guildId: IDS.guild, channelId: IDS.channel, messageId: result.id, userId: world.discord.botUser.id, emoji: '🔁' });
    world.discord.sendReaction({ guildId: IDS.guild, channelId: IDS.channel, messageId: result.id, userId: IDS.bob, emoji: '👍' });
    await settle(300);
    expect(world.runware.videoRequests()).toHaveLength(1);

    world.discord.sendReaction({ guildId: IDS.guild, channelId: IDS.channel, messageId: result.id, userId: IDS.bob, emoji: '🔁' });
    const rerun = await world.runware.waitForVideoTask((r) => r.taskUUID !== request.taskUUID);
    expect(rerun.positivePrompt).toBe('rerun me after restart');
    const status = await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).startsWith(`🔁 <@${IDS.bob}> asked to run this again.`));
    expect(status.message_reference?.message_id).toBe(result.id);
    await world.runware.completeTask(String(rerun.taskUUID));
    const rerunResult = await outcomeMessage(world, IDS.bob);
    expect(rerunResult.message_reference?.message_id).toBe(status.id);
    expect(outcomeMessages(world)).toHaveLength(2);
  });
});

describe('polling mode (no PUBLIC_URL)', () => {
  it('sends no webhookURL, says so at start-up, and fetches the result by polling', async () => {
    world = await startWorld({ webhooks: false });
    bot = await startBotIn(world);
    const ready = world.logs.find((l) => String(l.msg).startsWith('ready'));
    expect(ready?.delivery).toBe('polling');
    expect(String(ready?.msg)).toContain('PUBLIC_URL is not set');

    sendVideo(world, [prompt('polled result')]);
    const request = await world.runware.waitForVideoTask();
    expect(request.webhookURL).toBeUndefined();
    // While Runware says "processing", the status message shows progress with a first-guess ETA.
    const progress = await world.discord.waitForRest(
      (c) => c.method === 'PATCH' && /Generating · ready <t:\d+:R> \(first guess\)/.test(JSON.stringify(c.body)),
    );
    // Edited through the interaction (not counted against the bot's request budget).
    expect(progress.path).toMatch(new RegExp(`^/webhooks/${IDS.app}/[^/]+/messages/@original$`));
    await world.runware.completeTask(String(request.taskUUID), { deliver: false, cost: 0.42 });
    const result = await outcomeMessage(world);
    expect(textOf(result)).toContain('cost $0.42');
    const polls = world.runware.received.filter((r) => JSON.stringify(r.body).includes('getResponse'));
    expect(polls.length).toBeGreaterThan(0);
    await delivered(world, String(request.taskUUID));

    // The next task of the same model and duration uses the learned time, not a first guess.
    sendVideo(world, [prompt('second polled result')]);
    const second = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'second polled result');
    const learned = (c: { method: string; body: unknown }) => {
      const content = String((c.body as { content?: string } | null)?.content ?? '');
      return c.method === 'PATCH' && content.includes('second polled result') && /Generating · ready <t:\d+:R>$/.test(content);
    };
    await world.discord.waitForRest(learned);
    await world.runware.completeTask(String(second.taskUUID), { deliver: false });
    const secondUrl = String(world.runware.videoTasks.get(String(second.taskUUID))?.results[0]?.videoURL);
    await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes('your video is ready') && textOf(m).includes(secondUrl));
  });
});

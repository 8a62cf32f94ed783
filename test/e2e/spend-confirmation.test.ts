import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { SqlTaskRepository } from '../../src/store/sql-task-repository.ts';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, type World } from '../support/bot-harness.ts';
import { waitUntil } from '../support/ports.ts';
import { INTEGER, answerPrompt, buttonIds, delivered, outcomeMessage, prompt, sendVideo, settle, useBot } from './helpers.ts';
import { buttonStarting, charges, press, requestsFor, settled } from './spend-helpers.ts';

let world: World;
let bot: RunningBot;
// Above $1.00 the member is asked first: 15 s of Kling 3.0 Standard costs ≈ $1.26.
useBot({ server: { confirmAboveUsd: 1, maxRunning: 0 } }, (w, b) => ([world, bot] = [w, b]));
let restarted: RunningBot | undefined;
afterAll(async () => {
  await restarted?.stop();
});

const long = (text: string) => [prompt(text), { name: 'duration', type: INTEGER, value: 15 }];

/** The prompt message of an interaction, once it shows its Start button. */
async function promptOf(interactionId: string) {
  await waitUntil(() => buttonIds(world.discord.interactionResponses(interactionId).original).length > 0, 'a confirmation prompt');
  return world.discord.interactionResponses(interactionId).original!;
}

describe('confirmation above confirm_above', () => {
  it('asks first, privately, with the price; Start submits it', async () => {
    const { id } = sendVideo(world, long('long and confirmed'));
    const { prompt: asked, id: startId } = await answerPrompt(world, id, 'start');
    expect(asked.content).toContain('This video will cost ≈ $1.26. Start it?');
    expect(asked.flags & 64).toBe(64);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'long and confirmed');
    expect(request.duration).toBe(15);
    // The status is the Start press's own public reply (its token carries the status edits and the result).
    await waitUntil(
      () => (world.discord.interactionResponses(startId).original?.content ?? '').includes('Estimated cost ≈ $1.26'),
      'the status as the reply to Start',
    );
    expect((world.discord.interactionResponses(startId).original?.flags ?? 64) & 64).toBe(0);
  });

  it('Cancel starts, reserves and charges nothing', async () => {
    const { id } = sendVideo(world, long('long and cancelled'));
    await answerPrompt(world, id, 'cancel');
    await waitUntil(() => world.discord.interactionResponses(id).original?.content === 'Cancelled: nothing was reserved, submitted or charged.', 'cancelled');
    await settle(300);
    expect(requestsFor(world, 'long and cancelled')).toHaveLength(0);
    expect(await charges(bot)).toHaveLength(1);
  });

  it('an expired prompt starts nothing', async () => {
    // A prompt lives 10 minutes (CONFIRM_TTL_MS); the clock of a running bot cannot be moved, so the
    // stored prompt is made to have expired a moment ago, as it would have after 10 minutes.
    const { id } = sendVideo(world, long('long and expired'));
    const asked = await promptOf(id);
    const pendingId = buttonIds(asked)[0]!.split(':')[2]!;
    await bot.app.database.db
      .updateTable('pending_orders')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', pendingId)
      .execute();
    press(world, asked, `order:start:${pendingId}`, IDS.alice);
    await waitUntil(() => (world.discord.interactionResponses(id).original?.content ?? '').startsWith('This prompt expired'), 'expired');
    expect(world.discord.interactionResponses(id).original?.content).toBe(
      'This prompt expired (they last 10 minutes): nothing was started or charged. Ask again.',
    );
    await settle(300);
    expect(requestsFor(world, 'long and expired')).toHaveLength(0);
    expect(await charges(bot)).toHaveLength(1);
  });

  it('a 🔁 above the threshold asks the reactor in the channel; only the reactor can start it, and is charged', async () => {
    const { id } = sendVideo(world, long('long and rerun'));
    await answerPrompt(world, id, 'start');
    const original = String((await world.runware.waitForVideoTask((r) => r.positivePrompt === 'long and rerun')).taskUUID);
    await world.runware.completeTask(original, { cost: 1.26 });
    const result = await outcomeMessage(world);
    await delivered(world, original);
    world.discord.sendReaction({ guildId: IDS.guild, channelId: IDS.channel, messageId: result.id, userId: IDS.bob, emoji: '🔁' });
    const asked = await world.discord.waitForMessage(IDS.channel, (m) => m.content.startsWith(`<@${IDS.bob}> This video will cost ≈ $1.26. Start it?`));
    expect(asked.allowed_mentions).toEqual({ parse: [], users: [IDS.bob] });
    const start = buttonStarting(asked, 'order:start:');

    const byAlice = press(world, asked, start, IDS.alice);
    await waitUntil(() => world.discord.interactionResponses(byAlice.id).original !== undefined, 'the answer to a press by someone else');
    expect(world.discord.interactionResponses(byAlice.id).original).toMatchObject({ content: 'Only the member who asked can answer this.', flags: 64 });
    await settle(300);
    expect(requestsFor(world, 'long and rerun')).toHaveLength(1);

    press(world, asked, start, IDS.bob);
    await waitUntil(() => requestsFor(world, 'long and rerun').length === 2, 'the rerun submitted');
    const rerun = String(requestsFor(world, 'long and rerun')[1]!.taskUUID);
    expect((await charges(bot)).find((c) => c.taskId === rerun)).toMatchObject({ userId: IDS.bob, state: 'reserved', reserved: 1_260_000 });
    const promptNow = () => world.discord.channelMessages(IDS.channel).find((m) => m.id === asked.id);
    await waitUntil(() => (promptNow()?.content ?? '').endsWith(`▶️ Started by <@${IDS.bob}>.`), 'the prompt marked started');
    expect(buttonIds(promptNow())).toEqual([]);
  });

  it('Start still works after a restart between the prompt and the press; a task finished without its settlement is settled at start-up', async () => {
    const { id } = sendVideo(world, long('long across a restart'));
    const asked = await promptOf(id);
    // Another task, running when the bot stops …
    sendVideo(world, [prompt('finished during the stop')]);
    const running = String((await world.runware.waitForVideoTask((r) => r.positivePrompt === 'finished during the stop')).taskUUID);
    await bot.stop();
    // … is written as failed without its settlement (as an older version, or a stop between two writes, would leave it).
    const store = openDatabase(world.env.STORE_URL!);
    const tasks = new SqlTaskRepository(store.db, store.dialect);
    const task = (await tasks.get(running))!;
    await tasks.replace(task, { ...task, status: 'failed', completedAt: Date.now(), failure: { kind: 'server', userMessage: 'the provider had an error.' } });
    await store.close();

    restarted = await startBotIn(world);
    expect(await settled(restarted, running)).toMatchObject({ state: 'released', charged: 0, reserved: 0 });
    expect(world.logs.some((l) => l.msg === 'settled reservations of tasks that finished during a stop' && l.settled === 1)).toBe(true);
    await outcomeMessage(world);

    press(
      world,
      asked,
      buttonIds(asked).find((b) => b.startsWith('order:start:'))!,
      IDS.alice,
    );
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'long across a restart');
    expect(request.duration).toBe(15);
    expect((await charges(restarted)).find((c) => c.taskId === request.taskUUID)).toMatchObject({ state: 'reserved', reserved: 1_260_000 });
  });
});

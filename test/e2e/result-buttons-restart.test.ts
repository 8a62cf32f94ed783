// A result's buttons and reactions keep working after the bot restarts: their state is in the button
// ids and the store, not in the process that posted the result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import { waitUntil } from '../support/ports.ts';
import { prompt, textOf } from './helpers.ts';
import { CAROL, TEAM, answers, makeResult, press, type MadeResult } from './result-helpers.ts';

let world: World;
let bot: RunningBot;
let pressed: MadeResult;
let reacted: MadeResult;

beforeAll(async () => {
  world = await startWorld({ members: TEAM });
  bot = await startBotIn(world);
  await bot.app.guildSettings.updateServer(IDS.guild, { maxRunning: 0 });
  pressed = await makeResult(world, IDS.alice, [prompt('pressed after the restart')]);
  reacted = await makeResult(world, IDS.alice, [prompt('reacted to after the restart')]);
  await bot.stop();
  bot = await startBotIn(world);
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
});

const isLive = (made: MadeResult) => world.discord.channelMessages(IDS.channel).some((m) => m.id === made.result.id);
const deletedBy = (made: MadeResult, userId: string) =>
  waitUntil(async () => (await bot.tasks.get(made.taskId))?.resultDeletedBy === userId, `the result deleted by ${userId}`);
const dmAbout = (userId: string, made: MadeResult) =>
  waitUntil(() => world.discord.dmMessages(userId).some((m) => m.content.includes(made.taskId) && m.content.includes(made.url)), 'the DM');
const react = (userId: string, made: MadeResult, emoji: string) =>
  world.discord.sendReaction({ guildId: IDS.guild, channelId: IDS.channel, messageId: made.result.id, userId, emoji });

describe('after a restart', () => {
  it('🔁 ✏️ ✉️ ❌ buttons work on a result posted before it', async () => {
    const text = 'pressed after the restart';
    const rerun = press(world, IDS.bob, pressed, 'rerun');
    const again = await world.runware.waitForVideoTask((r) => r.positivePrompt === text && r.taskUUID !== pressed.taskId);
    expect((await bot.tasks.get(String(again.taskUUID)))?.origin.statusMessageId).toBe(world.discord.interactionResponses(rerun.id).original?.id);

    const remix = press(world, IDS.alice, pressed, 'remix');
    const modal = await world.discord.modalShown(remix.id);
    expect(modal.inputs.find((i) => i.custom_id === 'prompt')?.value).toBe(text);
    const fields = { ...Object.fromEntries(modal.inputs.map((i) => [i.custom_id, i.value ?? ''])), prompt: 'remixed after the restart' };
    world.discord.sendModalSubmit({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.alice,
      customId: modal.custom_id,
      fields,
      fromInteractionId: remix.id,
    });
    await world.runware.waitForVideoTask((r) => r.positivePrompt === 'remixed after the restart');

    const dm = await answers(world, press(world, CAROL, pressed, 'dm').id);
    expect(dm.callback?.data?.content).toBe('I sent you the details by DM.');
    await dmAbout(CAROL, pressed);

    const refused = await answers(world, press(world, IDS.bob, pressed, 'delete').id);
    expect(refused.callback?.data?.flags).toBe(64);
    expect(isLive(pressed)).toBe(true);
    press(world, IDS.alice, pressed, 'delete');
    await deletedBy(pressed, IDS.alice);
    expect(isLive(pressed)).toBe(false);
  });

  it('🔁 ✉️ ❌ reactions work on a result posted before it', async () => {
    const text = 'reacted to after the restart';
    react(IDS.bob, reacted, '🔁');
    await world.runware.waitForVideoTask((r) => r.positivePrompt === text && r.taskUUID !== reacted.taskId);
    // No interaction here: the status is a message of its own, replying to the result.
    const status = await world.discord.waitForMessage(IDS.channel, (m) => m.message_reference?.message_id === reacted.result.id);
    expect(textOf(status)).toMatch(new RegExp(`^🔁 <@${IDS.bob}> asked to run this again\\.\n.*\n> ${text}`));

    react(IDS.bob, reacted, '✉️');
    await dmAbout(IDS.bob, reacted);

    react(IDS.bob, reacted, '❌');
    await world.discord.waitForRest(
      (c) => c.method === 'DELETE' && c.path === `/channels/${IDS.channel}/messages/${reacted.result.id}/reactions/❌/${IDS.bob}`,
    );
    expect(isLive(reacted)).toBe(true);
    react(IDS.alice, reacted, '❌');
    await deletedBy(reacted, IDS.alice);
    expect(isLive(reacted)).toBe(false);
  });
});

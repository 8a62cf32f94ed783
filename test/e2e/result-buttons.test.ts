// The buttons under a result: 🔁 Rerun, ✏️ Remix (a prefilled form), ✉️ DM me and ❌ Delete, pressed by
// the requester and by other members, with the same rules as the reactions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import { waitUntil } from '../support/ports.ts';
import { INTEGER, STRING, answerPrompt, buttonIds, prompt, settle } from './helpers.ts';
import { TEAM, answers, makeResult, press, type MadeResult } from './result-helpers.ts';

let world: World;
let bot: RunningBot;

beforeAll(async () => {
  world = await startWorld({ members: TEAM });
  bot = await startBotIn(world);
  // Several videos run at once here; prices above $2 still ask first (the default).
  await bot.app.guildSettings.updateServer(IDS.guild, { maxRunning: 0 });
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
});

const TEXT = 'a hiker crosses the valley';
const SHOTS = '2s wide shot of the valley | 3s close-up of the hiker';
let made: MadeResult;

/** What Runware was asked for a task, without what differs between tasks by design. */
function asked(taskId: string) {
  const request = world.runware.videoRequests().find((r) => r.taskUUID === taskId);
  const { taskUUID: _id, webhookURL: _hook, ...rest } = request ?? {};
  return rest;
}

const videoTasksWith = (text: string) => world.runware.videoRequests().filter((r) => r.positivePrompt === text);

/** Submits the Remix form interaction `from` showed, as `userId`, with some fields changed. */
async function submitRemix(from: string, userId: string, change: Record<string, string>) {
  const modal = await world.discord.modalShown(from);
  const prefilled = Object.fromEntries(modal.inputs.map((i) => [i.custom_id, i.value ?? '']));
  return world.discord.sendModalSubmit({
    guildId: IDS.guild,
    channelId: IDS.channel,
    userId,
    customId: modal.custom_id,
    fields: { ...prefilled, ...change },
    fromInteractionId: from,
  });
}

describe('result buttons', () => {
  beforeAll(async () => {
    made = await makeResult(world, IDS.alice, [prompt(TEXT), { name: 'duration', type: INTEGER, value: 5 }, { name: 'shots', type: STRING, value: SHOTS }]);
  });

  it('carries 🔁 Rerun, ✏️ Remix, ✉️ DM me and ❌ Delete', () => {
    expect(buttonIds(made.result)).toEqual(['rerun', 'remix', 'dm', 'delete'].map((a) => `result:${a}:${made.taskId}`));
  });

  it('🔁 by another member: a new task for them, the same request, its status that interaction’s own response', async () => {
    const { id } = press(world, IDS.bob, made, 'rerun');
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === TEXT && r.taskUUID !== made.taskId);
    const rerunId = String(request.taskUUID);
    expect(asked(rerunId)).toEqual(asked(made.taskId));
    const [rerun, first] = [await bot.tasks.get(rerunId), await bot.tasks.get(made.taskId)];
    expect(rerun).toMatchObject({ rerunOf: made.taskId, origin: { userId: IDS.bob, channelId: IDS.channel } });
    expect(rerun?.request).toEqual(first?.request);

    const responses = world.discord.interactionResponses(id);
    expect(responses.callback).toMatchObject({ type: 5, data: { flags: 0 } });
    expect(responses.original?.id).toBe(rerun?.origin.statusMessageId);
    expect(responses.original?.content).toMatch(new RegExp(`^🔁 <@${IDS.bob}> asked to run this again\\.`));
    await world.runware.completeTask(rerunId);
    const result = await world.discord.waitForMessage(IDS.channel, (m) => m.content.startsWith(`<@${IDS.bob}> your video is ready`));
    expect(result.interaction_id).toBe(id);
  });

  it('✏️ shows the form prefilled with prompt, duration, model and shots; an edited prompt runs with the rest unchanged', async () => {
    const { id } = press(world, IDS.alice, made, 'remix');
    const modal = await world.discord.modalShown(id);
    expect(modal.inputs.map((i) => [i.custom_id, i.value])).toEqual([
      ['prompt', TEXT],
      ['duration', '5'],
      ['model', 'Kling 3.0 Standard (720p)'],
      ['shots', SHOTS],
    ]);
    const edited = 'a hiker crosses the valley in the snow';
    const submit = await submitRemix(id, IDS.alice, { prompt: edited });
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === edited);
    expect(asked(String(request.taskUUID))).toEqual({ ...asked(made.taskId), positivePrompt: edited });
    const remix = await bot.tasks.get(String(request.taskUUID));
    expect(remix?.request).toEqual({ ...(await bot.tasks.get(made.taskId))?.request, prompt: edited });
    expect(remix?.rerunOf).toBe(made.taskId);
    expect(remix?.origin.statusMessageId).toBe(world.discord.interactionResponses(submit.id).original?.id);
  });

  it('✏️ a remix that becomes too expensive asks for confirmation before anything runs', async () => {
    const { id } = press(world, IDS.bob, made, 'remix');
    const edited = 'the same valley in 4K';
    const submit = await submitRemix(id, IDS.bob, { prompt: edited, model: '4k' });
    const reply = await answers(world, submit.id);
    expect(reply.callback).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(String(reply.callback?.data?.content)).toMatch(/^This video will cost ≈ \$2\.10\. Start it\?/); // 5 s × $0.42 on 4K, above the $2 default
    await settle(200);
    expect(videoTasksWith(edited)).toHaveLength(0);
    await answerPrompt(world, submit.id, 'start', IDS.bob);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === edited);
    expect(request).toMatchObject({ model: 'klingai:kling-video@3-4k', duration: 5 });
    expect((await bot.tasks.get(String(request.taskUUID)))?.origin.userId).toBe(IDS.bob);
  });

  it('✉️ DMs whoever pressed it the details, and says so privately', async () => {
    const { id } = press(world, IDS.bob, made, 'dm');
    const reply = await answers(world, id);
    expect(reply.callback).toMatchObject({ type: 4, data: { flags: 64, content: 'I sent you the details by DM.' } });
    const dm = world.discord.dmMessages(IDS.bob).find((m) => m.content.includes(made.taskId));
    for (const part of [made.url, `Prompt:\n> ${TEXT}`, `Result message: https://discord.com/channels/${IDS.guild}/${IDS.channel}/${made.result.id}`])
      expect(dm?.content).toContain(part);
    expect(world.discord.dmMessages(IDS.alice)).toEqual([]);
  });

  it('❌ is refused for another member without Manage Messages, works for the requester, and a deleted result is not run again', async () => {
    const doomed = await makeResult(world, IDS.alice, [prompt('a result to delete')]);
    const refused = await answers(world, press(world, IDS.bob, doomed, 'delete').id);
    expect(refused.callback).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(String(refused.callback?.data?.content)).toMatch(/^Only the member who asked for this video, or someone who may manage messages here/);
    expect(world.discord.channelMessages(IDS.channel).some((m) => m.id === doomed.result.id)).toBe(true);

    // Bob opens the Remix form before the requester deletes the result, and sends it after.
    const { id: formId } = press(world, IDS.bob, doomed, 'remix');
    await world.discord.modalShown(formId);
    const deleted = press(world, IDS.alice, doomed, 'delete');
    await world.discord.waitForRest((c) => c.method === 'DELETE' && c.path === `/channels/${IDS.channel}/messages/${doomed.result.id}`);
    expect(world.discord.interactionResponses(deleted.id).callback?.type).toBe(6);
    expect(world.discord.channelMessages(IDS.channel).some((m) => m.id === doomed.result.id)).toBe(false);
    await waitUntil(async () => (await bot.tasks.get(doomed.taskId))?.resultDeletedBy === IDS.alice, 'the deletion to be stored');

    const late = await answers(world, (await submitRemix(formId, IDS.bob, { prompt: 'a remix of a deleted result' })).id);
    expect(late.callback).toMatchObject({ type: 4, data: { flags: 64, content: 'This result can no longer be run again.' } });
    await settle(200);
    expect(videoTasksWith('a remix of a deleted result')).toHaveLength(0);
  });
});

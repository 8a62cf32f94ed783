import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, type World } from '../support/bot-harness.ts';
import { BOOLEAN, INTEGER, STRING, buttonIds, outcomeMessage, prompt, sendVideo, settle, statusMessage, textOf, useBot } from './helpers.ts';
import { NUMBER, PLAIN_MEMBER, USER, charges, privateAnswer, requestsFor, sendSubcommand, settled } from './spend-helpers.ts';

const SPENDERS = '500000000000000002';
const CAROL = '400000000000000003';
let world: World;
let bot: RunningBot;
useBot(
  {
    members: [
      { id: IDS.alice, username: 'alice', roles: [SPENDERS] },
      { id: IDS.bob, username: 'bob', permissions: PLAIN_MEMBER },
      { id: CAROL, username: 'carol', permissions: PLAIN_MEMBER, roles: [SPENDERS] },
    ],
    server: { confirmAboveUsd: 0, maxRunning: 0, spenderRoleId: SPENDERS },
  },
  (w, b) => ([world, bot] = [w, b]),
);

async function video(text: string, options = [prompt(text)]) {
  const sent = sendVideo(world, options);
  const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === text);
  return { ...sent, request, taskId: String(request.taskUUID) };
}

const toldIn = (userId: string) => world.discord.waitForMessage(IDS.channel, (m) => m.content.startsWith(`<@${userId}> this video cannot be run again`));

describe('who may spend', () => {
  it('🔁 by a member without the spender role, or without budget, costs nothing and they are told', async () => {
    const set = sendSubcommand(world, 'budget', 'set', [
      { name: 'amount', type: NUMBER, value: 0 },
      { name: 'period', type: STRING, value: 'day' },
      { name: 'member', type: USER, value: CAROL },
    ]);
    await privateAnswer(world, set.id);
    const original = await video('an original');
    await world.runware.completeTask(original.taskId, { cost: 0.42 });
    const result = await outcomeMessage(world);
    await settled(bot, original.taskId);

    world.discord.sendReaction({ guildId: IDS.guild, channelId: IDS.channel, messageId: result.id, userId: IDS.bob, emoji: '🔁' });
    const toBob = await toldIn(IDS.bob);
    expect(toBob.content).toContain(`Only members with the <@&${SPENDERS}> role may start paid videos in this server.`);
    expect(toBob.content).toContain('Nothing was submitted and nothing was charged.');
    expect(toBob.allowed_mentions).toEqual({ parse: [], users: [IDS.bob] });

    world.discord.sendReaction({ guildId: IDS.guild, channelId: IDS.channel, messageId: result.id, userId: CAROL, emoji: '🔁' });
    const toCarol = await toldIn(CAROL);
    expect(toCarol.content).toMatch(/Your daily allowance has \$0\.00 left of \$0\.00 \(resets <t:\d+:R>\); this video costs ≈ \$0\.42\./);
    expect(buttonIds(toCarol)[0]).toMatch(/^budget:ask:/);

    const direct = sendVideo(world, [prompt('bob asks directly')], { userId: IDS.bob });
    expect((await privateAnswer(world, direct.id)).content).toContain(`Only members with the <@&${SPENDERS}> role`);
    await settle(300);
    expect(requestsFor(world, 'an original')).toHaveLength(1);
    expect(world.runware.videoRequests()).toHaveLength(1);
    expect(await charges(bot)).toHaveLength(1);
  });
});

describe('max_running', () => {
  it('refuses a member’s video while they have max_running running, and accepts it once one is done', async () => {
    const setting = sendSubcommand(world, 'settings', 'server', [{ name: 'max_running', type: INTEGER, value: 1 }]);
    expect((await privateAnswer(world, setting.id)).content).toContain('• videos running at once per member: 1');
    const first = await video('running one');
    const second = sendVideo(world, [prompt('running two')]);
    expect((await privateAnswer(world, second.id)).content).toContain(
      'You already have 1 video running, and the limit here is 1 at once. Start this one when one of them is done.',
    );
    expect(requestsFor(world, 'running two')).toHaveLength(0);
    await world.runware.completeTask(first.taskId, { cost: 0.42 });
    await settled(bot, first.taskId);
    await video('running three');
  });
});

describe('channel defaults', () => {
  it('a channel default yields to the member’s own option; enforced, it wins and the member is told which option', async () => {
    await privateAnswer(world, sendSubcommand(world, 'settings', 'server', [{ name: 'max_running', type: INTEGER, value: 0 }]).id);
    const defaults = sendSubcommand(world, 'settings', 'channel', [{ name: 'duration', type: INTEGER, value: 10 }]);
    expect((await privateAnswer(world, defaults.id)).content).toContain('defaults: a member’s own options win');

    const own = await video('my own duration', [prompt('my own duration'), { name: 'duration', type: INTEGER, value: 5 }]);
    expect(own.request.duration).toBe(5);
    const preset = await video('the channel duration');
    expect(preset.request.duration).toBe(10);
    expect(textOf(await statusMessage(world, preset.id))).not.toContain('ℹ️');

    const enforce = sendSubcommand(world, 'settings', 'channel', [{ name: 'enforce', type: BOOLEAN, value: true }]);
    expect((await privateAnswer(world, enforce.id)).content).toContain('enforced: these win over the member’s own options');
    const enforced = await video('enforced duration', [prompt('enforced duration'), { name: 'duration', type: INTEGER, value: 5 }]);
    expect(enforced.request.duration).toBe(10);
    const status = await statusMessage(world, enforced.id);
    expect(status.content).toContain('ℹ️ `duration` is set to 10 s in this channel (you asked for 5 s)');
    expect(status.content).toContain('Estimated cost ≈ $0.84');
  });
});

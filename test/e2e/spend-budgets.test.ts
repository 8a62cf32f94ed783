import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, type World } from '../support/bot-harness.ts';
import { waitUntil } from '../support/ports.ts';
import { STRING, buttonIds, prompt, sendVideo, useBot, type CommandOption } from './helpers.ts';
import { NUMBER, PLAIN_MEMBER, ROLE, USER, buttonStarting, charges, messagesWith, press, privateAnswer, requestsFor, sendSubcommand } from './spend-helpers.ts';

const ARTISTS = '500000000000000001';
let world: World;
let bot: RunningBot;
/** The refused third video of bob's day (its refusal carries "Ask for more"). */
let refusedId: string;
useBot(
  {
    members: [
      { id: IDS.alice, username: 'alice' },
      { id: IDS.bob, username: 'bob', permissions: PLAIN_MEMBER, roles: [ARTISTS] },
    ],
    server: { confirmAboveUsd: 0, maxRunning: 0, alertChannelId: IDS.otherChannel },
  },
  (w, b) => ([world, bot] = [w, b]),
);

const amount = (usd: number): CommandOption => ({ name: 'amount', type: NUMBER, value: usd });
const period = (value: string): CommandOption => ({ name: 'period', type: STRING, value });
const member = (id: string): CommandOption => ({ name: 'member', type: USER, value: id });
const nextUtcMidnight = () => Math.floor(new Date().setUTCHours(24, 0, 0, 0) / 1000);

async function bobVideo(text: string) {
  const sent = sendVideo(world, [prompt(text)], { userId: IDS.bob });
  await world.runware.waitForVideoTask((r) => r.positivePrompt === text);
  return sent;
}

describe('/budget set and a member allowance', () => {
  it('lets only managers set budgets, and refuses the third $0.42 video of a $1.00 day, naming the allowance, what is left, the reset and the price', async () => {
    const denied = sendSubcommand(world, 'budget', 'set', [amount(1), period('day')], IDS.bob);
    expect((await privateAnswer(world, denied.id)).content).toContain('Only members who can manage this server can set budgets.');
    const twoTargets = sendSubcommand(world, 'budget', 'set', [amount(1), period('day'), member(IDS.bob), { name: 'role', type: ROLE, value: ARTISTS }]);
    expect((await privateAnswer(world, twoTargets.id)).content).toContain('Name at most one of `member`, `role` and `channel`');

    const set = sendSubcommand(world, 'budget', 'set', [amount(1), period('day'), member(IDS.bob)]);
    const saved = await privateAnswer(world, set.id);
    expect(saved.content).toContain(`Saved: the daily allowance of <@${IDS.bob}> is $1.00 a day.`);
    expect(saved.content).toContain('It starts again every day at 00:00 UTC.');

    await bobVideo('bob one');
    await bobVideo('bob two');
    const third = sendVideo(world, [prompt('bob three')], { userId: IDS.bob });
    refusedId = third.id;
    const refusal = await privateAnswer(world, third.id);
    expect(refusal.content).toContain(
      `Your daily allowance has $0.16 left of $1.00 (resets <t:${nextUtcMidnight()}:R>); this video costs ≈ $0.42.\nNothing was submitted and nothing was charged.`,
    );
    const [budgetRow] = await bot.app.database.db.selectFrom('budgets').select('id').where('target_id', '=', IDS.bob).execute();
    expect(buttonIds(refusal)).toEqual([`budget:ask:${budgetRow?.id}:420000`]);
    expect(requestsFor(world, 'bob three')).toHaveLength(0);
    expect((await charges(bot)).filter((c) => c.userId === IDS.bob).map((c) => c.reserved)).toEqual([420_000, 420_000]);
  });

  it('posted the 80 % alert of the allowance once in the alert channel', async () => {
    const alerts = await messagesWith(world, IDS.otherChannel, 'has passed');
    expect(alerts.map((m) => m.content)).toEqual([
      `⚠️ <@${IDS.bob}>: The daily allowance of <@${IDS.bob}> has passed 80 %: $0.84 of $1.00 used ($0.00 spent, $0.84 reserved) (resets <t:${nextUtcMidnight()}:R>).`,
    ]);
  });
});

describe('Ask for more', () => {
  it('posts the request with Approve / Deny; Approve (managers only, once) raises the allowance and the refused request then fits', async () => {
    const refusal = await privateAnswer(world, refusedId);
    const ask = press(world, refusal, buttonStarting(refusal, 'budget:ask:'), IDS.bob);
    expect((await privateAnswer(world, ask.id)).content).toBe(
      `I asked for $0.42 more in your daily allowance in <#${IDS.otherChannel}>. You will hear when someone who manages the server decides.`,
    );
    const request = await world.discord.waitForMessage(IDS.otherChannel, (m) => m.content.includes('asks for'));
    const asked = request.content;
    expect(asked).toBe(`🙋 <@${IDS.bob}> asks for $0.42 more in their daily allowance (has $0.16 left of $1.00).`);
    const approve = buttonStarting(request, 'budget:approve:');
    expect(buttonIds(request)).toEqual([approve, approve.replace(':approve:', ':deny:')]);
    const again = press(world, refusal, buttonStarting(refusal, 'budget:ask:'), IDS.bob);
    expect((await privateAnswer(world, again.id)).content).toContain('You already asked for $0.42 more in your daily allowance');

    const byBob = press(world, request, approve, IDS.bob);
    expect((await privateAnswer(world, byBob.id)).content).toBe('Only members who can manage this server can approve or deny requests for more.');
    press(world, request, approve, IDS.alice);
    await waitUntil(() => world.discord.channelMessages(IDS.otherChannel).some((m) => m.id === request.id && m.components.length === 0), 'the request decided');
    const decided = world.discord.channelMessages(IDS.otherChannel).find((m) => m.id === request.id);
    expect(decided?.content).toBe(`${asked}\n✅ Approved by <@${IDS.alice}>: +$0.42 until the period ends <t:${nextUtcMidnight()}:R>.`);
    await waitUntil(() => world.discord.dmMessages(IDS.bob).length > 0, 'a DM to bob');
    expect(world.discord.dmMessages(IDS.bob)[0]?.content).toContain(`✅ Your request for $0.42 more in your daily allowance was approved by <@${IDS.alice}>`);

    await bobVideo('bob three, again');
    expect(await messagesWith(world, IDS.otherChannel, 'asks for')).toHaveLength(1);
  });

  it('a denial reaches a member whose DMs are closed as a mention in the alert channel', async () => {
    const fourth = sendVideo(world, [prompt('bob four')], { userId: IDS.bob });
    const refusal = await privateAnswer(world, fourth.id);
    expect(refusal.content).toContain('Your daily allowance has $0.16 left of $1.42');
    press(world, refusal, buttonStarting(refusal, 'budget:ask:'), IDS.bob);
    const request = await world.discord.waitForMessage(IDS.otherChannel, (m) => m.content.includes('asks for') && buttonIds(m).length === 2);
    world.discord.setUserDmsClosed(IDS.bob, true);
    press(world, request, buttonStarting(request, 'budget:deny:'), IDS.alice);
    const notice = await world.discord.waitForMessage(IDS.otherChannel, (m) => m.content.startsWith(`<@${IDS.bob}> ❌`));
    expect(notice.content).toBe(`<@${IDS.bob}> ❌ Your request for $0.42 more in your daily allowance was denied by <@${IDS.alice}>.`);
    expect(notice.allowed_mentions).toEqual({ parse: [], users: [IDS.bob] });
    world.discord.setUserDmsClosed(IDS.bob, false);
    expect(requestsFor(world, 'bob four')).toHaveLength(0);
  });
});

describe('/budget show and clear', () => {
  it('shows a member the budgets that apply to them, and a manager every budget of the server with the top spenders', async () => {
    sendSubcommand(world, 'budget', 'set', [amount(50), period('month')]);
    sendSubcommand(world, 'budget', 'set', [amount(2), period('week'), { name: 'role', type: ROLE, value: ARTISTS }]);
    await waitUntil(async () => (await bot.app.database.db.selectFrom('budgets').select('id').execute()).length === 3, 'three budgets');

    const mine = await privateAnswer(world, sendSubcommand(world, 'budget', 'show', [], IDS.bob).id);
    const resets = `resets <t:${nextUtcMidnight()}:R>`;
    expect(mine.content.split('\n')).toEqual([
      `**Budgets that apply to you in <#${IDS.channel}>** (every one must have room for a video):`,
      expect.stringMatching(/^• The server's monthly budget: \$0\.00 spent, \$1\.26 reserved, \$48\.74 left of \$50\.00 · resets <t:\d+:R>$/),
      `• Your daily allowance: $0.00 spent, $1.26 reserved, $0.16 left of $1.42 ($1.00 + $0.42 approved) · ${resets}`,
    ]);

    const all = await privateAnswer(world, sendSubcommand(world, 'budget', 'show').id);
    expect(all.content).toContain('**Budgets in this server**');
    expect(all.content).toContain(
      `• The daily allowance of <@${IDS.bob}>: $1.00 a day — $0.00 spent, $1.26 reserved, $0.16 left of $1.42 ($1.00 + $0.42 approved) · ${resets}`,
    );
    expect(all.content).toContain(
      `• The weekly allowance of each <@&${ARTISTS}> member: $2.00 a week (each member with the role; a member budget replaces it)`,
    );
    expect(all.content).toMatch(/• The server's monthly budget: \$0\.00 spent, \$1\.26 reserved, \$48\.74 left of \$50\.00/);
    expect(all.content).toContain(`**Top spenders this month** (UTC, charged and reserved):\n<@${IDS.bob}> $1.26`);
  });

  it('clears a budget (managers only); the member’s role allowance applies again', async () => {
    const byBob = sendSubcommand(world, 'budget', 'clear', [member(IDS.bob)], IDS.bob);
    expect((await privateAnswer(world, byBob.id)).content).toContain('Only members who can manage this server can clear budgets.');
    const clear = sendSubcommand(world, 'budget', 'clear', [member(IDS.bob)]);
    expect((await privateAnswer(world, clear.id)).content).toBe(`Cleared: the daily allowance of <@${IDS.bob}> ($1.00) no longer limits anyone.`);
    const none = sendSubcommand(world, 'budget', 'clear', [{ name: 'channel', type: 7, value: IDS.otherChannel }]);
    expect((await privateAnswer(world, none.id)).content).toBe(`There is no <#${IDS.otherChannel}> budget to clear. \`/budget show\` lists them.`);
    const mine = await privateAnswer(world, sendSubcommand(world, 'budget', 'show', [], IDS.bob).id);
    expect(mine.content).toContain(`• Your weekly allowance (role <@&${ARTISTS}>): $0.00 spent, $1.26 reserved, $0.74 left of $2.00`);
    expect(mine.content).not.toContain('daily allowance');
  });
});

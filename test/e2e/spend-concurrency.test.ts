import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, type World } from '../support/bot-harness.ts';
import { waitUntil } from '../support/ports.ts';
import { STRING, outcomeMessages, prompt, sendVideo, settle, useBot } from './helpers.ts';
import { NUMBER, answersOf, charges, messagesWith, privateAnswer, sendSubcommand } from './spend-helpers.ts';

let world: World;
let bot: RunningBot;
useBot({ server: { confirmAboveUsd: 0, maxRunning: 0, alertChannelId: IDS.otherChannel } }, (w, b) => ([world, bot] = [w, b]));

const REFUSED = 'I can’t start this video';

describe('a server budget under 20 requests at once', () => {
  it('lets exactly the 4 that fit reach Runware, tells the 16 others privately, and the ledger balances', async () => {
    const set = sendSubcommand(world, 'budget', 'set', [
      { name: 'amount', type: NUMBER, value: 1.68 },
      { name: 'period', type: STRING, value: 'day' },
    ]);
    expect((await privateAnswer(world, set.id)).content).toContain("Saved: the server's daily budget is $1.68 a day.");

    const sent = Array.from({ length: 20 }, (_, i) => sendVideo(world, [prompt(`race ${i}`)]));
    const refused = () => sent.filter((s) => answersOf(world, s.id).some((m) => m.content.includes(REFUSED)));
    await waitUntil(() => refused().length + world.runware.videoRequests().length >= 20, 'every request answered');
    await settle(300);
    expect(world.runware.videoRequests()).toHaveLength(4);
    expect(refused()).toHaveLength(16);
    for (const s of refused()) {
      const refusal = answersOf(world, s.id).find((m) => m.content.includes(REFUSED));
      expect((refusal?.flags ?? 0) & 64).toBe(64);
      expect(refusal?.content).toContain("The server's daily budget has $0.00 left of $1.68");
      expect(refusal?.content).toContain('Nothing was submitted and nothing was charged.');
    }
    // The public status messages of the refused ones were taken back.
    await waitUntil(() => world.discord.channelMessages(IDS.channel).filter((m) => m.content.startsWith('🎬')).length === 4, 'four status messages');

    const held = await charges(bot);
    expect(held.map((c) => [c.state, c.reserved])).toEqual(Array(4).fill(['reserved', 420_000]));
    for (const request of world.runware.videoRequests()) await world.runware.completeTask(String(request.taskUUID), { cost: 0.42 });
    await waitUntil(() => outcomeMessages(world).length === 4, 'four results');
    await waitUntil(async () => (await charges(bot)).every((c) => c.state === 'charged'), 'all settled');
    const after = await charges(bot);
    const total = after.reduce((sum, c) => sum + (c.charged ?? 0) + c.reserved, 0);
    expect(total).toBe(1_680_000);
    expect(total).toBeLessThanOrEqual(1_680_000);

    // The fourth reservation filled the budget: 80 % and 100 % were each posted once.
    const alerts = await messagesWith(world, IDS.otherChannel, 'has passed');
    expect(alerts.map((m) => m.content.split(' (resets')[0])).toEqual([
      "⚠️ The server's daily budget has passed 80 %: $1.68 of $1.68 used ($0.00 spent, $1.68 reserved)",
      "🛑 The server's daily budget has passed 100 %: $1.68 of $1.68 used ($0.00 spent, $1.68 reserved)",
    ]);
  });
});

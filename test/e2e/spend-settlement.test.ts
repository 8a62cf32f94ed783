import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, type World } from '../support/bot-harness.ts';
import { STRING, outcomeMessage, outcomeMessages, prompt, sendVideo, settle, textOf, useBot } from './helpers.ts';
import { NUMBER, USER, charges, privateAnswer, sendSubcommand, settled } from './spend-helpers.ts';

let world: World;
let bot: RunningBot;
useBot({ server: { confirmAboveUsd: 0, maxRunning: 0 } }, (w, b) => ([world, bot] = [w, b]));

async function video(text: string, userId = IDS.alice): Promise<string> {
  sendVideo(world, [prompt(text)], { userId });
  return String((await world.runware.waitForVideoTask((r) => r.positivePrompt === text)).taskUUID);
}

describe('settlement', () => {
  it('settles to the lower cost Runware reports and frees the difference: a request that would not fit now does', async () => {
    const set = sendSubcommand(world, 'budget', 'set', [
      { name: 'amount', type: NUMBER, value: 1 },
      { name: 'period', type: STRING, value: 'day' },
      { name: 'member', type: USER, value: IDS.alice },
    ]);
    await privateAnswer(world, set.id);
    const cheap = await video('costs less than estimated');
    await world.runware.completeTask(cheap, { cost: 0.1 });
    expect(textOf(await outcomeMessage(world))).toContain('cost $0.10');
    expect(await settled(bot, cheap)).toMatchObject({ state: 'charged', charged: 100_000, reserved: 0 });
    // $0.10 charged + 2 × $0.42 reserved = $0.94: fits only because $0.32 of the first reservation came back.
    await video('fits thanks to the refund 1');
    await video('fits thanks to the refund 2');
    const over = sendVideo(world, [prompt('one too many')]);
    expect((await privateAnswer(world, over.id)).content).toContain('Your daily allowance has $0.06 left of $1.00');
  });

  it('charges a failed task $0 and says the reservation was released', async () => {
    const failing = await video('will fail', IDS.bob);
    await world.runware.failTask(failing, { code: 'providerContentPolicyViolation', message: 'refused' });
    const failure = await outcomeMessage(world, IDS.bob);
    expect(failure.content).toContain('Nothing was charged; the ≈ $0.42 reservation was released.');
    await world.discord.waitForRest(
      (c) => c.method === 'PATCH' && JSON.stringify(c.body).includes('Nothing was charged; the ≈ $0.42 reservation was released.'),
    );
    expect(await settled(bot, failing)).toMatchObject({ state: 'released', charged: 0, reserved: 0 });
  });

  it('charges a result delivered twice once', async () => {
    const twice = await video('delivered twice', IDS.bob);
    await world.runware.completeTask(twice, { cost: 0.42 });
    await settled(bot, twice);
    const index = world.runware.webhookDeliveries.findIndex((d) => JSON.stringify(d.body).includes(twice));
    expect(await world.runware.redeliver(index)).toBe(200);
    expect(await world.runware.redeliver(index)).toBe(200);
    await settle(300);
    expect((await charges(bot)).find((c) => c.taskId === twice)).toMatchObject({ state: 'charged', charged: 420_000 });
    const entries = await bot.app.database.db.selectFrom('ledger_entries').select('kind').where('task_id', '=', twice).orderBy('kind').execute();
    expect(entries.map((e) => e.kind)).toEqual(['reserve', 'settle']);
    expect(outcomeMessages(world).filter((m) => m.content.startsWith(`<@${IDS.bob}> your video is ready`))).toHaveLength(1);
  });
});

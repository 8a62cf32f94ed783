import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import { FakeImini } from '../support/imini/index.ts';
import { waitUntil } from '../support/ports.ts';
import { STRING, outcomeMessage, prompt, sendVideo, settle, textOf } from './helpers.ts';

let imini: FakeImini;
let world: World;
let bot: RunningBot;

beforeAll(async () => {
  imini = await FakeImini.start({ apiKey: 'ik' });
  // Runware and imini both configured; Runware is the default, imini the failover.
  world = await startWorld({ env: { IMINI_API_KEY: 'ik', IMINI_API_URL: imini.url, POLL_INTERVAL_SECONDS: '0.1', POLL_MAX_INTERVAL_SECONDS: '0.3' } });
  bot = await startBotIn(world);
  await bot.app.guildSettings.updateServer(IDS.guild, { confirmAboveUsd: 0 }); // 4K requests are above the default $2.00 threshold
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
  await imini?.close();
});

const model = (value: string) => ({ name: 'model', type: STRING, value });

describe('failover between providers', () => {
  it('moves a task to another provider that can run it when Runware is down, and says who ran it', async () => {
    world.runware.rejectVideoTasksWith({ status: 503, code: 'serviceUnavailable', message: 'maintenance' });
    try {
      sendVideo(world, [prompt('outage on runware'), model('kling-3-omni-standard')]);
      await waitUntil(() => imini.createRequests().some((b) => b.prompt === 'outage on runware'), 'the task to reach imini');
      const attempts = world.runware.videoRequests().filter((r) => r.positivePrompt === 'outage on runware');
      expect(attempts).toHaveLength(4); // 1 + PROVIDER_RETRIES, then failover
      const create = imini.createRequests().find((b) => b.prompt === 'outage on runware');
      expect(create).toMatchObject({ model: 'kling/kling-v3-omni', resolution: '720P', duration: 5 });
      const task = [...imini.tasks.values()].find((t) => t.request.prompt === 'outage on runware');
      imini.succeed(String(task?.taskId));
      const result = await outcomeMessage(world);
      expect(textOf(result)).toMatch(/cost ≈ \$0\.42 \(estimate\)/);
      expect(textOf(result)).toContain('Provider: imini');
      expect(world.logs.some((l) => l.msg === 'failing over to another provider' && l.from === 'runware' && l.to === 'imini')).toBe(true);
    } finally {
      world.runware.rejectVideoTasksWith(null);
    }
  });

  it('does not fail over a request the other provider cannot run (a 4K model), nor a non-transient error', async () => {
    world.runware.rejectVideoTasksWith({ status: 503, code: 'serviceUnavailable', message: 'maintenance' });
    try {
      sendVideo(world, [prompt('4k during outage'), model('kling-3-4k')]);
      await waitUntil(
        () =>
          world.logs.some(
            (l) =>
              l.msg === 'submit failed' &&
              String(l.detail).includes('maintenance') &&
              world.runware.videoRequests().filter((r) => r.positivePrompt === '4k during outage').length === 4,
          ),
        'four Runware attempts',
      );
      await settle(200);
      expect(imini.createRequests().some((b) => b.prompt === '4k during outage')).toBe(false);
    } finally {
      world.runware.rejectVideoTasksWith(null);
    }
    world.runware.failNextRequests([{ status: 402, body: { errors: [{ code: 'insufficientCredits', message: 'no credit' }] } }]);
    sendVideo(world, [prompt('no credit on runware'), model('kling-3-omni-standard')]);
    await waitUntil(() => world.logs.some((l) => l.msg === 'submit failed' && String(l.detail).includes('no credit')), 'the balance failure');
    await settle(200);
    expect(imini.createRequests().some((b) => b.prompt === 'no credit on runware')).toBe(false);
  });

  it('offers only configured providers in autocomplete', async () => {
    const { id } = world.discord.sendAutocomplete({
      guildId: IDS.guild,
      channelId: IDS.channel,
      userId: IDS.alice,
      name: 'video',
      options: [
        { name: 'prompt', type: STRING, value: 'x' },
        { name: 'provider', type: STRING, value: '', focused: true },
      ],
    });
    expect(await world.discord.autocompleteChoices(id)).toEqual([
      { name: 'Runware', value: 'runware' },
      { name: 'imini', value: 'imini' },
    ]);
  });
});

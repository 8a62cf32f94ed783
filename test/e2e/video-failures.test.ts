import { describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { BOT_TOKEN, IDS, RUNWARE_KEY, type World } from '../support/bot-harness.ts';
import { INTEGER, outcomeMessage, prompt, sendVideo, settle, statusMessage, useBot, textOf } from './helpers.ts';

let world: World;
let bot: RunningBot;
useBot({ env: { TASK_TIMEOUT_MINUTES: '0.02' } }, (w, b) => ([world, bot] = [w, b]));

/** Sends /video and returns the status message once the bot settled on an answer. */
async function submitAndGetStatus(text: string) {
  const { id } = sendVideo(world, [prompt(text)]);
  await world.discord.waitForRest(
    (c) =>
      c.method === 'PATCH' && c.path.includes('/messages/') && JSON.stringify(c.body).includes(text) && /Failed|Queued|Generating/.test(JSON.stringify(c.body)),
  );
  await settle(100);
  return statusMessage(world, id);
}

describe('submit errors are mapped to plain words, never leaking provider details', () => {
  const cases = [
    {
      name: 'invalid key (401)',
      response: { status: 401, body: { errors: [{ code: 'invalidApiKey', message: 'Invalid API key sk-live-SECRET' }] } },
      expect: /rejected the bot’s API key/,
    },
    {
      name: 'insufficient balance (402)',
      response: { status: 402, body: { errors: [{ code: 'insufficientCredits', message: 'Not enough credits' }] } },
      expect: /out of credit/,
    },
    {
      name: 'content policy (400)',
      response: { status: 400, body: { errors: [{ code: 'contentPolicyViolation', message: 'prompt flagged' }] } },
      expect: /content policy/,
    },
    {
      name: 'invalid parameter (400)',
      response: { status: 400, body: { errors: [{ code: 'invalidParameter', message: 'bad', parameter: 'positivePrompt' }] } },
      expect: /rejected the `prompt` setting/,
    },
    {
      name: 'the singular error form',
      response: { status: 400, body: { error: { code: 'unsupportedDuration', message: 'nope', parameter: 'duration' } } },
      expect: /rejected the `duration` setting/,
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name}`, async () => {
      world.runware.failNextRequests([c.response]);
      const status = await submitAndGetStatus(`submit error ${c.name}`);
      expect(status.content).toMatch(/❌ Failed: /);
      expect(status.content).toMatch(c.expect);
      expect(status.content).not.toMatch(/SECRET|invalidApiKey|insufficientCredits|contentPolicyViolation/);
      const taskLog = world.logs.find(
        (l) => l.msg === 'submit failed' && String(l.detail).includes(String(c.response.body.errors?.[0]?.code ?? c.response.body.error?.code)),
      );
      expect(taskLog?.taskId).toBeTruthy();
    });
  }

  it('retries a busy provider (429, 503, dropped connection) and submits exactly once', async () => {
    world.runware.failNextRequests([{ status: 429 }, { status: 503 }, 'drop-connection']);
    const before = world.runware.videoTasks.size;
    await submitAndGetStatus('busy provider then fine');
    await settle(200);
    expect(world.runware.videoTasks.size).toBe(before + 1);
    const task = [...world.runware.videoTasks.values()].find((t) => t.request.positivePrompt === 'busy provider then fine');
    expect(task?.status).toBe('processing');
  });

  it('does not submit twice when the ack was lost after the provider accepted the task', async () => {
    world.runware.failNextRequests(['drop-after-accept']);
    const status = await submitAndGetStatus('ack lost');
    expect(status.content).toMatch(/Queued|Generating/);
    const accepted = [...world.runware.videoTasks.values()].filter((t) => t.request.positivePrompt === 'ack lost');
    expect(accepted).toHaveLength(1);
  });

  it('gives up after the retries and says the provider is busy', async () => {
    world.runware.rejectVideoTasksWith({ status: 503, code: 'serviceUnavailable', message: 'queue wait exceeded' });
    try {
      const status = await submitAndGetStatus('always busy');
      expect(status.content).toMatch(/❌ Failed: The video provider had an internal error/);
      const attempts = world.runware.videoRequests().filter((r) => r.positivePrompt === 'always busy');
      expect(attempts).toHaveLength(4); // first try + PROVIDER_RETRIES=3, all with the same taskUUID
      expect(new Set(attempts.map((r) => r.taskUUID)).size).toBe(1);
    } finally {
      world.runware.rejectVideoTasksWith(null);
    }
  });
});

describe('failed tasks', () => {
  it('tells the requester in plain words when generation fails', async () => {
    sendVideo(world, [prompt('will be refused later')]);
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'will be refused later');
    await world.runware.failTask(String(request.taskUUID), { code: 'providerContentPolicyViolation', message: 'internal moderation id 1234' });
    const message = await outcomeMessage(world);
    expect(message.content).toMatch(/your video could not be made: The provider refused this request under its content policy/);
    expect(message.content).not.toContain('1234');
    expect(message.allowed_mentions).toMatchObject({ users: [IDS.alice] });
  });

  it('times out a task that never comes back (limit is a setting)', async () => {
    sendVideo(world, [prompt('never finishes'), { name: 'duration', type: INTEGER, value: 3 }]);
    await world.runware.waitForVideoTask((r) => r.positivePrompt === 'never finishes');
    const message = await world.discord.waitForMessage(
      IDS.channel,
      (m) => textOf(m).includes('your video could not be made') && textOf(m).includes('never finishes'),
      15_000,
    );
    expect(message.content).toMatch(/^<@400000000000000001> your video could not be made: The video took too long/);
  });
});

describe('the log', () => {
  it('never holds the bot token, the provider key or a webhook token', async () => {
    const text = JSON.stringify(world.logs);
    expect(world.logs.length).toBeGreaterThan(20);
    expect(text).not.toContain(BOT_TOKEN);
    expect(text).not.toContain(RUNWARE_KEY);
    for (const request of world.runware.videoRequests()) {
      const token = request.webhookURL ? new URL(String(request.webhookURL)).searchParams.get('token') : null;
      if (token) expect(text).not.toContain(token);
    }
  });
});

describe('when the channel cannot be used', () => {
  it('sends the result to the requester by DM once the interaction can no longer post', async () => {
    const { id } = sendVideo(world, [prompt('channel will vanish')], { userId: IDS.bob });
    const request = await world.runware.waitForVideoTask((r) => r.positivePrompt === 'channel will vanish');
    // While the interaction's token is valid the result is a follow-up, which needs no channel
    // permission; after its 15 minutes the bot posts in the channel itself.
    world.discord.expireInteractionToken(id);
    world.discord.setChannelFailure(IDS.channel, 'forbidden');
    try {
      await world.runware.completeTask(String(request.taskUUID));
      await world.discord.waitForRest((c) => c.method === 'POST' && c.path === '/users/@me/channels');
      const deadline = Date.now() + 5000;
      while (world.discord.dmMessages(IDS.bob).length === 0 && Date.now() < deadline) await settle(25);
      const dm = world.discord.dmMessages(IDS.bob)[0];
      expect(textOf(dm)).toContain('your video is ready');
      expect(textOf(dm)).toContain(String(world.runware.videoTasks.get(String(request.taskUUID))?.results[0]?.videoURL));
      expect(textOf(dm)).toContain(`I could not post in <#${IDS.channel}>`);
    } finally {
      world.discord.setChannelFailure(IDS.channel, null);
    }
    const task = await bot.tasks.get(String(request.taskUUID));
    expect(task?.deliveredByDm).toBe(true);
  });
});

// The status message moves through its stages on Kling AI's callbacks, edited only when the stage
// changes; while the interaction token works, a task costs no request against the bot's global rate
// limit, and once it stopped working the result and the status go by channel with the bot token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import type { RestCall } from '../support/discord/index.ts';
import { FakeKling } from '../support/kling/index.ts';
import { delivered, prompt, sendVideo, textOf } from './helpers.ts';
import { botTokenCalls, callsSince } from './result-helpers.ts';

let kling: FakeKling;
let world: World;
let bot: RunningBot;

beforeAll(async () => {
  kling = await FakeKling.start({ accessKey: 'ak', secretKey: 'sk' });
  // Kling AI only, results by callback.
  world = await startWorld({ env: { RUNWARE_API_KEY: '', KLING_ACCESS_KEY: 'ak', KLING_SECRET_KEY: 'sk', KLING_API_URL: kling.url } });
  bot = await startBotIn(world);
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
  await kling?.close();
});

const contentOf = (call: RestCall) => String((call.body as { content?: string } | null)?.content ?? '');
/** The status message's last line, without the progress bar. */
const stageOf = (call: RestCall) => (contentOf(call).split('\n').at(-1) ?? '').replace(/^[▰▱]+ /, '');
/** Edits of the interaction's original response (the status message) through its token. */
const originalEdits = (token: string) =>
  world.discord.restCalls.filter((c) => c.method === 'PATCH' && c.path === `/webhooks/${IDS.app}/${token}/messages/@original`);
const shows = (text: string, stage: RegExp) => world.discord.waitForRest((c) => c.method === 'PATCH' && contentOf(c).includes(text) && stage.test(stageOf(c)));
const resultFor = (taskId: string) => world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes(`Task ${taskId}`));

/** /video through to a Kling task that is generating; resolves with the ids. */
async function generating(text: string) {
  const sent = sendVideo(world, [prompt(text)]);
  const taskId = String((await kling.waitForCreate((c) => c.body.prompt === text)).body.external_task_id);
  await shows(text, /^🕒 Queued/);
  expect(await kling.progress(taskId)).toEqual([200]);
  await shows(text, /^⚙️ Generating/);
  return { ...sent, taskId };
}

describe('status stages', () => {
  it('shows queued → generating → done with the ETA as a Discord timestamp, edited through the token only when the stage changes', async () => {
    const text = 'a lantern festival in stages';
    const { token, taskId } = await generating(text);
    // Kling AI says "processing" again, and delivers a callback twice: the stage is the same.
    expect(await kling.progress(taskId)).toEqual([200]);
    const first = kling.callbackDeliveries.findIndex((d) => d.body.task_id === kling.task(taskId).taskId && d.body.task_status === 'processing');
    expect(await kling.redeliver(first)).toBe(200);
    expect(await kling.succeed(taskId)).toEqual([200]);
    await resultFor(taskId);
    await delivered(world, taskId);
    await shows(text, /^✅ Done/);

    const stages = originalEdits(token).map(stageOf);
    expect(stages).toEqual([
      '⏳ Submitting…',
      expect.stringMatching(/^🕒 Queued · ready <t:\d+:R>( \(first guess\))?$/) as unknown,
      expect.stringMatching(/^⚙️ Generating · ready <t:\d+:R>( \(first guess\))?$/) as unknown,
      expect.stringMatching(/^✅ Done in \d+s$/) as unknown,
    ]);
    // The time left is counted down by Discord's clients, so queued and generating show the same moment, after submission.
    const [queuedAt, generatingAt] = stages.slice(1, 3).map((s) => Number(/<t:(\d+):R>/.exec(s)?.[1]));
    expect(generatingAt).toBe(queuedAt);
    expect((queuedAt ?? 0) * 1000).toBeGreaterThanOrEqual(Math.floor(((await bot.tasks.get(taskId))?.submittedAt ?? Infinity) / 1000) * 1000);
    expect(world.discord.restCalls.filter((c) => c.method === 'PATCH' && contentOf(c).includes(text))).toHaveLength(4);
  });
});

describe('Discord requests per result', () => {
  it('makes none against the global rate limit while the interaction token works', async () => {
    world.discord.rateLimits.resetStats();
    const mark = world.discord.restCalls.length;
    const text = 'a result through the token only';
    const { taskId } = await generating(text);
    await kling.succeed(taskId);
    const result = await resultFor(taskId);
    await delivered(world, taskId);
    await shows(text, /^✅ Done/);
    expect(result.interaction_id).toBeDefined();
    expect(botTokenCalls(callsSince(world, mark))).toEqual([]);
    expect(world.discord.rateLimits.stats().requests.globalLimited).toBe(0);
  });

  it('posts the result and edits the status by channel with the bot token once the token stopped working: two requests', async () => {
    const text = 'a result after the token expired';
    const { id, taskId } = await generating(text);
    const status = world.discord.interactionResponses(id).original;
    world.discord.expireInteractionToken(id);
    world.discord.rateLimits.resetStats();
    const mark = world.discord.restCalls.length;
    await kling.succeed(taskId);
    const result = await resultFor(taskId);
    await delivered(world, taskId);
    await world.discord.waitForRest((c) => c.method === 'PATCH' && c.path === `/channels/${IDS.channel}/messages/${status?.id}`);

    expect(result.interaction_id).toBeUndefined();
    expect(result.message_reference?.message_id).toBe(status?.id);
    expect(botTokenCalls(callsSince(world, mark)).map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      `POST /channels/${IDS.channel}/messages 200`,
      `PATCH /channels/${IDS.channel}/messages/${status?.id} 200`,
    ]);
    expect(world.discord.rateLimits.stats().requests.globalLimited).toBe(2);
    expect(stageOf(callsSince(world, mark).find((c) => c.path.startsWith('/channels/') && c.method === 'PATCH') as RestCall)).toMatch(/^✅ Done/);
    expect(world.discord.interactionResponses(id).original?.content).toMatch(/✅ Done in \d+s$/);
  });
});

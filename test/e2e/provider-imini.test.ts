import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data as videoCommand } from '../../commands/video.ts';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import { makeJpeg, makePng } from '../support/images.ts';
import { FakeImini, type IminiInjectedFailure, type IminiTaskRecord } from '../support/imini/index.ts';
import { waitUntil } from '../support/ports.ts';
import { ATTACHMENT, INTEGER, STRING, prompt, sendVideo, settle, statusMessage, textOf } from './helpers.ts';

let fake: FakeImini;
let world: World;
let bot: RunningBot;

beforeAll(async () => {
  fake = await FakeImini.start({ apiKey: 'ik' });
  // Runware unset: imini is the only provider. PUBLIC_URL stays set: imini is polled anyway.
  world = await startWorld({
    env: { RUNWARE_API_KEY: '', IMINI_API_KEY: 'ik', IMINI_API_URL: fake.url, POLL_INTERVAL_SECONDS: '0.1', POLL_MAX_INTERVAL_SECONDS: '0.5' },
  });
  bot = await startBotIn(world);
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
  await fake?.close();
});

const model = (value: string) => ({ name: 'model', type: STRING, value });
/** The storyboard e2e runs once /video has its `shots` option (the mapping is unit-tested either way). */
const hasShots = videoCommand.toJSON().options?.some((o) => o.name === 'shots') ?? false;
const createsFor = (text: string) => fake.createRequests().filter((b) => b.prompt === text);
const tasksFor = (text: string) => [...fake.tasks.values()].filter((t) => t.request.prompt === text);

/** The task imini created for `text`, once it exists. */
async function created(text: string): Promise<IminiTaskRecord> {
  await waitUntil(() => tasksFor(text).length > 0, `an imini task for "${text}"`);
  return tasksFor(text)[0] as IminiTaskRecord;
}

/** The bot's task id for an imini task_id (from the "task submitted" log line). */
async function botTaskId(providerTaskId: string): Promise<string> {
  const line = () => world.logs.find((l) => l.msg === 'task submitted' && l.providerTaskId === providerTaskId);
  await waitUntil(() => line() !== undefined, `the bot to log ${providerTaskId}`);
  return String(line()?.taskId);
}

const statusShows = (text: string, words: RegExp) =>
  world.discord.waitForRest((c) => c.method === 'PATCH' && JSON.stringify(c.body).includes(text) && words.test(JSON.stringify(c.body)));

const resultWith = (url: string) => world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes('your video is ready') && textOf(m).includes(url));

describe('imini: /video end to end (polled)', () => {
  it('submits the exact Omni body, shows queued → generating, and posts the video with an estimated cost', async () => {
    const text = 'imini omni text video';
    const { id } = sendVideo(world, [prompt(text), model('kling-3-omni-standard')]);
    const body = await fake.waitForCreate((b) => b.prompt === text);
    expect(body).toEqual({ model: 'kling/kling-v3-omni', prompt: text, resolution: '720P', aspect_ratio: '16:9', duration: 5, generate_audio: false });
    expect(fake.received.find((r) => r.body === body)?.authorization).toBe('Bearer ik');
    const task = await created(text);
    const status = await statusMessage(world, id);
    expect(status.content).toContain('Estimated cost ≈ $0.42');
    await statusShows(text, /Queued/);
    await waitUntil(() => fake.queriesFor(task.taskId).length > 0, 'a first poll');
    fake.advance(task.taskId);
    await statusShows(text, /Generating/);
    const done = fake.succeed(task.taskId);
    const video = done.videos?.[0];
    const result = await resultWith(String(video?.url));
    expect(textOf(result)).toMatch(/Kling 3\.0 Omni Standard \(720p\) · 5 s · cost ≈ \$0\.42 \(estimate\)/);
    expect(textOf(result)).toMatch(/Took: \d+s/);
    expect(textOf(result)).toContain('Provider: imini');
    expect(result.message_reference?.message_id).toBe(status.id);
    const stored = await bot.tasks.get(await botTaskId(task.taskId));
    expect(stored?.results).toEqual([{ id: `${task.taskId}#0`, url: video?.url, thumbnailUrl: video?.cover_url }]);
    expect(stored?.cost).toEqual({ usd: 0.42, estimated: true });
  });

  it('backs off while a task stays queued, and reports a failed task in plain words', async () => {
    const text = 'imini stays queued then fails';
    sendVideo(world, [prompt(text)]);
    const task = await created(text);
    // Intervals grow from 0.1 s by ×1.5 to the 0.5 s cap. Only bounds that a slow machine cannot
    // break are asserted: a cap on how many polls fit in the first 2 s, and a late gap near the cap.
    await waitUntil(() => fake.queriesFor(task.taskId).length >= 7, 'seven polls', 20_000);
    const queries = fake.queriesFor(task.taskId).map((q) => q.at);
    const first = queries[0] ?? 0;
    expect(queries.filter((at) => at < first + 2000).length).toBeLessThan(15); // without back-off: 20
    expect((queries[6] ?? 0) - (queries[5] ?? 0)).toBeGreaterThanOrEqual(400);

    fake.fail(task.taskId, { code: 'content_safety', message: 'output flagged, review id 9876' });
    const message = await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes('could not be made') && textOf(m).includes(text));
    expect(message.content).toMatch(/refused this request under its content policy/);
    expect(message.content).not.toContain('9876');
  });

  it('sends first and last frames as data URIs on Kling 3.0 Pro', async () => {
    const text = 'imini frames on kling 3 pro';
    const first = makePng(1280, 720);
    const last = makeJpeg(1280, 720);
    const firstUrl = world.discord.hostFile('first.png', first, 'image/png');
    const lastUrl = world.discord.hostFile('last.jpg', last, 'image/jpeg');
    sendVideo(world, [prompt(text), model('kling-3-pro'), { name: 'first_frame', type: ATTACHMENT }, { name: 'last_frame', type: ATTACHMENT }], {
      attachments: {
        first_frame: { filename: 'first.png', contentType: 'image/png', size: first.length, width: 1280, height: 720, url: firstUrl },
        last_frame: { filename: 'last.jpg', contentType: 'image/jpeg', size: last.length, width: 1280, height: 720, url: lastUrl },
      },
    });
    const body = await fake.waitForCreate((b) => b.prompt === text);
    expect(body).toEqual({
      model: 'kling/kling-v3',
      prompt: text,
      resolution: '1080P',
      aspect_ratio: '16:9',
      duration: 5,
      generate_audio: false,
      reference_images: [
        { url: `data:image/png;base64,${first.toString('base64')}`, reference_type: 'first_frame' },
        { url: `data:image/jpeg;base64,${last.toString('base64')}`, reference_type: 'last_frame' },
      ],
    });
    const task = await created(text);
    await resultWith(String(fake.succeed(task.taskId).videos?.[0]?.url));
  });

  it.runIf(hasShots)('maps a storyboard to extra_params customize, and `auto` to intelligence', async () => {
    const shots = (value: string) => ({ name: 'shots', type: STRING, value });
    sendVideo(world, [
      prompt('imini storyboard'),
      model('kling-3-omni-pro'),
      { name: 'duration', type: INTEGER, value: 5 },
      shots('2s wide shot of the valley | 3s close-up of the hiker'),
    ]);
    const body = await fake.waitForCreate((b) => JSON.stringify(b).includes('close-up of the hiker'));
    expect(body).toEqual({
      model: 'kling/kling-v3-omni',
      resolution: '1080P',
      aspect_ratio: '16:9',
      duration: 5,
      generate_audio: false,
      extra_params: {
        multi_shot: true,
        shot_type: 'customize',
        multi_prompt: [
          { index: 1, prompt: 'wide shot of the valley', duration: '2' },
          { index: 2, prompt: 'close-up of the hiker', duration: '3' },
        ],
      },
    });
    sendVideo(world, [prompt('imini lets the model cut'), shots('auto')]);
    expect((await fake.waitForCreate((b) => b.prompt === 'imini lets the model cut')).extra_params).toEqual({ multi_shot: true, shot_type: 'intelligence' });
    const storyboard = [...fake.tasks.values()].find((t) => JSON.stringify(t.request).includes('close-up of the hiker'));
    await resultWith(String(fake.succeed(String(storyboard?.taskId)).videos?.[0]?.url));
  });

  it('refuses a 4K model with an ephemeral reply naming `model` and no request', async () => {
    const before = fake.createRequests().length;
    const { id } = sendVideo(world, [prompt('imini 4k please'), model('kling-3-omni-4k')]);
    // Refused before the acknowledgement: an ephemeral reply, not a deferred one.
    await world.discord.waitForRest((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`));
    const reply = world.discord.interactionResponses(id).callback;
    expect(reply?.type).toBe(4);
    expect(reply?.data?.flags).toBe(64);
    expect(String(reply?.data?.content)).toMatch(/`model` Kling 3\.0 Omni 4K is not available on imini/);
    await settle(200);
    expect(fake.createRequests().length).toBe(before);
  });
});

describe('imini: submit errors', () => {
  const cases: Array<{ name: string; failure: IminiInjectedFailure; expect: RegExp }> = [
    {
      name: '401',
      failure: { status: 401, body: { error: { code: 'unauthorized', message: 'key ik-SECRET revoked' } } },
      expect: /rejected the bot’s API key/,
    },
    { name: '402', failure: { status: 402, body: { code: 'insufficient_credits', message: 'Insufficient credits' } }, expect: /out of credit/ },
    { name: '400 content', failure: { status: 400, body: { message: 'Prompt blocked by content safety' } }, expect: /content policy/ },
    { name: 'dropped connection', failure: 'drop-after-accept', expect: /could not reach the video provider/ },
  ];
  for (const c of cases) {
    it(`reports ${c.name} in plain words and never submits twice`, async () => {
      const text = `imini submit error ${c.name}`;
      fake.failNextRequests(c.failure);
      sendVideo(world, [prompt(text)]);
      const patch = await statusShows(text, /❌ Failed: /);
      expect(JSON.stringify(patch.body)).toMatch(c.expect);
      expect(JSON.stringify(patch.body)).not.toMatch(/SECRET|insufficient_credits/);
      expect(createsFor(text)).toHaveLength(1);
      expect(tasksFor(text)).toHaveLength(c.failure === 'drop-after-accept' ? 1 : 0); // created but unanswered: not resubmitted
    });
  }

  it('retries 429 and creates exactly one task', async () => {
    const text = 'imini busy then fine';
    fake.failNextRequests([{ status: 429, body: { message: 'rate quota exceeded' } }, { status: 429 }]);
    sendVideo(world, [prompt(text)]);
    await statusShows(text, /Queued|Generating/);
    await settle(200);
    expect(createsFor(text)).toHaveLength(3);
    expect(tasksFor(text)).toHaveLength(1);
    expect(world.logs.filter((l) => l.msg === 'provider call failed; retrying' && l.kind === 'rate_limit').length).toBeGreaterThanOrEqual(2);
  });
});

describe('imini: restart', () => {
  it('finds a task that finished while the bot was down and posts it once', async () => {
    const text = 'imini finishes while the bot is down';
    sendVideo(world, [prompt(text)]);
    const task = await created(text);
    await statusShows(text, /Queued/);
    await bot.stop();
    const url = String(fake.succeed(task.taskId).videos?.[0]?.url);
    bot = await startBotIn(world);
    await resultWith(url);
    await settle(1000);
    expect(world.discord.channelMessages(IDS.channel).filter((m) => textOf(m).includes(url))).toHaveLength(1);
    expect(tasksFor(text)).toHaveLength(1);
  });
});

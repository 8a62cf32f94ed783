import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start.ts';
import { IDS, startBotIn, startWorld, type World } from '../support/bot-harness.ts';
import { makePng } from '../support/images.ts';
import { FakeKling, type KlingCreate } from '../support/kling/index.ts';
import { waitUntil } from '../support/ports.ts';
import { ATTACHMENT, INTEGER, delivered, outcomeMessages, prompt, sendVideo, settle, statusMessage, textOf } from './helpers.ts';

let kling: FakeKling;
let world: World;
let bot: RunningBot;

beforeAll(async () => {
  kling = await FakeKling.start({ accessKey: 'ak', secretKey: 'sk' });
  // Runware unset (empty = unset): Kling AI is the only provider, results come by callback.
  world = await startWorld({ env: { RUNWARE_API_KEY: '', KLING_ACCESS_KEY: 'ak', KLING_SECRET_KEY: 'sk', KLING_API_URL: kling.url } });
  bot = await startBotIn(world);
});
afterAll(async () => {
  await bot?.stop();
  await world?.close();
  await kling?.close();
});

const createFor = (text: string): Promise<KlingCreate> => kling.waitForCreate((c) => c.body.prompt === text);
const createsFor = (text: string) => kling.createRequests().filter((c) => c.body.prompt === text);
const statusShows = (text: string, words: RegExp) =>
  world.discord.waitForRest((c) => c.method === 'PATCH' && JSON.stringify(c.body).includes(text) && words.test(JSON.stringify(c.body)));
const messageWith = (needle: string) => world.discord.waitForMessage(IDS.channel, (m) => / your video /.test(textOf(m)) && textOf(m).includes(needle));

describe('Kling AI: /video end to end over callbacks', () => {
  it('submits the exact text2video body with a JWT, shows progress from callbacks, and posts the video with its cost', async () => {
    const text = 'kling text video of a misty valley';
    const { id } = sendVideo(world, [prompt(text)]);
    const create = await createFor(text);
    const taskId = String(create.body.external_task_id);
    expect(create.endpoint).toBe('text2video');
    expect(create.body).toEqual({
      model_name: 'kling-v3',
      mode: 'std',
      prompt: text,
      aspect_ratio: '16:9',
      duration: '5',
      sound: 'off',
      callback_url: `${world.env.PUBLIC_URL}/webhooks/kling/${taskId}?token=${String((await bot.tasks.get(taskId))?.webhookToken)}`,
      external_task_id: taskId,
    });
    expect(String(create.body.callback_url)).toMatch(/\?token=[\w-]{20,}$/);
    const record = kling.requests.find((r) => r.method === 'POST' && (r.body as { prompt?: string }).prompt === text);
    expect(record?.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(record?.jwt?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(record?.jwt?.claims).toMatchObject({ iss: 'ak' });
    const claims = record?.jwt?.claims as { exp: number; nbf: number };
    expect(claims.exp - claims.nbf).toBe(1805);

    const status = await statusMessage(world, id);
    expect(status.content).toContain('Kling 3.0 Standard (720p)');
    expect(status.content).toContain('Estimated cost ≈ $0.42');
    await statusShows(text, /Queued/);

    expect(await kling.progress(taskId)).toEqual([200]);
    await statusShows(text, /Generating/);

    expect(await kling.succeed(taskId, { units: 3 })).toEqual([200]);
    const url = String(kling.task(taskId).videos[0]?.url);
    const result = await messageWith(url);
    expect(textOf(result)).toMatch(new RegExp(`^<@${IDS.alice}> your video is ready`));
    expect(textOf(result)).toContain('cost $0.42');
    expect(textOf(result)).not.toContain('(estimate)');
    expect(textOf(result)).toContain('Kling AI');
    expect((await bot.tasks.get(taskId))?.cost).toEqual({ usd: 0.42, units: 3, estimated: false });
    await statusShows(text, /✅ Done/);
  });

  it('sends a first frame to image2video as raw base64, without an aspect ratio', async () => {
    const text = 'kling frame video of a funfair';
    const png = makePng(1280, 720);
    const url = world.discord.hostFile('dawn.png', png, 'image/png');
    sendVideo(world, [prompt(text), { name: 'first_frame', type: ATTACHMENT }, { name: 'duration', type: INTEGER, value: 10 }], {
      attachments: { first_frame: { filename: 'dawn.png', contentType: 'image/png', size: png.length, width: 1280, height: 720, url } },
    });
    const create = await createFor(text);
    expect(create.endpoint).toBe('image2video');
    const { image, ...rest } = create.body;
    expect(image === png.toString('base64')).toBe(true);
    expect(rest).toEqual({
      model_name: 'kling-v3',
      mode: 'std',
      prompt: text,
      duration: '10',
      sound: 'off',
      callback_url: expect.stringContaining('/webhooks/kling/') as unknown,
      external_task_id: expect.any(String) as unknown,
    });
    await kling.succeed(String(create.body.external_task_id));
    const result = await messageWith(String(kling.task(String(create.body.external_task_id)).videos[0]?.url));
    expect(textOf(result)).toContain('cost $0.84'); // 0.6 units/s × 10 s × $0.14
  });

  it('tells the requester in plain words when Kling’s safety check fails the task', async () => {
    const text = 'kling task refused by safety';
    sendVideo(world, [prompt(text)]);
    const create = await createFor(text);
    await kling.progress(String(create.body.external_task_id));
    await kling.fail(String(create.body.external_task_id), 'Failure to pass the risk control system (id 98765)');
    const message = await messageWith(text);
    expect(message.content).toMatch(/your video could not be made: The provider refused this request under its content policy/);
    expect(message.content).not.toContain('98765');
  });

  const submitErrors = [
    { code: 1000, status: 401, message: 'Authentication failed SECRET-1', expect: /rejected the bot’s API key/ },
    { code: 1102, status: 429, message: 'Resource pack depleted SECRET-2', expect: /out of credit/ },
    { code: 1301, status: 400, message: 'content security policy SECRET-3', expect: /content policy/ },
    { code: 1201, status: 400, message: 'duration value is illegal SECRET-4', expect: /rejected the `duration` setting/ },
  ];
  for (const c of submitErrors) {
    it(`reports code ${String(c.code)} on submit in plain words without retrying`, async () => {
      const text = `kling submit error ${String(c.code)}`;
      kling.failNextRequests([{ status: c.status, body: { code: c.code, message: c.message, request_id: 'r' } }]);
      const { id } = sendVideo(world, [prompt(text)]);
      await statusShows(text, /❌ Failed: /);
      await settle(100);
      const status = await statusMessage(world, id);
      expect(status.content).toMatch(c.expect);
      expect(status.content).not.toContain('SECRET');
      expect(createsFor(text)).toHaveLength(1);
      const log = world.logs.find((l) => l.msg === 'submit failed' && String(l.detail).includes(`code ${String(c.code)}`));
      expect(log?.taskId).toBeTruthy();
      expect(String(log?.detail)).toContain(c.message);
    });
  }

  it('retries a 1303 (concurrency over the resource pack) and creates exactly one task', async () => {
    const text = 'kling busy then fine';
    kling.failNextRequests([{ status: 429, body: { code: 1303, message: 'parallel task over resource pack limit' } }]);
    sendVideo(world, [prompt(text)]);
    await statusShows(text, /Queued/);
    expect(createsFor(text)).toHaveLength(2);
    const external = String(createsFor(text)[0]?.body.external_task_id);
    expect(createsFor(text)[1]?.body.external_task_id).toBe(external);
    expect([...kling.tasks.values()].filter((t) => t.externalTaskId === external)).toHaveLength(1);
    expect(world.logs.some((l) => l.msg === 'provider call failed; retrying' && l.taskId === external && l.kind === 'rate_limit')).toBe(true);
  });

  it('refuses more than one variant before calling Kling, naming `variants`', async () => {
    const text = 'kling two variants please';
    const before = kling.requests.length;
    const { id } = sendVideo(world, [prompt(text), { name: 'variants', type: INTEGER, value: 2 }]);
    // An ephemeral reply, either at once or as a follow-up after the acknowledgement.
    const refusal = () => {
      const responses = world.discord.interactionResponses(id);
      const callback = responses.callback;
      if (callback?.type === 4) return { flags: callback.data?.flags, content: callback.data?.content };
      return responses.followUps[0];
    };
    await waitUntil(() => refusal() !== undefined, 'the refusal');
    expect(refusal()?.flags).toBe(64);
    expect(String(refusal()?.content)).toMatch(/`variants`.*Kling AI makes at most 1 variant/);
    await settle(100);
    expect(kling.requests.length).toBe(before);
  });

  it('the fake verifies the JWT: a token signed with another secret is refused with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('ak')
      .setExpirationTime(now + 1800)
      .setNotBefore(now - 5)
      .sign(new TextEncoder().encode('not-sk'));
    const response = await fetch(`${kling.url}/v1/videos/text2video/x`, { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 1002 });
    expect(kling.requests.filter((r) => r.jwt === undefined).every((r) => r.headers.authorization === `Bearer ${forged}`)).toBe(true);
  });

  it('after a restart polls a task whose callback was lost and posts its result exactly once', async () => {
    const text = 'kling survives a restart';
    sendVideo(world, [prompt(text)]);
    const create = await createFor(text);
    const taskId = String(create.body.external_task_id);
    await statusShows(text, /Queued/);
    await bot.stop();

    expect(await kling.succeed(taskId, { units: '3' })).toEqual(['network-error']);
    bot = await startBotIn(world);
    const url = String(kling.task(taskId).videos[0]?.url);
    const result = await messageWith(url);
    expect(textOf(result)).toContain('cost $0.42');
    // Found by the poll round: in the text2video task list, or by a single query.
    const asked = (path: string) => kling.requests.some((r) => r.method === 'GET' && r.path === path);
    expect(asked('/v1/videos/text2video') || asked(`/v1/videos/text2video/${taskId}`)).toBe(true);
    await waitUntil(async () => (await bot.tasks.get(taskId))?.resultMessageId !== undefined, 'the result to be recorded');

    await bot.stop();
    bot = await startBotIn(world);
    await settle(500);
    expect(outcomeMessages(world).filter((m) => textOf(m).includes(url))).toHaveLength(1);
    expect(createsFor(text)).toHaveLength(1);
  });

  it('with KLING_WEBHOOK_SECRET refuses badly signed callbacks (401) and accepts signed new-design ones', async () => {
    const secret = `whsec_${Buffer.from('kling-webhook-secret-for-tests!!').toString('base64')}`;
    await bot.stop();
    bot = await startBotIn(world, { KLING_WEBHOOK_SECRET: secret });
    kling.setCallbackStyle('new');
    try {
      const text = 'kling signed callbacks';
      sendVideo(world, [prompt(text)]);
      const taskId = String((await createFor(text)).body.external_task_id);
      await statusShows(text, /Queued/);
      kling.signCallbacks({ secret, mode: 'wrong' });
      expect(await kling.progress(taskId)).toEqual([401]);
      kling.signCallbacks(null);
      expect(await kling.redeliver(kling.callbackDeliveries.length - 1)).toBe(401);
      kling.signCallbacks({ secret });
      expect(await kling.succeed(taskId, { units: 3 })).toEqual([200]);
      const lastCallback = kling.callbackDeliveries.at(-1);
      expect(lastCallback?.body).toMatchObject({ id: kling.task(taskId).taskId, status: 'succeeded', external_id: taskId });
      expect(lastCallback?.headers['webhook-signature']).toMatch(/^v1,/);
      const result = await messageWith(String(kling.task(taskId).videos[0]?.url));
      expect(textOf(result)).toContain('cost $0.42');
      expect(world.logs.some((l) => l.msg === 'refused webhook delivery that failed verification' && l.taskId === taskId)).toBe(true);
      // The post is recorded after it is visible; stopping the bot before that would cut it off.
      await delivered(world, taskId);
    } finally {
      kling.setCallbackStyle('legacy');
      kling.signCallbacks(null);
    }
  });
});

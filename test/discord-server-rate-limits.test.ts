// Proves FakeDiscord's switchable rate limits: Discord's 429 bodies and headers, interaction endpoints exempt
// from the global limit, and a real @discordjs/rest REST instance that waits (bucket headers) or recovers
// (Retry-After) as it does against Discord. Assertions are on counts, never on durations.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayIntentBits, REST, Routes } from 'discord.js';
import { FakeDiscord } from './support/discord/index.ts';
import { connectTestClient } from './support/discord/test-client.ts';
import type { TestClient } from './support/discord/test-client.ts';

const TOKEN = 'fake-bot-token';
const APP_ID = '140000000000000001';
const GUILD_ID = '240000000000000001';
const CHANNELS = ['340000000000000001', '340000000000000002', '340000000000000003'] as const;
const [CHANNEL_A, CHANNEL_B, CHANNEL_C] = CHANNELS;
const ALICE_ID = '440000000000000001';

let fake: FakeDiscord;
let tc: TestClient;

/** A plain HTTP request to the fake with the bot's token (no client-side rate limiting at all). */
async function raw(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${fake.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: `Bot ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

beforeAll(async () => {
  fake = await FakeDiscord.start({
    botToken: TOKEN,
    applicationId: APP_ID,
    guilds: [{ id: GUILD_ID, name: 'Busy', channels: CHANNELS.map((id, i) => ({ id, name: `c${i}` })), members: [{ id: ALICE_ID, username: 'alice' }] }],
    rateLimits: true,
  });
  tc = await connectTestClient(fake, TOKEN, { intents: [GatewayIntentBits.Guilds] });
});

beforeEach(() => {
  fake.rateLimits.configure(true);
  fake.rateLimits.resetStats();
});

afterEach(() => {
  expect(tc.errors).toEqual([]);
});

afterAll(async () => {
  await tc?.client.destroy();
  await fake?.close();
});

describe('FakeDiscord rate limits', () => {
  it('are off when switched off, and the counters still count', async () => {
    fake.rateLimits.configure(false);
    expect(fake.rateLimits.enabled).toBe(false);
    const answers = await Promise.all(Array.from({ length: 80 }, () => raw('GET', '/users/@me')));
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(fake.rateLimits.stats()).toEqual({
      requests: { globalLimited: 80, interactionEndpoints: 0 },
      tooManyRequests: { global: 0, perRoute: 0 },
      channels: {},
    });
  });

  it("answer the global limit with Discord's 429, and leave interaction endpoints alone", async () => {
    fake.rateLimits.configure({ globalPerSecond: 3 });
    for (let i = 0; i < 3; i += 1) expect((await raw('GET', '/users/@me')).status).toBe(200);
    const limited = await raw('GET', '/users/@me');
    expect(limited.status).toBe(429);
    const body = limited.body as { message: string; retry_after: number; global: boolean };
    expect({ message: body.message, global: body.global }).toEqual({ message: 'You are being rate limited.', global: true });
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.retry_after).toBeLessThanOrEqual(1);
    expect({
      retryAfter: limited.headers.get('retry-after'),
      global: limited.headers.get('x-ratelimit-global'),
      scope: limited.headers.get('x-ratelimit-scope'),
    }).toEqual({ retryAfter: '1', global: 'true', scope: 'global' });

    // Still over the global limit: the interaction callback and a follow-up go through.
    const { sent } = await tc.interactionFrom(() => fake.sendChatCommand({ guildId: GUILD_ID, channelId: CHANNEL_A, userId: ALICE_ID, name: 'video' }));
    expect((await raw('POST', `/interactions/${sent.id}/${sent.token}/callback`, { type: 5 })).status).toBe(204);
    expect((await raw('POST', `/webhooks/${APP_ID}/${sent.token}?wait=true`, { content: 'done' })).status).toBe(200);
    expect((await raw('GET', '/users/@me')).status).toBe(429);
    expect(fake.rateLimits.stats()).toMatchObject({ requests: { globalLimited: 5, interactionEndpoints: 2 }, tooManyRequests: { global: 2, perRoute: 0 } });
  });

  it('let 120 requests through a default REST instance at 50/s: REST paces itself, everything succeeds', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(TOKEN);
    const answers = await Promise.all(Array.from({ length: 120 }, () => rest.get(Routes.user('@me'))));
    expect(answers).toHaveLength(120);
    const stats = fake.rateLimits.stats();
    expect(stats.requests.globalLimited).toBe(120 + stats.tooManyRequests.global);
    // REST's own 50/s window and the fake's start together; a scheduling pause at a window start can shift
    // the fake's window by a request, hence at most one 429 per window boundary (two here), normally none.
    expect(stats.tooManyRequests.global).toBeLessThanOrEqual(2);
  });

  it('enforce the global limit on a REST instance that does not pace itself, which recovers from Retry-After', async () => {
    const rest = new REST({ api: fake.apiUrl, globalRequestsPerSecond: 100_000 }).setToken(TOKEN);
    const answers = await Promise.all(Array.from({ length: 120 }, () => rest.get(Routes.user('@me'))));
    expect(answers).toHaveLength(120);
    const { tooManyRequests, requests } = fake.rateLimits.stats();
    // 120 = 50 + 50 + 20: the 51st and the 101st are refused once each; REST then waits for the global reset.
    // Without Retry-After / X-RateLimit-Global it would retry at once and collect 429s until the window ended.
    expect(tooManyRequests.global).toBeGreaterThanOrEqual(1);
    expect(tooManyRequests.global).toBeLessThanOrEqual(2);
    expect(requests.globalLimited).toBe(120 + tooManyRequests.global);
  });

  it('send bucket headers on message creation, so REST waits instead of being refused', async () => {
    fake.rateLimits.configure({ channelMessages: { limit: 5, windowMs: 1000 } });
    const rest = new REST({ api: fake.apiUrl }).setToken(TOKEN);
    const posts = Array.from({ length: 12 }, (_, i) => rest.post(Routes.channelMessages(CHANNEL_B), { body: { content: `message ${i}` } }));
    expect(await Promise.all(posts)).toHaveLength(12);
    expect(fake.rateLimits.stats().channels[CHANNEL_B]).toEqual({ messageCreates: 12, tooManyRequests: 0 });
    expect(fake.channelMessages(CHANNEL_B)).toHaveLength(12);
    const answer = await raw('POST', `/channels/${CHANNEL_A}/messages`, { content: 'headers' });
    expect({
      limit: answer.headers.get('x-ratelimit-limit'),
      remaining: answer.headers.get('x-ratelimit-remaining'),
      bucket: answer.headers.get('x-ratelimit-bucket'),
    }).toEqual({ limit: '5', remaining: '4', bucket: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(Number(answer.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
  });

  it('answer a full channel bucket with a per-route 429, which REST waits out before it retries', async () => {
    fake.rateLimits.configure({ channelMessages: { limit: 5, windowMs: 2000 } });
    for (let i = 0; i < 5; i += 1) expect((await raw('POST', `/channels/${CHANNEL_C}/messages`, { content: `raw ${i}` })).status).toBe(200);
    const limited = await raw('POST', `/channels/${CHANNEL_C}/messages`, { content: 'one too many' });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ message: 'You are being rate limited.', global: false });
    expect({
      scope: limited.headers.get('x-ratelimit-scope'),
      remaining: limited.headers.get('x-ratelimit-remaining'),
      global: limited.headers.get('x-ratelimit-global'),
      retryAfter: Number(limited.headers.get('retry-after')),
    }).toEqual({ scope: 'user', remaining: '0', global: null, retryAfter: expect.any(Number) });
    // Other channels have buckets of their own.
    expect((await raw('POST', `/channels/${CHANNEL_A}/messages`, { content: 'elsewhere' })).status).toBe(200);

    const rest = new REST({ api: fake.apiUrl }).setToken(TOKEN);
    await rest.post(Routes.channelMessages(CHANNEL_C), { body: { content: 'from REST' } });
    expect(fake.rateLimits.stats().channels[CHANNEL_C]).toEqual({ messageCreates: 8, tooManyRequests: 2 });
    expect(fake.rateLimits.stats().tooManyRequests).toEqual({ global: 0, perRoute: 2 });
    expect(fake.channelMessages(CHANNEL_C).map((m) => m.content)).toContain('from REST');
  });
});

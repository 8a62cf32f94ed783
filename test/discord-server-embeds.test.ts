// Proves FakeDiscord refuses embeds over Discord's limits
// (https://discord.com/developers/docs/resources/message#embed-object-embed-limits) with 400 / 50035, as Discord does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './support/discord/index.ts';

const TOKEN = 'fake-bot-token';
const CHANNEL_ID = '340000000000000001';

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await FakeDiscord.start({
    botToken: TOKEN,
    applicationId: '140000000000000001',
    guilds: [{ id: '240000000000000001', name: 'Studio', channels: [{ id: CHANNEL_ID, name: 'videos' }], members: [] }],
  });
});
afterAll(async () => {
  await fake?.close();
});

async function post(embeds: unknown[]): Promise<{ status: number; body: { code?: number; errors?: unknown } }> {
  const response = await fetch(`${fake.apiUrl}/v10/channels/${CHANNEL_ID}/messages`, {
    method: 'POST',
    headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ embeds }),
  });
  return { status: response.status, body: (await response.json()) as { code?: number; errors?: unknown } };
}

const field = (value: string) => ({ name: 'f', value });

describe('FakeDiscord embed limits', () => {
  it('accepts an embed at the limits', async () => {
    const fields = [field('v'.repeat(1024)), field('w'.repeat(870))];
    const { status } = await post([{ title: 't'.repeat(256), description: 'd'.repeat(3840), fields }]);
    expect(status).toBe(200); // 256 + 3840 + 2 + 1024 + 870 = 5992 characters
  });

  it('refuses a description, field value or field count over its limit, naming it', async () => {
    const long = await post([{ description: 'd'.repeat(4097) }]);
    expect(long.status).toBe(400);
    expect(long.body.code).toBe(50035);
    expect(JSON.stringify(long.body.errors)).toContain('"description":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH"');
    const value = await post([{ fields: [field('ok'), field('v'.repeat(1025))] }]);
    expect(JSON.stringify(value.body.errors)).toContain('"fields.1.value"');
    const many = await post([{ fields: Array.from({ length: 26 }, () => field('x')) }]);
    expect(many.status).toBe(400);
  });

  it('refuses more than 6000 characters over all embeds together', async () => {
    const { status, body } = await post([{ description: 'd'.repeat(4000) }, { description: 'e'.repeat(2001) }]);
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toContain('MAX_EMBED_SIZE_EXCEEDED');
  });
});

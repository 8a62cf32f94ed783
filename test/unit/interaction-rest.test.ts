import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInteractionRest } from '../../src/discord/discord-client.ts';

// Discord exempts interaction-token routes from the bot's global limit
// (https://discord.com/developers/docs/interactions/receiving-and-responding#endpoints); the bot's
// REST instance for them must not hold them to @discordjs/rest's default 50 requests a second.
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}'));
});
let api = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the REST instance for interaction tokens', () => {
  it('sends more than 50 follow-ups at once without waiting on a client-side global limit', async () => {
    const rest = createInteractionRest(api);
    const globalWaits: unknown[] = [];
    rest.on('rateLimited', (info) => {
      if (info.global) globalWaits.push(info);
    });
    const posts = Array.from({ length: 120 }, (_, i) =>
      rest.post(Routes.webhook('100000000000000001', `token-${i}`), { body: { content: `result ${i}` }, auth: false }),
    );
    await Promise.all(posts);
    expect(globalWaits).toEqual([]);
  });
});

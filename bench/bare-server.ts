// Baseline: the least a webhook receiver can do. Parse the body, read the task once from a Keyv
// sqlite store, POST one result message to Discord with the bot token, answer 200. The POST goes
// either straight through an undici Pool, or through discord.js's REST client — the client the bot
// uses, with Discord's global budget of 50 requests a second enforced on the client side.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Keyv from 'keyv';
import { REST, Routes } from 'discord.js';
import { Pool } from 'undici';
import type { Task } from '../src/domain/task.ts';

export async function startBareServer(
  keyv: Keyv,
  discordApiUrl: string,
  botToken: string,
  via: 'undici' | 'discord.js' = 'undici',
): Promise<{ url: string; close: () => Promise<void> }> {
  const api = new URL(discordApiUrl);
  const discord = new Pool(api.origin);
  const rest = new REST({ api: discordApiUrl, makeRequest: fetch as unknown as NonNullable<ConstructorParameters<typeof REST>[0]>['makeRequest'] }).setToken(
    botToken,
  );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: Array<{ taskUUID: string; videoURL: string; cost?: number }> };
        const item = body.data[0];
        const task = item ? await keyv.get<Task>(`task:${item.taskUUID}`) : undefined;
        if (!item || !task) return void res.writeHead(404).end();
        const user = task.origin.userId;
        const message = {
          content: `<@${user}> your video is ready · ${task.request.model} · ${task.request.duration} s · cost $${item.cost ?? 0} via Runware\n${item.videoURL}\nReact 🔁 to run it again.`,
          allowed_mentions: { parse: [], users: [user], replied_user: false },
          nonce: task.id.replace(/-/g, '').slice(0, 25),
          enforce_nonce: true,
          ...(task.origin.statusMessageId ? { message_reference: { message_id: task.origin.statusMessageId, fail_if_not_exists: false } } : {}),
        };
        if (via === 'discord.js') {
          await rest.post(Routes.channelMessages(task.origin.channelId), { body: message });
          return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        }
        const posted = await discord.request({
          method: 'POST',
          path: `${api.pathname}/v10/channels/${task.origin.channelId}/messages`,
          headers: { authorization: `Bot ${botToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(message),
        });
        await posted.body.dump();
        res.writeHead(posted.statusCode < 300 ? 200 : 502, { 'content-type': 'application/json' }).end('{"ok":true}');
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await discord.close();
    },
  };
}

// The baseline receiver, run as its own process (node bench/lib/bare-receiver.ts): the least a webhook
// receiver can do. Parse Runware's body, read the task from the store once, post one result message
// through discord.js REST, answer 200. BARE_VIA=token posts it as a follow-up through the task's
// interaction token (the route the bot uses while the token is valid, exempt from the global limit);
// BARE_VIA=channel posts it in the channel with the bot token (what the pre-rework bench did).
import { createServer } from 'node:http';
import { Routes } from 'discord.js';
import { createInteractionRest } from '../../src/discord/discord-client.ts';
import { resultButtons } from '../../src/discord/result-buttons.ts';
import { openDatabase } from '../../src/store/database.ts';
import { SqlTaskRepository } from '../../src/store/sql-task-repository.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const via = process.env.BARE_VIA === 'channel' ? 'channel' : 'token';
const database = openDatabase(env('STORE_URL'));
const tasks = new SqlTaskRepository(database.db, database.dialect);
const rest = createInteractionRest(env('DISCORD_API_URL'));
if (via === 'channel') rest.setToken(env('DISCORD_TOKEN'));

interface RunwareBody {
  data?: Array<{ taskUUID?: string; videoURL?: string; cost?: number }>;
}

async function receive(raw: string): Promise<number> {
  const item = (JSON.parse(raw) as RunwareBody).data?.[0];
  const task = item?.taskUUID ? await tasks.get(item.taskUUID) : undefined;
  if (!item || !task) return 404;
  const user = task.origin.userId;
  const body = {
    content: `<@${user}> your video is ready · ${task.request.model} · ${task.request.duration} s · $${item.cost ?? 0} via Runware\n${item.videoURL ?? ''}`,
    allowed_mentions: { parse: [], users: [user] },
    components: resultButtons(task.id),
  };
  const interaction = task.origin.interaction;
  if (via === 'token' && interaction) {
    await rest.post(Routes.webhook(interaction.applicationId, interaction.token), { body, auth: false, query: new URLSearchParams({ wait: 'true' }) });
  } else {
    const reference = task.origin.statusMessageId ? { message_reference: { message_id: task.origin.statusMessageId, fail_if_not_exists: false } } : {};
    await rest.post(Routes.channelMessages(task.origin.channelId), { body: { ...body, ...reference } });
  }
  return 200;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    receive(Buffer.concat(chunks).toString('utf8')).then(
      (status) => res.writeHead(status, { 'content-type': 'application/json' }).end('{}'),
      () => res.writeHead(500).end(),
    );
  });
});
server.listen(Number(env('PORT')), '127.0.0.1', () => console.log(JSON.stringify({ level: 30, msg: `ready: bare receiver posting via ${via}` })));
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void database.close().then(() => process.exit(0));
});

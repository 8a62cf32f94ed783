// Proves FakeDiscord (test/support/discord) is good enough for an unmodified discord.js Client.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChannelType, Client, DiscordAPIError, EmbedBuilder, Events, GatewayIntentBits, MessageType, Partials, REST, Routes } from 'discord.js';
import type { TextChannel } from 'discord.js';
import { FakeDiscord, GatewayProbe } from './support/discord/index.ts';
import { connectTestClient, type TestClient } from './support/discord/test-client.ts';

const TOKEN = 'fake-bot-token';
const APP_ID = '100000000000000001';
const GUILD_ID = '200000000000000001';
const CHANNEL_ID = '300000000000000001';
const USER_ID = '400000000000000001';
const BOT_ID = '100000000000000002';

let fake: FakeDiscord;
let client: Client;
let clientErrors: unknown[] = [];
let nextEvent: TestClient['nextEvent'];

function textChannel(): TextChannel {
  const channel = client.channels.cache.get(CHANNEL_ID);
  if (channel?.type !== ChannelType.GuildText) throw new Error('guild text channel is not cached');
  return channel;
}

beforeAll(async () => {
  fake = await FakeDiscord.start({
    botToken: TOKEN,
    applicationId: APP_ID,
    botUser: { id: BOT_ID, username: 'video-bot', bot: true },
    guilds: [{ id: GUILD_ID, name: 'Test Guild', channels: [{ id: CHANNEL_ID, name: 'general' }], members: [{ id: USER_ID, username: 'alice' }] }],
  });
  const connected = await connectTestClient(fake, TOKEN, {
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.GuildMessageReactions,
      GatewayIntentBits.DirectMessages,
      GatewayIntentBits.DirectMessageReactions,
    ],
    partials: [Partials.Message, Partials.Reaction, Partials.Channel, Partials.User],
  });
  ({ client, nextEvent, errors: clientErrors } = connected);
});

afterEach(() => {
  expect(clientErrors).toEqual([]);
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('FakeDiscord with a real discord.js Client', () => {
  it('logs in: ready with the bot user, guild and channel cached', async () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(BOT_ID);
    expect(client.application?.id).toBe(APP_ID);
    expect(client.guilds.cache.get(GUILD_ID)?.name).toBe('Test Guild');
    expect(textChannel().name).toBe('general');
    expect(fake.connectedSessions).toBe(1);
    await fake.waitForIdentify(1000);
    expect(fake.restCalls.some((c) => c.method === 'GET' && c.path === '/gateway/bot' && c.status === 200)).toBe(true);
  });

  it('delivers a chat command with an attachment and records replies, channel posts and reactions', async () => {
    const imageBytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const imageUrl = fake.hostFile('cat.png', imageBytes, 'image/png');
    const arrived = nextEvent(Events.InteractionCreate);
    const sent = fake.sendChatCommand({
      guildId: GUILD_ID,
      channelId: CHANNEL_ID,
      userId: USER_ID,
      name: 'video',
      options: [{ name: 'prompt', type: 3, value: 'a cat surfing' }],
      attachments: { image: { filename: 'cat.png', contentType: 'image/png', size: 7, width: 640, height: 480, url: imageUrl } },
    });
    const [interaction] = await arrived;
    if (!interaction.isChatInputCommand()) throw new Error(`expected a chat input command, got type ${interaction.type}`);
    expect(interaction.id).toBe(sent.id);
    expect(interaction.commandName).toBe('video');
    expect(interaction.channelId).toBe(CHANNEL_ID);
    expect(interaction.user.id).toBe(USER_ID);
    expect(interaction.options.getString('prompt', true)).toBe('a cat surfing');
    const attachment = interaction.options.getAttachment('image', true);
    expect({ url: attachment.url, size: attachment.size, contentType: attachment.contentType, width: attachment.width, height: attachment.height }).toEqual({
      url: imageUrl,
      size: 7,
      contentType: 'image/png',
      width: 640,
      height: 480,
    });
    const download = await fetch(attachment.url);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(imageBytes);

    await interaction.deferReply();
    await interaction.editReply('x');
    const responses = fake.interactionResponses(sent.id);
    expect(responses.callback?.type).toBe(5);
    expect(responses.original?.content).toBe('x');
    expect(responses.original?.edited).toBe(true);
    await fake.waitForRest((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP_ID}/${sent.token}/messages/@original`, 1000);
    const originalId = responses.original?.id ?? '';

    const post = await textChannel().send({
      content: 'done',
      embeds: [new EmbedBuilder().setTitle('Result').setDescription('your video')],
      allowedMentions: { users: [USER_ID] },
      reply: { messageReference: originalId },
    });
    expect(post.type).toBe(MessageType.Reply);
    expect(post.reference?.messageId).toBe(originalId);
    const stored = await fake.waitForMessage(CHANNEL_ID, (m) => m.id === post.id, 1000);
    expect(stored.content).toBe('done');
    expect(stored.embeds).toMatchObject([{ title: 'Result', description: 'your video' }]);
    expect(stored.allowed_mentions).toEqual({ users: [USER_ID] });
    expect(stored.message_reference?.message_id).toBe(originalId);
    expect(stored.author.id).toBe(BOT_ID);

    await post.react('🔁');
    expect(stored.reactions).toEqual(['🔁']);
    await fake.waitForRest((c) => c.method === 'PUT' && c.path === `/channels/${CHANNEL_ID}/messages/${post.id}/reactions/🔁/@me` && c.status === 204, 1000);
  });

  it('delivers a reaction on a message the client never cached as a partial', async () => {
    const uncachedId = '500000000000000001';
    const arrived = nextEvent(Events.MessageReactionAdd, (_reaction, user) => user.id === USER_ID);
    expect(fake.sendReaction({ guildId: GUILD_ID, channelId: CHANNEL_ID, messageId: uncachedId, userId: USER_ID, emoji: '🔁' })).toBe(1);
    const [reaction, user] = await arrived;
    expect(reaction.message.partial).toBe(true);
    expect(reaction.message.id).toBe(uncachedId);
    expect(reaction.emoji.name).toBe('🔁');
    expect(user.id).toBe(USER_ID);
  });

  it('fails channel sends with injected 403 and sends DMs', async () => {
    fake.setChannelFailure(CHANNEL_ID, 'forbidden');
    const failure: unknown = await textChannel()
      .send('hello')
      .then(
        () => 'sent',
        (error: unknown) => error,
      );
    fake.setChannelFailure(CHANNEL_ID, null);
    expect(failure).toBeInstanceOf(DiscordAPIError);
    expect((failure as DiscordAPIError).code).toBe(50013);
    expect((failure as DiscordAPIError).status).toBe(403);

    const user = await client.users.fetch(USER_ID);
    const dm = await user.send('your video is ready');
    expect(dm.channel.type).toBe(ChannelType.DM);
    expect(fake.dmMessages(USER_ID).map((m) => m.content)).toEqual(['your video is ready']);
    expect(fake.dmChannelId(USER_ID)).toBe(dm.channelId);

    const dmReaction = nextEvent(Events.MessageReactionAdd, (reaction, reactor) => reactor.id === USER_ID && reaction.message.channelId === dm.channelId);
    expect(fake.sendReaction({ channelId: dm.channelId, messageId: dm.id, userId: USER_ID, emoji: '👍' })).toBe(1);
    const [reaction] = await dmReaction;
    expect(reaction.emoji.name).toBe('👍');
  });

  it('stores commands registered through a separate REST instance and rejects bad tokens', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(TOKEN);
    const body = [{ name: 'video', description: 'Make a video', options: [{ name: 'prompt', description: 'What to film', type: 3, required: true }] }];
    const answer = (await rest.put(Routes.applicationGuildCommands(APP_ID, GUILD_ID), { body })) as Array<{ id: string; name: string }>;
    expect(answer).toHaveLength(1);
    expect(answer[0]?.id).toMatch(/^\d+$/);
    expect(fake.registeredCommands.get(GUILD_ID)).toMatchObject([{ name: 'video', description: 'Make a video', guild_id: GUILD_ID }]);

    const unknownRoute: unknown = await rest.get('/definitely/not/a/route').then(
      () => 'ok',
      (error: unknown) => error,
    );
    expect((unknownRoute as DiscordAPIError).status).toBe(404);
    const badToken: unknown = await new REST({ api: fake.apiUrl })
      .setToken('wrong')
      .put(Routes.applicationCommands(APP_ID), { body })
      .then(
        () => 'ok',
        (error: unknown) => error,
      );
    expect((badToken as DiscordAPIError).status).toBe(401);
    expect(fake.registeredCommands.has('global')).toBe(false);
  });

  it('drops events a session did not ask for and rejects a bad gateway token', async () => {
    const probe = await GatewayProbe.identify(fake.wsUrl, TOKEN, GatewayIntentBits.Guilds);
    try {
      const guildCreate = (await probe.next('GUILD_CREATE')).d as { members: Array<{ user: { id: string } }> };
      // Without the privileged GuildMembers intent only the bot's own member is sent.
      expect(guildCreate.members.map((m) => m.user.id)).toEqual([BOT_ID]);
      await fake.waitForIdentify(1000);
      expect(fake.connectedSessions).toBe(2);
      const seenByClient = nextEvent(Events.MessageReactionAdd, (_reaction, user) => user.id === USER_ID);
      expect(fake.sendReaction({ channelId: CHANNEL_ID, messageId: '500000000000000002', userId: USER_ID, emoji: '🔁' })).toBe(1);
      await seenByClient;
      expect(probe.dispatches.map((d) => d.t)).toEqual(['READY', 'GUILD_CREATE']);
    } finally {
      probe.close();
    }
    const intruder = await GatewayProbe.identify(fake.wsUrl, 'wrong-token', GatewayIntentBits.Guilds);
    expect(await intruder.closed).toBe(4004);
  });
});

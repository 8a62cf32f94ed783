// Proves FakeDiscord's upload limits, interaction token expiry, follow-ups in the channel and message history
// against a real discord.js Client.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentBuilder, ChannelType, DiscordAPIError, GatewayIntentBits, MessageFlags, MessageType, Routes } from 'discord.js';
import type { Client, TextChannel } from 'discord.js';
import { FakeDiscord } from './support/discord/index.ts';
import type { StoredMessage } from './support/discord/index.ts';
import { connectTestClient } from './support/discord/test-client.ts';
import type { TestClient } from './support/discord/test-client.ts';

const TOKEN = 'fake-bot-token';
const APP_ID = '130000000000000001';
const GUILD_ID = '230000000000000001';
const SMALL_GUILD_ID = '230000000000000002';
const CHANNEL_ID = '330000000000000001';
const HISTORY_CHANNEL_ID = '330000000000000002';
const SMALL_CHANNEL_ID = '330000000000000003';
const BOT_ID = '130000000000000002';
const ALICE_ID = '430000000000000001';
const SMALL_LIMIT = 1024;

let fake: FakeDiscord;
let client: Client;
let tc: TestClient;

function textChannel(id: string): TextChannel {
  const channel = client.channels.cache.get(id);
  if (channel?.type !== ChannelType.GuildText) throw new Error(`guild text channel ${id} is not cached`);
  return channel;
}

/** Resolves with the DiscordAPIError a call failed with (or fails the test when it succeeded). */
async function apiError(call: Promise<unknown>): Promise<DiscordAPIError> {
  const outcome: unknown = await call.then(
    () => 'succeeded',
    (error: unknown) => error,
  );
  if (!(outcome instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(outcome)}`);
  return outcome;
}

function file(bytes: number, name = 'clip.mp4'): AttachmentBuilder {
  return new AttachmentBuilder(Buffer.alloc(bytes, 7), { name });
}

beforeAll(async () => {
  fake = await FakeDiscord.start({
    botToken: TOKEN,
    applicationId: APP_ID,
    botUser: { id: BOT_ID, username: 'video-bot', bot: true },
    guilds: [
      {
        id: GUILD_ID,
        name: 'Studio',
        channels: [
          { id: CHANNEL_ID, name: 'videos' },
          { id: HISTORY_CHANNEL_ID, name: 'history' },
        ],
        members: [{ id: ALICE_ID, username: 'alice' }],
      },
      {
        id: SMALL_GUILD_ID,
        name: 'Tiny uploads',
        channels: [{ id: SMALL_CHANNEL_ID, name: 'tiny' }],
        members: [{ id: ALICE_ID, username: 'alice' }],
        attachmentSizeLimit: SMALL_LIMIT,
      },
    ],
  });
  tc = await connectTestClient(fake, TOKEN, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
  client = tc.client;
});

afterEach(() => {
  expect(tc.errors).toEqual([]);
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('FakeDiscord upload limits', () => {
  it("reports each guild's attachment_size_limit and refuses bigger files with 413 / 40005 on every route", async () => {
    const big = await tc.interactionFrom(() => fake.sendChatCommand({ guildId: GUILD_ID, channelId: CHANNEL_ID, userId: ALICE_ID, name: 'video' }));
    expect(big.interaction.attachmentSizeLimit).toBe(10_485_760);
    const { interaction } = await tc.interactionFrom(() =>
      fake.sendChatCommand({ guildId: SMALL_GUILD_ID, channelId: SMALL_CHANNEL_ID, userId: ALICE_ID, name: 'video' }),
    );
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat command');
    expect(interaction.attachmentSizeLimit).toBe(SMALL_LIMIT);

    const refused = await apiError(textChannel(SMALL_CHANNEL_ID).send({ files: [file(SMALL_LIMIT + 1)] }));
    expect({ status: refused.status, code: refused.code, message: refused.message }).toEqual({ status: 413, code: 40005, message: 'Request entity too large' });
    // The limit is per file: two files at the limit pass.
    const ok = await textChannel(SMALL_CHANNEL_ID).send({ files: [file(SMALL_LIMIT, 'a.mp4'), file(SMALL_LIMIT, 'b.mp4')] });
    expect(ok.attachments.map((a) => a.size)).toEqual([SMALL_LIMIT, SMALL_LIMIT]);
    expect((await apiError(ok.edit({ files: [file(SMALL_LIMIT + 1)] }))).code).toBe(40005);

    expect((await apiError(interaction.reply({ content: 'x', files: [file(SMALL_LIMIT + 1)] }))).code).toBe(40005);
    await interaction.deferReply();
    expect((await apiError(interaction.editReply({ files: [file(SMALL_LIMIT + 1)] }))).code).toBe(40005);
    await interaction.editReply('queued');
    expect((await apiError(interaction.followUp({ files: [file(SMALL_LIMIT + 1)] }))).status).toBe(413);
    const fine = await interaction.followUp({ files: [file(SMALL_LIMIT)] });
    expect(fine.attachments.first()?.size).toBe(SMALL_LIMIT);
  });
});

describe('FakeDiscord interaction tokens and follow-ups', () => {
  it('stores follow-ups in the channel, replying to the original response, until the token expires', async () => {
    const { sent, interaction } = await tc.interactionFrom(() =>
      fake.sendChatCommand({ guildId: GUILD_ID, channelId: CHANNEL_ID, userId: ALICE_ID, name: 'video' }),
    );
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat command');
    await interaction.deferReply();
    // Right after a deferred reply, a follow-up fills the loading message instead (Discord's documented compatibility behaviour).
    const first = await interaction.followUp({ content: 'queued', flags: MessageFlags.Ephemeral });
    const record = fake.interactionResponses(sent.id);
    expect({ id: first.id, followUps: record.followUps.length, flags: first.flags.has(MessageFlags.Ephemeral) }).toEqual({
      id: record.original?.id,
      followUps: 0,
      flags: false,
    });

    const result = await interaction.followUp({ content: 'Done', files: [file(2048)] });
    expect(result.type).toBe(MessageType.Reply);
    expect(result.reference?.messageId).toBe(first.id);
    expect(result.webhookId).toBe(APP_ID);
    expect(result.interactionMetadata).toMatchObject({ id: sent.id, originalResponseMessageId: first.id, user: { id: ALICE_ID } });
    const secret = await interaction.followUp({ content: 'only you', flags: MessageFlags.Ephemeral });
    const inChannel = fake.channelMessages(CHANNEL_ID).map((m) => m.id);
    expect(inChannel).toEqual(expect.arrayContaining([first.id, result.id]));
    expect(inChannel).not.toContain(secret.id);
    expect(fake.channelMessages(CHANNEL_ID).find((m) => m.id === result.id)).toMatchObject({ interaction_id: sent.id, files: [{ name: 'clip.mp4' }] });

    const edited = await interaction.editReply({ content: 'edited', message: result.id });
    expect(edited.content).toBe('edited');
    expect((await interaction.fetchReply(result.id)).content).toBe('edited');

    fake.expireInteractionToken(sent.id);
    for (const call of [
      () => interaction.followUp('late'),
      () => interaction.editReply('late'),
      () => interaction.fetchReply(),
      () => interaction.fetchReply(result.id),
      () => interaction.deleteReply(result.id),
    ]) {
      const error = await apiError(call());
      expect({ status: error.status, code: error.code, message: error.message }).toEqual({ status: 401, code: 50027, message: 'Invalid Webhook Token' });
    }
    // The bot's token is untouched by a 401 on a webhook route: channel posts still work.
    await textChannel(CHANNEL_ID).send('posted to the channel instead');
  });

  it('expires tokens after interactionTokenLifetimeMs (0 here: at once), callback included', async () => {
    const quick = await FakeDiscord.start({
      botToken: TOKEN,
      applicationId: APP_ID,
      guilds: [{ id: GUILD_ID, name: 'Studio', channels: [{ id: CHANNEL_ID, name: 'videos' }], members: [{ id: ALICE_ID, username: 'alice' }] }],
      interactionTokenLifetimeMs: 0,
    });
    const quickClient = await connectTestClient(quick, TOKEN, { intents: [GatewayIntentBits.Guilds] });
    try {
      const { sent, interaction } = await quickClient.interactionFrom(() =>
        quick.sendChatCommand({ guildId: GUILD_ID, channelId: CHANNEL_ID, userId: ALICE_ID, name: 'video' }),
      );
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat command');
      expect((await apiError(interaction.deferReply())).code).toBe(10062);
      const followUp = quickClient.client.rest.post(Routes.webhook(APP_ID, sent.token), { body: { content: 'x' }, auth: false });
      expect((await apiError(followUp)).code).toBe(50027);
      expect(quickClient.errors).toEqual([]);
    } finally {
      await quickClient.client.destroy();
      await quick.close();
    }
  });
});

describe('FakeDiscord channel history', () => {
  let posted: string[];
  let seeded: StoredMessage;

  beforeAll(async () => {
    const channel = textChannel(HISTORY_CHANNEL_ID);
    posted = [];
    for (const n of [1, 2, 3]) posted.push((await channel.send(`bot ${n}`)).id);
    seeded = fake.storeMessage({ channelId: HISTORY_CHANNEL_ID, authorId: ALICE_ID, content: 'make it rain' });
    for (const n of [4, 5]) posted.push((await channel.send({ content: `bot ${n}`, embeds: [{ title: `result ${n}` }] })).id);
  });

  const history = (query: Record<string, string>): Promise<Array<{ id: string; content: string; author: { id: string } }>> =>
    client.rest.get(Routes.channelMessages(HISTORY_CHANNEL_ID), { query: new URLSearchParams(query) }) as Promise<
      Array<{ id: string; content: string; author: { id: string } }>
    >;

  it('answers GET /channels/{id}/messages newest first with limit, before and after', async () => {
    const all = await history({});
    expect(all.map((m) => m.content)).toEqual(['bot 5', 'bot 4', 'make it rain', 'bot 3', 'bot 2', 'bot 1']);
    expect(all.map((m) => m.author.id)).toEqual([BOT_ID, BOT_ID, ALICE_ID, BOT_ID, BOT_ID, BOT_ID]);
    expect((await history({ limit: '2' })).map((m) => m.content)).toEqual(['bot 5', 'bot 4']);
    expect((await history({ before: seeded.id, limit: '2' })).map((m) => m.content)).toEqual(['bot 3', 'bot 2']);
    // `after` gives the messages right after the anchor, still newest first.
    expect((await history({ after: posted[0] ?? '', limit: '2' })).map((m) => m.content)).toEqual(['bot 3', 'bot 2']);
    expect((await history({ after: seeded.id })).map((m) => m.content)).toEqual(['bot 5', 'bot 4']);
    expect((await apiError(history({ limit: '101' }))).code).toBe(50035);
    expect((await apiError(history({ before: seeded.id, after: seeded.id }))).code).toBe(50035);
  });

  it('is what discord.js messages.fetch reads, with embeds and without deleted messages', async () => {
    const channel = textChannel(HISTORY_CHANNEL_ID);
    await channel.messages.delete(posted[1] ?? '');
    const fetched = await channel.messages.fetch({ limit: 10, cache: false });
    expect([...fetched.values()].map((m) => m.content)).toEqual(['bot 5', 'bot 4', 'make it rain', 'bot 3', 'bot 1']);
    expect(fetched.get(posted[4] ?? '')?.embeds[0]?.title).toBe('result 5');
    expect(fetched.get(seeded.id)?.author.id).toBe(ALICE_ID);
  });
});

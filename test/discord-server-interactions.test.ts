// Proves FakeDiscord's autocomplete, message context-menu, modal and member-permission support against a real discord.js Client.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ChannelType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  InteractionResponseType,
  ModalBuilder,
  PermissionFlagsBits,
  Routes,
  TextInputStyle,
} from 'discord.js';
import type { Client, TextChannel } from 'discord.js';
import { FakeDiscord } from './support/discord/index.ts';
import { connectTestClient } from './support/discord/test-client.ts';
import type { TestClient } from './support/discord/test-client.ts';

const TOKEN = 'fake-bot-token';
const APP_ID = '110000000000000001';
const GUILD_ID = '210000000000000001';
const CHANNEL_ID = '310000000000000001';
const BOT_ID = '110000000000000002';
/** Listed first, so it would be the default owner (and have every permission) if explicit permissions were ignored. */
const NOBODY_ID = '410000000000000001';
const MOD_ID = '410000000000000002';
const ALICE_ID = '410000000000000003';
const MOD_PERMISSIONS =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ManageGuild;

let fake: FakeDiscord;
let client: Client;
let tc: TestClient;

function textChannel(): TextChannel {
  const channel = client.channels.cache.get(CHANNEL_ID);
  if (channel?.type !== ChannelType.GuildText) throw new Error('guild text channel is not cached');
  return channel;
}

const where = { guildId: GUILD_ID, channelId: CHANNEL_ID };

beforeAll(async () => {
  fake = await FakeDiscord.start({
    botToken: TOKEN,
    applicationId: APP_ID,
    botUser: { id: BOT_ID, username: 'video-bot', bot: true },
    guilds: [
      {
        id: GUILD_ID,
        name: 'Interactions Guild',
        channels: [{ id: CHANNEL_ID, name: 'studio' }],
        members: [
          { id: NOBODY_ID, username: 'nobody', permissions: '0' },
          { id: MOD_ID, username: 'mod', permissions: MOD_PERMISSIONS.toString() },
          { id: ALICE_ID, username: 'alice' },
        ],
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

describe('FakeDiscord interactions beyond chat commands', () => {
  it('delivers autocomplete with the focused sub-command option and records interaction.respond()', async () => {
    const { sent, interaction } = await tc.interactionFrom(() =>
      fake.sendAutocomplete({
        ...where,
        userId: ALICE_ID,
        name: 'video',
        options: [
          {
            name: 'generate',
            type: 1,
            options: [
              { name: 'prompt', type: 3, value: 'a cat' },
              { name: 'model', type: 3, value: 'kli', focused: true },
            ],
          },
        ],
      }),
    );
    if (!interaction.isAutocomplete()) throw new Error(`expected autocomplete, got type ${interaction.type}`);
    expect(interaction.commandName).toBe('video');
    expect(interaction.options.getSubcommand()).toBe('generate');
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'model', value: 'kli', focused: true });
    expect(interaction.options.getString('prompt')).toBe('a cat');

    const choices = [
      { name: 'Kling 3.0', value: 'kling-3' },
      { name: 'Five seconds', value: 5 },
    ];
    await interaction.respond(choices);
    expect(await fake.autocompleteChoices(sent.id, 1000)).toEqual(choices);
    expect(fake.interactionResponses(sent.id).callback).toEqual({ type: 8, data: { choices } });
  });

  it('answers Discord errors for callbacks that do not fit the interaction', async () => {
    expect(() => fake.sendAutocomplete({ ...where, userId: ALICE_ID, name: 'video', options: [{ name: 'model', type: 3, value: 'k' }] })).toThrow(
      /exactly one option/,
    );
    const { sent, interaction } = await tc.interactionFrom(() =>
      fake.sendAutocomplete({
        ...where,
        userId: ALICE_ID,
        name: 'video',
        options: [{ name: 'seconds', type: 4, value: 5, focused: true }],
      }),
    );
    if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
    expect(interaction.options.getFocused()).toBe('5'); // what the user typed so far is always text
    /** Posts a raw interaction callback; resolves with the DiscordAPIError code, or 'accepted'. */
    const callback = (to: { id: string; token: string }, body: unknown): Promise<unknown> =>
      client.rest.post(Routes.interactionCallback(to.id, to.token), { body, auth: false }).then(
        () => 'accepted',
        (error: unknown) => (error instanceof DiscordAPIError ? error.code : error),
      );
    expect(await callback(sent, { type: InteractionResponseType.DeferredChannelMessageWithSource })).toBe(50035);
    expect(fake.interactionResponses(sent.id).callback).toBeUndefined();

    const command = fake.sendChatCommand({ ...where, userId: ALICE_ID, name: 'video' });
    expect(await callback(command, { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } })).toBe(50035);
    expect(await callback(command, { type: InteractionResponseType.DeferredChannelMessageWithSource })).toBe('accepted');
    await expect(fake.modalShown(command.id, 1000)).rejects.toThrow(/callback type 5, not 9/);
  });

  it('delivers a message context-menu command whose target has attachments, and records showModal()', async () => {
    const bytes = new Uint8Array([137, 80, 78, 71, 9, 9, 9]);
    const url = fake.hostFile('frame.png', bytes, 'image/png');
    const { sent, interaction } = await tc.interactionFrom(() =>
      fake.sendMessageCommand({
        ...where,
        userId: ALICE_ID,
        name: 'Animate this',
        targetMessage: {
          content: 'look at this frame',
          authorId: MOD_ID,
          attachments: [{ filename: 'frame.png', contentType: 'image/png', size: 7, width: 1280, height: 720, url }],
        },
      }),
    );
    if (!interaction.isMessageContextMenuCommand()) throw new Error(`expected a message command, got type ${interaction.type}`);
    expect(interaction.commandName).toBe('Animate this');
    expect(interaction.targetId).toBe(sent.targetId);
    const target = interaction.targetMessage;
    expect({ id: target.id, content: target.content, author: target.author.id }).toEqual({ id: sent.targetId, content: 'look at this frame', author: MOD_ID });
    const attachment = target.attachments.first();
    expect(attachment?.id).toMatch(/^\d+$/);
    expect({
      url: attachment?.url,
      size: attachment?.size,
      contentType: attachment?.contentType,
      width: attachment?.width,
      height: attachment?.height,
    }).toEqual({ url, size: 7, contentType: 'image/png', width: 1280, height: 720 });

    // The target was stored as the user's message: the bot can fetch it (and cannot edit it).
    const fetched = await textChannel().messages.fetch({ message: sent.targetId, force: true });
    expect({ content: fetched.content, author: fetched.author.id, url: fetched.attachments.first()?.url }).toEqual({
      content: 'look at this frame',
      author: MOD_ID,
      url,
    });
    const edit: unknown = await fetched.edit('mine now').then(
      () => 'edited',
      (error: unknown) => error,
    );
    expect((edit as DiscordAPIError).code).toBe(50005);

    const modal = new ModalBuilder()
      .setCustomId(`animate:${target.id}`)
      .setTitle('Animate')
      .addLabelComponents((label) => label.setLabel('Prompt').setTextInputComponent((input) => input.setCustomId('prompt').setStyle(TextInputStyle.Paragraph)));
    await interaction.showModal(modal);
    const shown = await fake.modalShown(sent.id, 1000);
    expect(shown).toMatchObject({
      custom_id: `animate:${target.id}`,
      title: 'Animate',
      components: [{ type: 18, label: 'Prompt', component: { type: 4, custom_id: 'prompt', style: 2 } }],
    });
    expect(fake.interactionResponses(sent.id).callback?.type).toBe(9);

    // With an explicit id the target is only in the interaction.
    const explicit = await tc.interactionFrom(() =>
      fake.sendMessageCommand({
        ...where,
        userId: ALICE_ID,
        name: 'Animate this',
        targetMessage: { id: '610000000000000001', content: 'old', authorId: ALICE_ID, attachments: [] },
      }),
    );
    if (!explicit.interaction.isMessageContextMenuCommand()) throw new Error('expected a message command');
    expect(explicit.interaction.targetMessage.id).toBe('610000000000000001');
    expect(explicit.sent.targetId).toBe('610000000000000001');
    expect(fake.channelMessages(CHANNEL_ID).map((m) => m.id)).not.toContain('610000000000000001');
  });

  it('delivers a modal submit whose fields discord.js reads, and records deferReply/editReply/followUp', async () => {
    const { sent, interaction } = await tc.interactionFrom(() =>
      fake.sendModalSubmit({
        ...where,
        userId: ALICE_ID,
        customId: 'animate:42',
        fields: { prompt: 'make it rain', seconds: '5' },
      }),
    );
    if (!interaction.isModalSubmit()) throw new Error(`expected a modal submit, got type ${interaction.type}`);
    expect(interaction.customId).toBe('animate:42');
    expect(interaction.message).toBeNull();
    expect(interaction.fields.getTextInputValue('prompt')).toBe('make it rain');
    expect(interaction.fields.getTextInputValue('seconds')).toBe('5');

    await interaction.deferReply();
    await interaction.editReply('Queued: make it rain');
    const reply = await interaction.fetchReply();
    const followUp = await interaction.followUp('done');
    const responses = fake.interactionResponses(sent.id);
    expect(responses.callback?.type).toBe(5);
    expect({ content: responses.original?.content, edited: responses.original?.edited, id: responses.original?.id }).toEqual({
      content: 'Queued: make it rain',
      edited: true,
      id: reply.id,
    });
    expect(responses.followUps.map((m) => [m.id, m.content])).toEqual([[followUp.id, 'done']]);
    await fake.waitForRest((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP_ID}/${sent.token}/messages/@original` && c.status === 200, 1000);
  });

  it('gives members their spec permissions, so permissionsIn(channel) is right in the bot', async () => {
    const guild = client.guilds.cache.get(GUILD_ID);
    if (!guild) throw new Error('guild is not cached');
    const channel = textChannel();
    expect(guild.ownerId).toBe(ALICE_ID);
    const [nobody, mod, alice] = await Promise.all([NOBODY_ID, MOD_ID, ALICE_ID].map((user) => guild.members.fetch({ user, force: true })));
    expect(fake.restCalls.some((c) => c.path === `/guilds/${GUILD_ID}/members/${MOD_ID}` && c.status === 200)).toBe(true);
    expect(mod?.permissionsIn(channel).bitfield).toBe(MOD_PERMISSIONS);
    expect(mod?.permissionsIn(channel).has(PermissionFlagsBits.ManageMessages)).toBe(true);
    expect(nobody?.permissionsIn(channel).has(PermissionFlagsBits.ManageMessages)).toBe(false);
    expect(nobody?.permissionsIn(channel).has(PermissionFlagsBits.ManageGuild)).toBe(false);
    expect(alice?.permissionsIn(channel).has(PermissionFlagsBits.ManageMessages)).toBe(true);

    // The member that arrives with an interaction carries the same role.
    for (const [userId, expected] of [
      [NOBODY_ID, false],
      [MOD_ID, true],
    ] as const) {
      const { interaction } = await tc.interactionFrom(() => fake.sendChatCommand({ ...where, userId, name: 'settings' }));
      if (!interaction.inCachedGuild()) throw new Error('expected a cached-guild interaction');
      expect(interaction.member.permissionsIn(channel).has(PermissionFlagsBits.ManageMessages)).toBe(expected);
      expect(interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)).toBe(expected);
    }

    // The bot's own member keeps its (default: all) permissions after MESSAGE_CREATE updates it.
    const posted = tc.nextEvent(Events.MessageCreate, (m) => m.author.id === BOT_ID);
    await channel.send('hello');
    await posted;
    expect(guild.members.me?.permissionsIn(channel).has(PermissionFlagsBits.ManageMessages)).toBe(true);
  });
});

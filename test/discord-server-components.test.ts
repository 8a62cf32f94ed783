// Proves FakeDiscord's button and component-modal support against a real discord.js Client: every callback a
// button can get (6, 7, 4/5, 9), follow-ups, ephemeral button messages, DMs, and Discord's refusals.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  DiscordAPIError,
  GatewayIntentBits,
  InteractionContextType,
  InteractionResponseType,
  MessageFlags,
  MessageType,
  ModalBuilder,
  Partials,
  Routes,
  TextInputStyle,
} from 'discord.js';
import type { ButtonComponent, Client, Interaction, TextChannel } from 'discord.js';
import { FakeDiscord } from './support/discord/index.ts';
import { connectTestClient } from './support/discord/test-client.ts';
import type { TestClient } from './support/discord/test-client.ts';

const TOKEN = 'fake-bot-token';
const APP_ID = '120000000000000001';
const GUILD_ID = '220000000000000001';
const CHANNEL_ID = '320000000000000001';
const BOT_ID = '120000000000000002';
const ALICE_ID = '420000000000000001';
const BOB_ID = '420000000000000002';

let fake: FakeDiscord;
let client: Client;
let tc: TestClient;

const where = { channelId: CHANNEL_ID, userId: ALICE_ID };

function textChannel(): TextChannel {
  const channel = client.channels.cache.get(CHANNEL_ID);
  if (channel?.type !== ChannelType.GuildText) throw new Error('guild text channel is not cached');
  return channel;
}

function buttons(...specs: Array<[customId: string, disabled?: boolean]>): Array<ActionRowBuilder<ButtonBuilder>> {
  const row = new ActionRowBuilder<ButtonBuilder>();
  for (const [customId, disabled] of specs) {
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(customId)
        .setLabel(customId)
        .setStyle(ButtonStyle.Primary)
        .setDisabled(disabled ?? false),
    );
  }
  return [row];
}

function asButton(interaction: Interaction) {
  if (!interaction.isButton()) throw new Error(`expected a button interaction, got type ${interaction.type}`);
  return interaction;
}

beforeAll(async () => {
  fake = await FakeDiscord.start({
    botToken: TOKEN,
    applicationId: APP_ID,
    botUser: { id: BOT_ID, username: 'video-bot', bot: true },
    guilds: [
      {
        id: GUILD_ID,
        name: 'Buttons Guild',
        channels: [{ id: CHANNEL_ID, name: 'results' }],
        members: [
          { id: ALICE_ID, username: 'alice' },
          { id: BOB_ID, username: 'bob' },
        ],
      },
    ],
  });
  tc = await connectTestClient(fake, TOKEN, {
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
  });
  client = tc.client;
});

afterEach(() => {
  expect(tc.errors).toEqual([]);
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('FakeDiscord buttons', () => {
  it('sends a button press with its message; deferUpdate + editReply edit that message, follow-ups reply to it', async () => {
    const result = await textChannel().send({ content: 'Your video', components: buttons(['rerun:1'], ['gone', true]) });
    const { sent, interaction } = await tc.interactionFrom(() => fake.sendButton({ ...where, messageId: result.id, customId: 'rerun:1' }));
    const button = asButton(interaction);
    expect({ customId: button.customId, message: button.message.id, content: button.message.content, user: button.user.id }).toEqual({
      customId: 'rerun:1',
      message: result.id,
      content: 'Your video',
      user: ALICE_ID,
    });
    expect({ guild: button.guildId, channel: button.channelId, limit: button.attachmentSizeLimit, member: button.inCachedGuild() }).toEqual({
      guild: GUILD_ID,
      channel: CHANNEL_ID,
      limit: 10 * 1024 * 1024,
      member: true,
    });
    expect((button.component as ButtonComponent).customId).toBe('rerun:1');

    await button.deferUpdate();
    await button.editReply({ content: 'Rerunning…', components: [] });
    const record = fake.interactionResponses(sent.id);
    expect(record.callback).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
    expect(record.original?.id).toBe(result.id);
    const stored = fake.channelMessages(CHANNEL_ID).find((m) => m.id === result.id);
    expect({ content: stored?.content, components: stored?.components, edited: stored?.edited }).toEqual({
      content: 'Rerunning…',
      components: [],
      edited: true,
    });

    const followUp = await button.followUp('Done: https://example.test/v.mp4');
    expect(followUp.type).toBe(MessageType.Reply);
    expect(followUp.reference?.messageId).toBe(result.id);
    expect(followUp.interactionMetadata).toMatchObject({ id: sent.id, type: 3, interactedMessageId: result.id, originalResponseMessageId: result.id });
    expect(fake.channelMessages(CHANNEL_ID).map((m) => m.id)).toContain(followUp.id);
    expect(record.followUps.map((m) => m.interaction_id)).toEqual([sent.id]);
  });

  it('update() (callback 7) edits the message the button is on', async () => {
    const page = await textChannel().send({ content: 'page 1', components: buttons(['page:2']) });
    const { sent, interaction } = await tc.interactionFrom(() => fake.sendButton({ ...where, messageId: page.id, customId: 'page:2' }));
    const response = await asButton(interaction).update({ content: 'page 2', components: buttons(['page:1']), withResponse: true });
    expect(response.resource?.message?.content).toBe('page 2');
    expect(fake.interactionResponses(sent.id).callback?.type).toBe(InteractionResponseType.UpdateMessage);
    const stored = fake.channelMessages(CHANNEL_ID).find((m) => m.id === page.id);
    expect(stored?.content).toBe('page 2');
    // The new button can be pressed, the old one is gone.
    expect(() => fake.sendButton({ ...where, messageId: page.id, customId: 'page:2' })).toThrow(/no enabled button with custom_id "page:2"/);
    expect(fake.sendButton({ ...where, messageId: page.id, customId: 'page:1' }).id).toMatch(/^\d+$/);
  });

  it('reply() creates a new message replying to the button message; buttons on an ephemeral one only work for its user', async () => {
    const listing = await textChannel().send({ content: 'jobs', components: buttons(['jobs:mine']) });
    const { sent, interaction } = await tc.interactionFrom(() => fake.sendButton({ ...where, messageId: listing.id, customId: 'jobs:mine' }));
    await asButton(interaction).reply({ content: 'your jobs, page 1', flags: MessageFlags.Ephemeral, components: buttons(['jobs:next']) });
    const reply = fake.interactionResponses(sent.id).original;
    expect(reply?.message_reference?.message_id).toBe(listing.id);
    expect(reply?.type).toBe(MessageType.Reply);
    expect(reply?.interaction_metadata).toMatchObject({ type: 3, interacted_message_id: listing.id, user: { id: ALICE_ID } });
    expect(fake.channelMessages(CHANNEL_ID).map((m) => m.id)).not.toContain(reply?.id);

    const replyId = reply?.id ?? '';
    expect(() => fake.sendButton({ channelId: CHANNEL_ID, userId: BOB_ID, messageId: replyId, customId: 'jobs:next' })).toThrow(/ephemeral/);
    const next = await tc.interactionFrom(() => fake.sendButton({ ...where, messageId: replyId, customId: 'jobs:next' }));
    const nextButton = asButton(next.interaction);
    expect(nextButton.message.flags.has(MessageFlags.Ephemeral)).toBe(true);
    await nextButton.update({ content: 'your jobs, page 2' });
    expect(reply?.content).toBe('your jobs, page 2');
    expect((reply?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });

  it('shows a modal with a prefilled value and submits it from the button, carrying the message', async () => {
    const result = await textChannel().send({ content: 'prompt: a cat', components: buttons(['edit:7']) });
    const click = await tc.interactionFrom(() => fake.sendButton({ ...where, messageId: result.id, customId: 'edit:7' }));
    await asButton(click.interaction).showModal(
      new ModalBuilder()
        .setCustomId('edit-modal:7')
        .setTitle('Edit and rerun')
        .addLabelComponents((label) =>
          label.setLabel('Prompt').setTextInputComponent((input) => input.setCustomId('prompt').setStyle(TextInputStyle.Paragraph).setValue('a cat')),
        ),
    );
    const shown = await fake.modalShown(click.sent.id, 1000);
    expect(shown.inputs).toEqual([{ custom_id: 'prompt', label: 'Prompt', style: TextInputStyle.Paragraph, value: 'a cat' }]);

    const submit = { ...where, customId: 'edit-modal:7', fromInteractionId: click.sent.id };
    expect(() => fake.sendModalSubmit({ ...submit, fields: { seconds: '5' } })).toThrow(/not text inputs of the modal/);
    expect(() => fake.sendModalSubmit({ ...submit, customId: 'other', fields: { prompt: 'x' } })).toThrow(/custom_id "edit-modal:7"/);
    expect(() => fake.sendModalSubmit({ ...submit, userId: BOB_ID, fields: { prompt: 'x' } })).toThrow(/shown to user/);

    const { sent, interaction } = await tc.interactionFrom(() => fake.sendModalSubmit({ ...submit, fields: { prompt: 'a dog' } }));
    if (!interaction.isModalSubmit() || !interaction.isFromMessage()) throw new Error('expected a modal submit from a message');
    expect(interaction.message.id).toBe(result.id);
    expect(interaction.fields.getTextInputValue('prompt')).toBe('a dog');
    await interaction.deferReply();
    const reply = await interaction.editReply('Rerunning with: a dog');
    expect(reply.reference?.messageId).toBe(result.id);
    expect(fake.interactionResponses(sent.id).original?.interaction_metadata).toMatchObject({
      type: 5,
      triggering_interaction_metadata: { id: click.sent.id, type: 3, interacted_message_id: result.id },
    });
  });

  it('presses buttons in a DM with the bot', async () => {
    const user = await client.users.fetch(ALICE_ID);
    const dm = await user.send({ content: 'your video (DM)', components: buttons(['rerun:dm']) });
    const { interaction } = await tc.interactionFrom(() =>
      fake.sendButton({ channelId: dm.channelId, userId: ALICE_ID, messageId: dm.id, customId: 'rerun:dm' }),
    );
    const button = asButton(interaction);
    expect({ guild: button.guildId, member: button.member, user: button.user.id, context: button.context, channel: button.channel?.type }).toEqual({
      guild: null,
      member: null,
      user: ALICE_ID,
      context: InteractionContextType.BotDM,
      channel: ChannelType.DM,
    });
    await button.reply('rerunning');
    expect(fake.dmMessages(ALICE_ID).map((m) => m.content)).toEqual(['your video (DM)', 'rerunning']);
    expect(() => fake.sendButton({ channelId: dm.channelId, userId: BOB_ID, messageId: dm.id, customId: 'rerun:dm' })).toThrow(/belongs to user/);
  });

  it('refuses what Discord refuses: message updates for commands, disabled or missing buttons', async () => {
    const command = fake.sendChatCommand({ ...where, guildId: GUILD_ID, name: 'jobs' });
    const error: unknown = await client.rest
      .post(Routes.interactionCallback(command.id, command.token), { body: { type: InteractionResponseType.DeferredMessageUpdate }, auth: false })
      .catch((e: unknown) => e);
    expect((error as DiscordAPIError).code).toBe(50035);
    const message = await textChannel().send({ content: 'x', components: buttons(['ok'], ['off', true]) });
    expect(() => fake.sendButton({ ...where, messageId: message.id, customId: 'off' })).toThrow(/no enabled button/);
    expect(() => fake.sendButton({ ...where, messageId: '999', customId: 'ok' })).toThrow(/no message 999/);
    expect(() => fake.sendButton({ ...where, guildId: '1', messageId: message.id, customId: 'ok' })).toThrow(/not 1/);
  });
});

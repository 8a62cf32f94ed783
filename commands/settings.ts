import {
  ChannelType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { CommandContext } from '../src/discord/command-module.ts';
import { channelSettingsReply, serverSettingsReply, settingsShowReply } from '../src/discord/settings-replies.ts';
import { ASPECT_RATIOS, MODELS, MODEL_KEYS } from '../src/domain/models.ts';
import { DURATION_MAX, DURATION_MIN } from '../src/domain/request.ts';

/** `/settings`: server-wide and per-channel choices (option names are public contract, README). */
export const data = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('Settings of the video bot in this server')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(0)
  .addSubcommand((s) =>
    s
      .setName('server')
      .setDescription('Server-wide settings (Manage Server)')
      .addStringOption((o) =>
        o.setName('default_provider').setDescription('Provider /video uses here unless it names one ("global" = the bot default)').setAutocomplete(true),
      )
      .addNumberOption((o) =>
        o.setName('confirm_above').setDescription('Ask before starting a video priced above this many USD (0 = never ask; default 2.00)').setMinValue(0),
      )
      .addIntegerOption((o) =>
        o
          .setName('max_running')
          .setDescription('How many videos one member may have running at once (0 = no limit; default 3)')
          .setMinValue(0)
          .setMaxValue(100),
      )
      .addRoleOption((o) => o.setName('spender_role').setDescription('Only members with this role may start paid videos'))
      .addBooleanOption((o) => o.setName('everyone_may_spend').setDescription('true: remove the spender role (everyone who can use /video may)'))
      .addChannelOption((o) =>
        o.setName('alert_channel').setDescription('Where budget alerts and requests for more go').addChannelTypes(ChannelType.GuildText),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('channel')
      .setDescription('Defaults for /video in one channel (Manage Server)')
      .addChannelOption((o) => o.setName('channel').setDescription('The channel (default: this one)').addChannelTypes(ChannelType.GuildText))
      .addStringOption((o) =>
        o
          .setName('model')
          .setDescription('Model')
          .addChoices(...MODEL_KEYS.map((key) => ({ name: MODELS[key].label, value: key }))),
      )
      .addIntegerOption((o) =>
        o.setName('duration').setDescription(`Seconds (${DURATION_MIN}–${DURATION_MAX})`).setMinValue(DURATION_MIN).setMaxValue(DURATION_MAX),
      )
      .addStringOption((o) =>
        o
          .setName('aspect_ratio')
          .setDescription('Aspect ratio')
          .addChoices(...ASPECT_RATIOS.map((r) => ({ name: r, value: r }))),
      )
      .addBooleanOption((o) => o.setName('sound').setDescription('Native audio'))
      .addStringOption((o) => o.setName('provider').setDescription('Provider').setAutocomplete(true))
      .addBooleanOption((o) => o.setName('enforce').setDescription('The channel’s values win over the member’s own options'))
      .addBooleanOption((o) => o.setName('clear').setDescription('Remove this channel’s defaults')),
  )
  .addSubcommand((s) => s.setName('show').setDescription('The settings that apply in this channel'));

export async function execute(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, context: CommandContext): Promise<void> {
  if (!interaction.isChatInputCommand()) return;
  if (!interaction.inGuild()) {
    await interaction.reply({ content: 'Settings belong to a server: use /settings in a server channel.', flags: MessageFlags.Ephemeral });
    return;
  }
  const sub = interaction.options.getSubcommand(true);
  if (sub === 'show') return settingsShowReply(interaction, context);
  // Discord hides the command from members without Manage Server; a permission override could still show it.
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await interaction.reply({ content: 'Only members who can manage this server can change its settings.', flags: MessageFlags.Ephemeral });
    return;
  }
  if (sub === 'server') return serverSettingsReply(interaction, context);
  return channelSettingsReply(interaction, context);
}

export async function autocomplete(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  const typed = interaction.options.getFocused().toLowerCase();
  const global = interaction.options.getSubcommand(false) === 'server' ? [{ name: 'Bot default (global setting)', value: 'global' }] : [];
  const choices = [...context.providers.list().map((p) => ({ name: p.label, value: p.name })), ...global];
  await interaction.respond(choices.filter((c) => c.value.includes(typed) || c.name.toLowerCase().includes(typed)));
}

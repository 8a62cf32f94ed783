import { MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../src/discord/command-module.ts';

/** `/settings`: server-wide choices, for members who may manage the server. */
export const data = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('Server settings for the video bot')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(0)
  .addStringOption((o) =>
    o.setName('default_provider').setDescription('Provider /video uses here unless it names one ("global" = the bot default)').setAutocomplete(true),
  );

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  if (!interaction.guildId || !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await interaction.reply({ content: 'Only members who can manage this server can change its settings.', flags: MessageFlags.Ephemeral });
    return;
  }
  const wanted = interaction.options.getString('default_provider');
  if (wanted === null) {
    const current = await context.guildSettings.defaultProvider(interaction.guildId);
    await interaction.reply({
      content: `Default provider here: **${current ?? `${context.providers.defaultName} (bot default)`}**. Configured: ${context.providers.names().join(', ')}.`,
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  if (wanted !== 'global' && !context.providers.has(wanted)) {
    await interaction.reply({
      content: `\`default_provider\` must be one of: ${[...context.providers.names(), 'global'].join(', ')}.`,
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  await context.guildSettings.setDefaultProvider(interaction.guildId, wanted === 'global' ? undefined : wanted);
  context.log.info({ guildId: interaction.guildId, userId: interaction.user.id, defaultProvider: wanted }, 'server default provider changed');
  await interaction.reply({
    content:
      wanted === 'global'
        ? `/video now uses the bot default (${context.providers.defaultName}) here.`
        : `/video now uses **${wanted}** here unless it names a provider.`,
    flags: MessageFlags.Ephemeral,
  });
}

export async function autocomplete(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  const typed = interaction.options.getFocused().toLowerCase();
  const choices = [...context.providers.list().map((p) => ({ name: p.label, value: p.name })), { name: 'Bot default (global setting)', value: 'global' }];
  await interaction.respond(choices.filter((c) => c.value.includes(typed) || c.name.toLowerCase().includes(typed)));
}

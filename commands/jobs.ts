import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction, type MessageContextMenuCommandInteraction } from 'discord.js';
import type { CommandContext } from '../src/discord/command-module.ts';
import { replyWithJobs, replyWithTask, suggestTaskIds } from '../src/discord/job-replies.ts';

/** `/jobs`: option names are public contract (README). Replies are private (ephemeral). */
export const data = new SlashCommandBuilder()
  .setName('jobs')
  .setDescription('Your recent videos in this server, or one task with all its parameters')
  .addIntegerOption((o) => o.setName('page').setDescription('Page of your list, 10 videos each (default 1)').setMinValue(1))
  .addStringOption((o) => o.setName('id').setDescription('A task id: show that task in full').setMaxLength(100).setAutocomplete(true));

export async function execute(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, context: CommandContext): Promise<void> {
  if (!interaction.isChatInputCommand()) return;
  const id = interaction.options.getString('id')?.trim();
  if (id) return replyWithTask(interaction, context, id);
  return replyWithJobs(interaction, context, interaction.options.getInteger('page') ?? 1);
}

export async function autocomplete(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  await suggestTaskIds(interaction, context);
}

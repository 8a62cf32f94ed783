import {
  SlashCommandBuilder,
  type ButtonInteraction,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { CommandContext } from '../src/discord/command-module.ts';
import { replyWithJobs, replyWithTask, suggestTaskIds, turnJobsPage } from '../src/discord/job-replies.ts';

/** `/jobs`: option names are public contract (README). Replies are private (ephemeral). */
export const data = new SlashCommandBuilder()
  .setName('jobs')
  .setDescription('Your recent videos in this server, or one task with all its parameters')
  .addStringOption((o) =>
    o.setName('id').setDescription('A task id (or its first 8 characters): show that task in full').setMaxLength(100).setAutocomplete(true),
  );

export async function execute(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, context: CommandContext): Promise<void> {
  if (!interaction.isChatInputCommand()) return;
  const id = interaction.options.getString('id')?.trim();
  if (id) return replyWithTask(interaction, context, id);
  return replyWithJobs(interaction, context);
}

export async function autocomplete(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  await suggestTaskIds(interaction, context);
}

/** Prev / Next under the list (`jobs:page:<n>`). */
export async function button(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  await turnJobsPage(interaction, context);
}

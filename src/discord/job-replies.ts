import { MessageFlags, PermissionFlagsBits, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { Task } from '../domain/task.ts';
import type { CommandContext } from './command-module.ts';
import { emptyJobsText, jobChoiceName, jobsPage, JOBS_PER_PAGE, pageOffset } from './job-list.ts';
import { providerLabel, resultPlace, splitForDiscord, taskDetails } from './task-details.ts';

const PRIVATE = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
/** How many recent tasks autocomplete searches. */
const CHOICE_POOL = 100;

/** `/jobs [page]`: one page of the caller's tasks here, newest first, as a private embed. */
export async function replyWithJobs(interaction: ChatInputCommandInteraction, context: CommandContext, page: number): Promise<void> {
  const { tasks, total } = await context.tasks.memberTasks(interaction.guildId, interaction.user.id, pageOffset(page), JOBS_PER_PAGE);
  const view = jobsPage({ tasks, total, page });
  if (!view) {
    await interaction.reply({ content: emptyJobsText(total, page), ...PRIVATE });
    return;
  }
  await interaction.reply({
    embeds: [{ title: view.title, description: view.lines.join('\n'), footer: { text: view.footer } }],
    ...PRIVATE,
  });
}

/**
 * `/jobs id:` — one task with every parameter (the same text as the ✉️ DM). Only the caller's own
 * tasks, or any task of this server for members with Manage Messages; anything else reads as unknown.
 */
export async function replyWithTask(interaction: ChatInputCommandInteraction, context: CommandContext, id: string): Promise<void> {
  const task = await context.tasks.get(id);
  if (!task || !maySee(interaction, task)) {
    context.log.info({ userId: interaction.user.id, taskId: id, exists: task !== undefined }, '/jobs id: no visible task');
    await interaction.reply({ content: `There is no task \`${id.replace(/`/g, '')}\` that you can see. Use /jobs to list yours.`, ...PRIVATE });
    return;
  }
  const text = taskDetails(task, { providerLabel: providerLabel(context.providers, task.provider), place: resultPlace(task) });
  const [first, ...more] = splitForDiscord(text);
  await interaction.reply({ content: first ?? '', ...PRIVATE });
  for (const content of more) await interaction.followUp({ content, ...PRIVATE });
}

function maySee(interaction: ChatInputCommandInteraction, task: Task): boolean {
  if (task.origin.userId === interaction.user.id) return true;
  const sameServer = task.origin.guildId !== null && task.origin.guildId === interaction.guildId;
  return sameServer && interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) === true;
}

/** Autocomplete for `id`: the caller's recent tasks here whose id starts with, or prompt contains, what was typed. */
export async function suggestTaskIds(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  const typed = interaction.options.getFocused().trim().toLowerCase();
  const { tasks } = await context.tasks.memberTasks(interaction.guildId, interaction.user.id, 0, CHOICE_POOL);
  const matches = tasks.filter((t) => typed === '' || t.id.startsWith(typed) || t.request.prompt.toLowerCase().includes(typed));
  await interaction.respond(matches.slice(0, 25).map((t) => ({ name: jobChoiceName(t), value: t.id })));
}

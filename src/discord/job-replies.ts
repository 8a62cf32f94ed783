import { MessageFlags, PermissionFlagsBits, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { Task } from '../domain/task.ts';
import type { CommandContext } from './command-module.ts';
import { emptyJobsText, jobChoiceName, jobsPage, JOBS_PER_PAGE, pageButtons, pageCount, pageOffset } from './job-list.ts';
import { providerLabel, resultPlace, splitForDiscord, taskDetails } from './task-details.ts';

const PRIVATE = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
/** How many recent tasks autocomplete searches. */
const CHOICE_POOL = 100;

/** One page of the caller's tasks here, newest first: the embed and its Prev/Next buttons. */
async function pageView(interaction: ChatInputCommandInteraction | ButtonInteraction, context: CommandContext, page: number) {
  const { tasks, total } = await context.tasks.memberTasks(interaction.guildId, interaction.user.id, pageOffset(page), JOBS_PER_PAGE);
  const view = jobsPage({ tasks, total, page, linkExpired: (task) => linkExpired(task, context) });
  if (!view) return { content: emptyJobsText(total, page), embeds: [], components: [] };
  return {
    content: '',
    embeds: [{ title: view.title, description: view.lines.join('\n'), footer: { text: view.footer } }],
    components: pageButtons(page, pageCount(total)) as never[],
  };
}

/** `/jobs`: the first page, privately. */
export async function replyWithJobs(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  await interaction.reply({ ...(await pageView(interaction, context, 1)), ...PRIVATE });
}

/** Prev / Next (`jobs:page:<n>`): the private list turns to that page. */
export async function turnJobsPage(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const page = Number(interaction.customId.split(':')[2]);
  await interaction.update(await pageView(interaction, context, Number.isInteger(page) && page > 0 ? page : 1));
}

/**
 * `/jobs id:` — one task with every parameter (the same text as the ✉️ DM), by its full or short id.
 * Only the caller's own tasks, or any task of this server for members with Manage Messages.
 */
export async function replyWithTask(interaction: ChatInputCommandInteraction, context: CommandContext, id: string): Promise<void> {
  const candidates = id.length >= 36 ? [await context.tasks.get(id)] : await context.tasks.findByIdPrefix(interaction.guildId, id, 5);
  const visible = candidates.filter((t): t is NonNullable<typeof t> => t !== undefined && maySee(interaction, t));
  const task = visible[0];
  if (!task || visible.length > 1) {
    context.log.info({ userId: interaction.user.id, taskId: id, matches: visible.length }, '/jobs id: no single visible task');
    const what =
      visible.length > 1 ? `More than one task starts with \`${clean(id)}\`: type more of its id.` : `There is no task \`${clean(id)}\` that you can see.`;
    await interaction.reply({ content: `${what} Use /jobs to list yours.`, ...PRIVATE });
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

/** A result whose videos were neither attached nor kept, and whose provider link has expired. */
function linkExpired(task: Task, context: CommandContext): boolean {
  if (task.status !== 'succeeded' || !task.completedAt || !context.providers.has(task.provider)) return false;
  if (task.results.some((r) => r.archivedUrl || r.attached)) return false;
  const expiresAt = context.providers.get(task.provider).resultExpiry(task, task.completedAt);
  return expiresAt !== undefined && expiresAt < Date.now();
}

function clean(id: string): string {
  return id.replace(/`/g, '').slice(0, 40);
}

/** Autocomplete for `id`: the caller's recent tasks here whose id starts with, or prompt contains, what was typed. */
export async function suggestTaskIds(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  const typed = interaction.options.getFocused().trim().toLowerCase();
  const { tasks } = await context.tasks.memberTasks(interaction.guildId, interaction.user.id, 0, CHOICE_POOL);
  const matches = tasks.filter((t) => typed === '' || t.id.startsWith(typed) || t.request.prompt.toLowerCase().includes(typed));
  await interaction.respond(matches.slice(0, 25).map((t) => ({ name: jobChoiceName(t), value: t.id })));
}

import { MessageFlags, PermissionFlagsBits, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { budgetUsage } from '../money/budget-usage.ts';
import { clearBudget, setBudget, type BudgetTarget } from '../money/budget-store.ts';
import { budgetName, type Budget } from '../money/budgets.ts';
import { toMicros, usdText } from '../money/micros.ts';
import { PERIODS, type Period } from '../money/periods.ts';
import type { CommandContext } from './command-module.ts';
import { adminName, usageLine } from './budget-texts.ts';

type Interaction = ChatInputCommandInteraction<'cached' | 'raw'>;
export const PRIVATE = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

/** Whether the member may manage the server's money (Manage Server), as Discord computed it for this interaction. */
export function managesServer(interaction: ChatInputCommandInteraction | ButtonInteraction): boolean {
  return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;
}

/**
 * The budget's target from the `member`, `role` and `channel` options: none = the whole server, at
 * most one. Read as raw ids (what every Discord interaction carries), so no resolved objects are needed.
 */
export function budgetTarget(interaction: Interaction): { ok: true; target: BudgetTarget } | { ok: false; message: string } {
  const id = (name: string) => {
    const value = interaction.options.get(name)?.value;
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const given = [
    { scope: 'member' as const, targetId: id('member') },
    { scope: 'role' as const, targetId: id('role') },
    { scope: 'channel' as const, targetId: id('channel') },
  ].filter((t): t is { scope: 'member' | 'role' | 'channel'; targetId: string } => t.targetId !== undefined);
  if (given.length > 1) return { ok: false, message: 'Name at most one of `member`, `role` and `channel` (none = the whole server).' };
  const guildId = interaction.guildId;
  return { ok: true, target: given[0] ? { guildId, ...given[0] } : { guildId, scope: 'server', targetId: guildId } };
}

/** `/budget set amount period [member|role|channel]`: sets or replaces a limit. */
export async function setBudgetReply(interaction: Interaction, context: CommandContext): Promise<void> {
  if (!managesServer(interaction)) {
    await interaction.reply({ content: 'Only members who can manage this server can set budgets. `/budget show` shows yours.', ...PRIVATE });
    return;
  }
  const picked = budgetTarget(interaction);
  if (!picked.ok) return void (await interaction.reply({ content: picked.message, ...PRIVATE }));
  const amount = interaction.options.getNumber('amount', true);
  const period = interaction.options.getString('period', true) as Period;
  if (!PERIODS.includes(period) || !Number.isFinite(amount) || amount < 0) {
    await interaction.reply({ content: '`amount` must be a number of dollars ≥ 0 and `period` one of day, week, month, total.', ...PRIVATE });
    return;
  }
  const now = Date.now();
  const { budget, previous } = await setBudget(
    context.database.db,
    { ...picked.target, period, limitMicros: toMicros(amount), setBy: interaction.user.id },
    now,
  );
  context.log.info(
    {
      guildId: budget.guildId,
      userId: interaction.user.id,
      budgetId: budget.id,
      scope: budget.scope,
      targetId: budget.targetId,
      period,
      limitMicros: budget.limitMicros,
    },
    'budget set',
  );
  const was = previous ? ` (was ${usdText(previous.limitMicros)} ${periodWord(previous.period)})` : '';
  const lines = [`Saved: ${budgetName(budget, 'admin')} is ${usdText(budget.limitMicros)} ${periodWord(period)}${was}.`, scopeRule(budget), resetRule(period)];
  if (budget.scope === 'server' || budget.scope === 'channel')
    lines.push(`Now: ${usageLine(await budgetUsage(context.database.db, budget, { userId: '' }, now))}`);
  await interaction.reply({ content: lines.join('\n'), ...PRIVATE });
}

/** `/budget clear [member|role|channel]`: removes a limit (no target = the server budget). */
export async function clearBudgetReply(interaction: Interaction, context: CommandContext): Promise<void> {
  if (!managesServer(interaction)) {
    await interaction.reply({ content: 'Only members who can manage this server can clear budgets.', ...PRIVATE });
    return;
  }
  const picked = budgetTarget(interaction);
  if (!picked.ok) return void (await interaction.reply({ content: picked.message, ...PRIVATE }));
  const removed = await clearBudget(context.database.db, picked.target, interaction.user.id, Date.now());
  if (!removed) {
    await interaction.reply({ content: `There is no ${describeTarget(picked.target)} budget to clear. \`/budget show\` lists them.`, ...PRIVATE });
    return;
  }
  context.log.info(
    { guildId: removed.guildId, userId: interaction.user.id, budgetId: removed.id, scope: removed.scope, targetId: removed.targetId },
    'budget cleared',
  );
  await interaction.reply({
    content: `Cleared: ${adminName(removed).replace(/^The/, 'the')} (${usdText(removed.limitMicros)}) no longer limits anyone.`,
    ...PRIVATE,
  });
}

/** "a day", "a week", "a month", "in total". */
export function periodWord(period: Period): string {
  return period === 'total' ? 'in total' : `a ${period}`;
}

function scopeRule(budget: Budget): string {
  switch (budget.scope) {
    case 'server':
      return 'It is one pool shared by everyone in the server; every video counts against it.';
    case 'channel':
      return `It is one pool shared by everyone making videos in <#${budget.targetId}>.`;
    case 'role':
      return `Each member with <@&${budget.targetId}> gets this much (a member with several budgeted roles gets the largest; a member budget replaces it).`;
    case 'member':
      return `It replaces any role allowance for <@${budget.targetId}>.`;
  }
}

/** When a period starts again, in UTC (src/money/periods.ts). */
export function resetRule(period: Period): string {
  return {
    day: 'It starts again every day at 00:00 UTC.',
    week: 'It starts again every Monday at 00:00 UTC.',
    month: 'It starts again on the 1st of every month at 00:00 UTC.',
    total: 'It never starts again (a total).',
  }[period];
}

function describeTarget(target: BudgetTarget): string {
  switch (target.scope) {
    case 'server':
      return 'server';
    case 'channel':
      return `<#${target.targetId}>`;
    case 'role':
      return `<@&${target.targetId}>`;
    case 'member':
      return `<@${target.targetId}>`;
  }
}

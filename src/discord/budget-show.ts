import type { ChatInputCommandInteraction } from 'discord.js';
import { budgetUsage, guildBudgets } from '../money/budget-usage.ts';
import { applicableBudgets, budgetName, type Budget } from '../money/budgets.ts';
import { usdText } from '../money/micros.ts';
import { periodStart } from '../money/periods.ts';
import { topSpenders } from '../money/usage-report.ts';
import { managesServer, periodWord, PRIVATE } from './budget-admin.ts';
import { adminName, usageLine } from './budget-texts.ts';
import type { CommandContext } from './command-module.ts';
import { capitalise } from './spend-messages.ts';
import { spenderOf } from './interaction-member.ts';

type Interaction = ChatInputCommandInteraction<'cached' | 'raw'>;
/** Discord's limit on a message's content is 2000 characters. */
const CONTENT_LIMIT = 2000;

/**
 * `/budget show`: a member sees every budget that limits them here, with what is spent, reserved and
 * left and when it resets; a member with Manage Server sees every budget of the server.
 */
export async function showBudgetsReply(interaction: Interaction, context: CommandContext): Promise<void> {
  const lines = managesServer(interaction) ? await serverLines(interaction, context) : await memberLines(interaction, context);
  await interaction.reply({ content: fit(lines), ...PRIVATE });
}

async function memberLines(interaction: Interaction, context: CommandContext): Promise<string[]> {
  const db = context.database.db;
  const who = spenderOf(interaction);
  const budgets = applicableBudgets(await guildBudgets(db, who.guildId), who);
  if (budgets.length === 0) return ['No budget limits your videos here.'];
  const now = Date.now();
  const usages = await Promise.all(budgets.map((b) => budgetUsage(db, b, who, now)));
  return [
    `**Budgets that apply to you in <#${who.channelId}>** (every one must have room for a video):`,
    ...usages.map((u) => `• ${capitalise(budgetName(u.budget))}: ${usageLine(u)}`),
  ];
}

async function serverLines(interaction: Interaction, context: CommandContext): Promise<string[]> {
  const db = context.database.db;
  const now = Date.now();
  const budgets = await guildBudgets(db, interaction.guildId);
  const order = { server: 0, channel: 1, role: 2, member: 3 };
  budgets.sort((a, b) => order[a.scope] - order[b.scope]);
  const lines = budgets.length === 0 ? ['No budgets in this server: set one with `/budget set`.'] : ['**Budgets in this server**'];
  for (const budget of budgets) lines.push(`• ${await serverLine(budget, context, now)}`);
  const since = periodStart('month', now);
  const top = await topSpenders(db, interaction.guildId, since);
  if (top.length > 0)
    lines.push('', '**Top spenders this month** (UTC, charged and reserved):', top.map((t) => `<@${t.userId}> ${usdText(t.micros)}`).join(' · '));
  return lines;
}

/** A pool with where it stands; an allowance with its limit and whom it is for (a member's own also with theirs). */
async function serverLine(budget: Budget, context: CommandContext, now: number): Promise<string> {
  const head = `${adminName(budget)}: ${usdText(budget.limitMicros)} ${periodWord(budget.period)}`;
  switch (budget.scope) {
    case 'server':
    case 'channel':
      return `${adminName(budget)}: ${usageLine(await budgetUsage(context.database.db, budget, { userId: '' }, now))}`;
    case 'member':
      return `${head} — ${usageLine(await budgetUsage(context.database.db, budget, { userId: budget.targetId }, now))}`;
    case 'role':
      return `${head} (each member with the role; a member budget replaces it)`;
  }
}

/** Lines joined to fit one message; the ones that do not fit are counted. */
function fit(lines: string[]): string {
  const kept: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const more = `… and ${lines.length - i} more lines`;
    if (length + line.length + 1 + more.length + 1 > CONTENT_LIMIT) {
      kept.push(more);
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}

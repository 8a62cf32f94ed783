import {
  MessageFlags,
  SlashCommandBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { clearBudgetReply, setBudgetReply } from '../src/discord/budget-admin.ts';
import { decideRequest } from '../src/discord/budget-decisions.ts';
import { askForMore } from '../src/discord/budget-requests.ts';
import { showBudgetsReply } from '../src/discord/budget-show.ts';
import { parseBudgetButton } from '../src/discord/budget-texts.ts';
import type { CommandContext } from '../src/discord/command-module.ts';

/** The optional target of a budget: none = the whole server, at most one. */
function withTarget(s: SlashCommandSubcommandBuilder, verb: string): SlashCommandSubcommandBuilder {
  return s
    .addUserOption((o) => o.setName('member').setDescription(`${verb} this member's own allowance`))
    .addRoleOption((o) => o.setName('role').setDescription(`${verb} the allowance each member with this role gets`))
    .addChannelOption((o) => o.setName('channel').setDescription(`${verb} the shared budget of this channel`));
}

/**
 * `/budget`: spending limits (option and button names are public contract, README). `set` and `clear`
 * need Manage Server, checked here; `show` is for everyone, so the command carries no
 * default_member_permissions (Discord sets them per command, not per subcommand).
 */
export const data = new SlashCommandBuilder()
  .setName('budget')
  .setDescription('Spending limits for videos in this server')
  .setContexts(0)
  .addSubcommand((s) =>
    withTarget(
      s
        .setName('set')
        .setDescription('Set or replace a spending limit (Manage Server); no target = the whole server')
        .addNumberOption((o) => o.setName('amount').setDescription('The limit in USD, e.g. 25 or 2.50').setRequired(true).setMinValue(0).setMaxValue(1_000_000))
        .addStringOption((o) =>
          o
            .setName('period')
            .setDescription('How long the limit lasts before it starts again (UTC)')
            .setRequired(true)
            .addChoices(
              { name: 'day (from 00:00 UTC)', value: 'day' },
              { name: 'week (from Monday 00:00 UTC)', value: 'week' },
              { name: 'month (from the 1st, 00:00 UTC)', value: 'month' },
              { name: 'total (never resets)', value: 'total' },
            ),
        ),
      'Limit',
    ),
  )
  .addSubcommand((s) => s.setName('show').setDescription('The budgets that apply to you here (Manage Server: every budget)'))
  .addSubcommand((s) => withTarget(s.setName('clear').setDescription('Remove a spending limit (Manage Server); no target = the server budget'), 'Clear'));

export async function execute(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, context: CommandContext): Promise<void> {
  if (!interaction.isChatInputCommand()) return;
  if (!interaction.inGuild()) {
    await interaction.reply({ content: 'Budgets belong to a server: use /budget in a server channel.', flags: MessageFlags.Ephemeral });
    return;
  }
  const sub = interaction.options.getSubcommand(true);
  if (sub === 'set') return setBudgetReply(interaction, context);
  if (sub === 'clear') return clearBudgetReply(interaction, context);
  return showBudgetsReply(interaction, context);
}

/** `budget:ask:<budgetId>:<micros>` under a refusal; `budget:approve|deny:<requestId>` in the alert channel. */
export async function button(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const parsed = parseBudgetButton(interaction.customId);
  if (!parsed) return;
  if (parsed.action === 'ask') return askForMore(interaction, context, parsed.budgetId, parsed.micros);
  return decideRequest(interaction, context, parsed.requestId, parsed.action);
}

import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction, type MessageContextMenuCommandInteraction } from 'discord.js';
import type { CommandContext } from '../src/discord/command-module.ts';
import { usageReply } from '../src/discord/usage-reply.ts';

/** `/usage`: what videos cost, as a summary, a chart and a CSV (option names are public contract, README). Replies are private. */
export const data = new SlashCommandBuilder()
  .setName('usage')
  .setDescription('What videos cost here: a summary, a chart and a CSV of every task')
  .setContexts(0)
  .addStringOption((o) =>
    o
      .setName('period')
      .setDescription('Which period (UTC; default: this month)')
      .addChoices(
        { name: 'today', value: 'today' },
        { name: 'this week (from Monday)', value: 'week' },
        { name: 'this month', value: 'month' },
        { name: 'the last 30 days', value: '30d' },
        { name: 'all time', value: 'all' },
      ),
  )
  .addUserOption((o) => o.setName('member').setDescription('Only this member (yours unless you can manage the server)'))
  .addChannelOption((o) => o.setName('channel').setDescription('Only videos made in this channel'))
  .addStringOption((o) =>
    o
      .setName('by')
      .setDescription('How the chart groups the spend (default: member, or day for one member)')
      .addChoices(...['member', 'channel', 'model', 'provider', 'day'].map((v) => ({ name: v, value: v }))),
  );

export async function execute(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, context: CommandContext): Promise<void> {
  if (!interaction.isChatInputCommand()) return;
  if (!interaction.inGuild()) {
    await interaction.reply({ content: 'Usage belongs to a server: use /usage in a server channel.', flags: MessageFlags.Ephemeral });
    return;
  }
  await usageReply(interaction, context);
}

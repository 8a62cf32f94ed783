import { AttachmentBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { usageRows, usageSince, USAGE_PERIODS, type UsagePeriod } from '../money/usage-report.ts';
import { formatMicroUsd, usageCsv } from '../usage/usage-csv.ts';
import { usageGroups, usageTotals, USAGE_GROUPINGS, type UsageGrouping, type UsageTotals } from '../usage/usage-summary.ts';
import { managesServer, PRIVATE } from './budget-admin.ts';
import type { CommandContext } from './command-module.ts';

type Interaction = ChatInputCommandInteraction<'cached' | 'raw'>;

const PERIOD_NAMES: Record<UsagePeriod, string> = {
  today: 'Today (since 00:00 UTC)',
  week: 'This week (since Monday 00:00 UTC)',
  month: 'This month (since the 1st, 00:00 UTC)',
  '30d': 'The last 30 days',
  all: 'All time',
};

/**
 * `/usage [period] [member] [channel] [by]`: a summary, the spend chart (PNG) and every task as CSV.
 * Members see their own usage; members with Manage Server see everyone's (or one member's).
 */
export async function usageReply(interaction: Interaction, context: CommandContext): Promise<void> {
  const o = interaction.options;
  const manager = managesServer(interaction);
  const asked = rawId(interaction, 'member');
  if (asked && asked !== interaction.user.id && !manager) {
    await interaction.reply({ content: 'You can see your own usage only; members who can manage the server can see anyone’s.', ...PRIVATE });
    return;
  }
  const userId = manager ? asked : interaction.user.id;
  const channelId = rawId(interaction, 'channel');
  const period = pick(o.getString('period'), USAGE_PERIODS, 'month');
  const by = pick(o.getString('by'), USAGE_GROUPINGS, userId ? 'day' : 'member');
  await interaction.deferReply({ flags: PRIVATE.flags });

  const now = Date.now();
  const rows = await usageRows(context.database.db, { guildId: interaction.guildId, since: usageSince(period, now), userId, channelId });
  const totals = usageTotals(rows);
  const channelName = (id: string) => `#${interaction.guild?.channels.cache.get(id)?.name ?? id}`;
  const groups = usageGroups(rows, by, channelName);
  // The chart stack (skia, fonts) is loaded on first use only, so a bot nobody asks for charts stays small.
  const { renderSpendChart } = await import('../usage/spend-chart.ts');
  const png = await renderSpendChart({
    title: `Spend by ${by}`,
    subtitle: `${PERIOD_NAMES[period]} · ${whose(userId, channelId, channelName)} · charged ${exactUsd(totals.chargedMicros)}`,
    bars: groups.map((g) => ({ label: g.label, usd: g.micros / 1_000_000 })),
  });
  const csv = Buffer.from(usageCsv(rows), 'utf8');
  const files = [new AttachmentBuilder(png, { name: 'usage.png' })];
  const limit = interaction.attachmentSizeLimit;
  const csvFits = !limit || csv.byteLength + png.byteLength <= limit;
  if (csvFits) files.push(new AttachmentBuilder(csv, { name: 'usage.csv' }));
  const lines = summaryLines(
    period,
    whose(userId, channelId, (id) => `<#${id}>`),
    totals,
  );
  if (!csvFits) lines.push(`(The CSV of ${rows.length} tasks is larger than Discord lets me upload here; pick a shorter period.)`);
  context.log.info({ guildId: interaction.guildId, userId: interaction.user.id, period, by, of: userId ?? 'everyone', tasks: rows.length }, 'usage report');
  await interaction.editReply({ content: lines.join('\n'), files, allowedMentions: { parse: [] } });
}

/** The summary: charged (exactly the CSV's `charged_usd` total), reserved now, videos, seconds, failures. */
export function summaryLines(period: UsagePeriod, who: string, t: UsageTotals): string[] {
  const running = t.running > 0 ? ` (${t.running} video${t.running === 1 ? '' : 's'} running)` : '';
  return [
    `**Usage — ${PERIOD_NAMES[period]}** · ${who}`,
    `• Charged: **${exactUsd(t.chargedMicros)}** (the total of the CSV’s charged_usd column)`,
    `• Reserved now: ${exactUsd(t.reservedMicros)}${running}`,
    `• Videos: ${t.videos} made, ${t.seconds} s generated, from ${t.tasks} request${t.tasks === 1 ? '' : 's'}`,
    `• Failures: ${t.failures}, charged $0`,
  ];
}

/** Dollars to the CSV's 4 decimals (its sums are exact there), without trailing zeros past the cents: $0.42, $0.084, $1.2346. */
export function exactUsd(micros: number): string {
  const [whole, fraction = ''] = formatMicroUsd(Math.round(micros / 100) * 100).split('.');
  return `$${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
}

function whose(userId: string | undefined, channelId: string | undefined, channel: (id: string) => string): string {
  const member = userId ? `<@${userId}>` : 'everyone';
  return channelId ? `${member} in ${channel(channelId)}` : member;
}

/** A member or channel option's id, as Discord sends it (no resolved objects needed). */
function rawId(interaction: Interaction, name: string): string | undefined {
  const value = interaction.options.get(name)?.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

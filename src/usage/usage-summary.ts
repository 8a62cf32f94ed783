import { modelInfo, isModelKey } from '../domain/models.ts';
import type { UsageRow } from '../money/usage-report.ts';
import { chargedMicroUsd, sumCharged } from './usage-csv.ts';

/** What /usage sums up for a period. Money is in micro-dollars, the charged total exactly the CSV's column. */
export interface UsageTotals {
  /** The sum of the CSV's `charged_usd` column. */
  chargedMicros: number;
  /** Held now by tasks still running. */
  reservedMicros: number;
  /** Tasks (requests) in the period. */
  tasks: number;
  /** Videos made: the variants of every task that succeeded. */
  videos: number;
  /** Seconds of video made (duration × variants of every success). */
  seconds: number;
  /** Tasks that failed: charged $0. */
  failures: number;
  /** Tasks still running. */
  running: number;
}

export function usageTotals(rows: readonly UsageRow[]): UsageTotals {
  const totals: UsageTotals = {
    chargedMicros: sumCharged(rows).microUsd,
    reservedMicros: 0,
    tasks: rows.length,
    videos: 0,
    seconds: 0,
    failures: 0,
    running: 0,
  };
  for (const row of rows) {
    totals.reservedMicros += row.reservedMicros;
    if (row.status === 'succeeded' || row.status === 'released') {
      totals.videos += row.variants;
      totals.seconds += row.durationS * row.variants;
    } else if (row.status === 'failed') totals.failures += 1;
    else totals.running += 1;
  }
  return totals;
}

/** How /usage groups its chart. */
export type UsageGrouping = 'member' | 'channel' | 'model' | 'provider' | 'day';

export const USAGE_GROUPINGS: readonly UsageGrouping[] = ['member', 'channel', 'model', 'provider', 'day'];

/** One bar: a group's charged total (the CSV's rounding, so the bars add up to the summary). */
export interface UsageGroup {
  key: string;
  label: string;
  micros: number;
}

/**
 * Charged spend per group: most first, except days, which go in date order (UTC). `channelName`
 * turns a channel id into a name (the Discord layer knows them); members are named as they were
 * called on their latest task.
 */
export function usageGroups(rows: readonly UsageRow[], by: UsageGrouping, channelName: (id: string) => string = (id) => id): UsageGroup[] {
  const groups = new Map<string, UsageGroup>();
  for (const row of rows) {
    const key = groupKey(row, by);
    const group = groups.get(key) ?? { key, label: key, micros: 0 };
    group.label = groupLabel(row, by, channelName);
    group.micros += chargedMicroUsd(row) ?? 0;
    groups.set(key, group);
  }
  const list = [...groups.values()];
  if (by === 'day') return list.sort((a, b) => a.key.localeCompare(b.key));
  return list.sort((a, b) => b.micros - a.micros || a.label.localeCompare(b.label));
}

function groupKey(row: UsageRow, by: UsageGrouping): string {
  switch (by) {
    case 'member':
      return row.memberId;
    case 'channel':
      return row.channelId;
    case 'model':
      return row.model;
    case 'provider':
      return row.provider;
    case 'day':
      return new Date(row.createdAt).toISOString().slice(0, 10);
  }
}

function groupLabel(row: UsageRow, by: UsageGrouping, channelName: (id: string) => string): string {
  switch (by) {
    case 'member':
      return row.memberName || row.memberId;
    case 'channel':
      return channelName(row.channelId);
    case 'model':
      return isModelKey(row.model) ? modelInfo(row.model).label : row.model;
    default:
      return groupKey(row, by);
  }
}

/** How long a budget's limit lasts before it starts again. */
export type Period = 'day' | 'week' | 'month' | 'total';

export const PERIODS: readonly Period[] = ['day', 'week', 'month', 'total'];

/**
 * The start of the period that contains `at`, at UTC boundaries: midnight, Monday (ISO 8601 weeks
 * start on Monday), the first of the month; `total` never resets (0).
 */
export function periodStart(period: Period, at: number): number {
  if (period === 'total') return 0;
  const d = new Date(at);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (period === 'day') return midnight;
  if (period === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return midnight - sinceMonday * 24 * 60 * 60 * 1000;
}

/** When the period that contains `at` ends (the next one starts); undefined for `total`. */
export function periodEnd(period: Period, at: number): number | undefined {
  if (period === 'total') return undefined;
  const start = new Date(periodStart(period, at));
  if (period === 'day') return start.getTime() + 24 * 60 * 60 * 1000;
  if (period === 'week') return start.getTime() + 7 * 24 * 60 * 60 * 1000;
  return Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
}

/** "daily", "weekly", "monthly", "total". */
export function periodAdjective(period: Period): string {
  return { day: 'daily', week: 'weekly', month: 'monthly', total: 'total' }[period];
}

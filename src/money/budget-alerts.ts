import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import type { BudgetUsage } from './budget-usage.ts';
import type { Spender } from './budgets.ts';

/** A budget that passed 80 % or 100 % of its limit with this reservation (one alert per period). */
export interface BudgetAlert {
  usage: BudgetUsage;
  threshold: 80 | 100;
  /** The member, for an allowance; absent for a shared pool. */
  memberId?: string;
}

const THRESHOLDS = [80, 100] as const;

/** Thresholds a reservation of `price` crossed, each recorded once per budget, period and subject (a member, for allowances). */
export async function recordCrossedThresholds(
  db: Kysely<Schema>,
  before: BudgetUsage[],
  price: number,
  who: Pick<Spender, 'userId'>,
  at: number,
): Promise<BudgetAlert[]> {
  const alerts: BudgetAlert[] = [];
  for (const usage of before) {
    const used = usage.spentMicros + usage.reservedMicros;
    const memberId = usage.budget.scope === 'role' || usage.budget.scope === 'member' ? who.userId : undefined;
    for (const threshold of THRESHOLDS) {
      const line = (usage.limitMicros * threshold) / 100;
      if (used >= line || used + price < line) continue;
      const recorded = await db
        .insertInto('budget_alerts')
        .values({ budget_id: usage.budget.id, period_start: usage.periodStart, subject_id: memberId ?? '', threshold, at })
        .onConflict((c) => c.columns(['budget_id', 'period_start', 'subject_id', 'threshold']).doNothing())
        .executeTakeFirst();
      const after = { ...usage, reservedMicros: usage.reservedMicros + price, leftMicros: Math.max(0, usage.leftMicros - price) };
      if (Number(recorded.numInsertedOrUpdatedRows ?? 0) > 0) alerts.push({ usage: after, threshold, memberId });
    }
  }
  return alerts;
}

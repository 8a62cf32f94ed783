import { sql, type Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { budgetSubject, countedSpending, type Budget, type Spender } from './budgets.ts';
import { periodEnd, periodStart } from './periods.ts';

/** Where a budget stands in its current period for one member. */
export interface BudgetUsage {
  budget: Budget;
  periodStart: number;
  /** When the limit starts again; undefined for `total`. */
  resetsAt: number | undefined;
  /** The limit plus what "Ask for more" approvals added for this period (for this member, on an allowance). */
  limitMicros: number;
  spentMicros: number;
  reservedMicros: number;
  leftMicros: number;
}

/** Sums of the charges a budget counts in its current period (settled charges and open reservations). */
export async function budgetUsage(db: Kysely<Schema>, budget: Budget, who: Pick<Spender, 'userId'>, at: number): Promise<BudgetUsage> {
  const start = periodStart(budget.period, at);
  const counted = countedSpending(budget, who);
  let query = db
    .selectFrom('charges')
    .select([
      sql<number>`coalesce(sum(case when state = 'charged' then charged_micros else 0 end), 0)`.as('spent'),
      sql<number>`coalesce(sum(case when state = 'reserved' then reserved_micros else 0 end), 0)`.as('reserved'),
    ])
    .where('guild_id', '=', budget.guildId)
    .where('created_at', '>=', start);
  if (counted.channelId) query = query.where('channel_id', '=', counted.channelId);
  if (counted.userId) query = query.where('user_id', '=', counted.userId);
  const [sums, raise] = await Promise.all([
    query.executeTakeFirstOrThrow(),
    db
      .selectFrom('budget_raises')
      .select('amount_micros')
      .where('budget_id', '=', budget.id)
      .where('period_start', '=', start)
      .where('subject_id', '=', budgetSubject(budget, who))
      .executeTakeFirst(),
  ]);
  const limitMicros = budget.limitMicros + Number(raise?.amount_micros ?? 0);
  const spentMicros = Number(sums.spent);
  const reservedMicros = Number(sums.reserved);
  return {
    budget,
    periodStart: start,
    resetsAt: periodEnd(budget.period, at),
    limitMicros,
    spentMicros,
    reservedMicros,
    leftMicros: Math.max(0, limitMicros - spentMicros - reservedMicros),
  };
}

export function budgetRow(row: Schema['budgets']): Budget {
  return {
    id: row.id,
    guildId: row.guild_id,
    scope: row.scope,
    targetId: row.target_id,
    period: row.period,
    limitMicros: Number(row.limit_micros),
    setBy: row.set_by,
    updatedAt: Number(row.updated_at),
  };
}

export async function guildBudgets(db: Kysely<Schema>, guildId: string): Promise<Budget[]> {
  return (await db.selectFrom('budgets').selectAll().where('guild_id', '=', guildId).orderBy('scope').orderBy('target_id').execute()).map(budgetRow);
}

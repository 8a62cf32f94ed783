import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { budgetRow } from './budget-usage.ts';
import type { Budget, BudgetScope } from './budgets.ts';
import type { Period } from './periods.ts';

/** What a budget is for: the server (target = the guild id), a channel, a role or a member. */
export interface BudgetTarget {
  guildId: string;
  scope: BudgetScope;
  targetId: string;
}

export interface BudgetChange extends BudgetTarget {
  period: Period;
  limitMicros: number;
  setBy: string;
}

/**
 * Sets a budget: a new one, or a new limit and period for the one this target has (its id stays, so
 * raises, alerts and requests made for it keep pointing at it). Resolves with the budget and what it
 * replaced. One statement (an upsert on the unique target), so two admins setting it at once leave one row.
 */
export async function setBudget(db: Kysely<Schema>, change: BudgetChange, now: number): Promise<{ budget: Budget; previous?: Budget }> {
  const previous = await findBudget(db, change);
  const row = await db
    .insertInto('budgets')
    .values({
      id: randomUUID(),
      guild_id: change.guildId,
      scope: change.scope,
      target_id: change.targetId,
      period: change.period,
      limit_micros: change.limitMicros,
      set_by: change.setBy,
      updated_at: now,
    })
    .onConflict((c) =>
      c
        .columns(['guild_id', 'scope', 'target_id'])
        .doUpdateSet({ period: change.period, limit_micros: change.limitMicros, set_by: change.setBy, updated_at: now }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { budget: budgetRow(row), previous };
}

export async function findBudget(db: Kysely<Schema>, target: BudgetTarget): Promise<Budget | undefined> {
  const row = await db
    .selectFrom('budgets')
    .selectAll()
    .where('guild_id', '=', target.guildId)
    .where('scope', '=', target.scope)
    .where('target_id', '=', target.targetId)
    .executeTakeFirst();
  return row ? budgetRow(row) : undefined;
}

export async function budgetById(db: Kysely<Schema>, id: string): Promise<Budget | undefined> {
  const row = await db.selectFrom('budgets').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? budgetRow(row) : undefined;
}

/**
 * Removes a budget with its raises and alerts; requests for more still waiting are denied (nobody
 * can approve room in a budget that is gone). Resolves with the budget removed, or undefined.
 */
export async function clearBudget(db: Kysely<Schema>, target: BudgetTarget, by: string, now: number): Promise<Budget | undefined> {
  return db.transaction().execute(async (trx) => {
    const budget = await findBudget(trx, target);
    if (!budget) return undefined;
    await trx.deleteFrom('budgets').where('id', '=', budget.id).execute();
    await trx.deleteFrom('budget_raises').where('budget_id', '=', budget.id).execute();
    await trx.deleteFrom('budget_alerts').where('budget_id', '=', budget.id).execute();
    await trx
      .updateTable('spend_requests')
      .set({ state: 'denied', decided_by: by, decided_at: now })
      .where('budget_id', '=', budget.id)
      .where('state', '=', 'pending')
      .execute();
    return budget;
  });
}

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { budgetById } from './budget-store.ts';
import { budgetSubject, type Budget } from './budgets.ts';
import { periodEnd, periodStart } from './periods.ts';

/** A member's "Ask for more": extra room in one budget, waiting for someone who manages the server. */
export interface SpendRequest {
  id: string;
  guildId: string;
  budgetId: string;
  userId: string;
  amountMicros: number;
  state: 'pending' | 'approved' | 'denied';
  createdAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
}

/** Where an approval put the extra room: the budget's period current when it was approved. */
export interface Raise {
  budget: Budget;
  periodStart: number;
  /** When that period ends (the raise with it); undefined for a total budget. */
  periodEnd: number | undefined;
}

export type Decision =
  | { ok: true; request: SpendRequest; raise?: Raise }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'decided'; request: SpendRequest }
  | { ok: false; reason: 'budget_gone'; request: SpendRequest };

/** Requests for more, kept in the store so the Approve / Deny buttons work after a restart and are decided once. */
export class SqlSpendRequests {
  readonly #db: Kysely<Schema>;

  constructor(db: Kysely<Schema>) {
    this.#db = db;
  }

  /**
   * Records a request, unless the member already has one waiting for this budget: then that one is
   * answered (`fresh: false`) and nothing new is posted.
   */
  async open(
    input: { guildId: string; budgetId: string; userId: string; amountMicros: number },
    now: number,
  ): Promise<{ request: SpendRequest; fresh: boolean }> {
    const waiting = await this.#db
      .selectFrom('spend_requests')
      .selectAll()
      .where('budget_id', '=', input.budgetId)
      .where('user_id', '=', input.userId)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (waiting) return { request: requestRow(waiting), fresh: false };
    const row = {
      id: randomBytes(9).toString('base64url'),
      guild_id: input.guildId,
      budget_id: input.budgetId,
      user_id: input.userId,
      amount_micros: input.amountMicros,
      state: 'pending' as const,
      created_at: now,
      decided_by: null,
      decided_at: null,
    };
    await this.#db.insertInto('spend_requests').values(row).execute();
    return { request: requestRow(row), fresh: true };
  }

  async get(id: string): Promise<SpendRequest | undefined> {
    const row = await this.#db.selectFrom('spend_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? requestRow(row) : undefined;
  }

  /** Takes back a request that could not be posted (nobody would ever see it). */
  async forget(id: string): Promise<void> {
    await this.#db.deleteFrom('spend_requests').where('id', '=', id).where('state', '=', 'pending').execute();
  }

  /**
   * Approves or denies a waiting request, once: the state moves from pending only if it still is
   * pending (two managers pressing at once: one wins, the other is told). An approval adds the amount
   * to the budget's current period — for an allowance, the asking member's only — in the same transaction.
   */
  async decide(id: string, decision: 'approved' | 'denied', by: string, now: number): Promise<Decision> {
    return this.#db.transaction().execute(async (trx): Promise<Decision> => {
      const read = () => trx.selectFrom('spend_requests').selectAll().where('id', '=', id).executeTakeFirst();
      const found = await read();
      if (!found) return { ok: false, reason: 'unknown' };
      if (found.state !== 'pending') return { ok: false, reason: 'decided', request: requestRow(found) };
      const budget = await budgetById(trx, found.budget_id);
      const state = decision === 'approved' && !budget ? 'denied' : decision;
      const updated = await trx
        .updateTable('spend_requests')
        .set({ state, decided_by: by, decided_at: now })
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      // Another manager decided between the read and this update (PostgreSQL re-checks the row it waited for).
      if (!updated) return { ok: false, reason: 'decided', request: requestRow((await read()) ?? found) };
      const request = requestRow(updated);
      if (!budget) return decision === 'approved' ? { ok: false, reason: 'budget_gone', request } : { ok: true, request };
      if (state === 'denied') return { ok: true, request };
      const start = periodStart(budget.period, now);
      await trx
        .insertInto('budget_raises')
        .values({ budget_id: budget.id, period_start: start, subject_id: budgetSubject(budget, request), amount_micros: request.amountMicros })
        .onConflict((c) =>
          c
            .columns(['budget_id', 'period_start', 'subject_id'])
            .doUpdateSet((eb) => ({ amount_micros: eb('budget_raises.amount_micros', '+', eb.ref('excluded.amount_micros')) })),
        )
        .execute();
      return { ok: true, request, raise: { budget, periodStart: start, periodEnd: periodEnd(budget.period, now) } };
    });
  }
}

function requestRow(row: Schema['spend_requests']): SpendRequest {
  return {
    id: row.id,
    guildId: row.guild_id,
    budgetId: row.budget_id,
    userId: row.user_id,
    amountMicros: Number(row.amount_micros),
    state: row.state,
    createdAt: Number(row.created_at),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : Number(row.decided_at),
  };
}

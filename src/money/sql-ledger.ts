import { sql, type Kysely } from 'kysely';
import { isTerminal, type Task } from '../domain/task.ts';
import type { Dialect } from '../store/database.ts';
import type { Schema } from '../store/schema.ts';
import { budgetUsage, guildBudgets, type BudgetUsage } from './budget-usage.ts';
import { applicableBudgets, type Budget, type Spender } from './budgets.ts';
import { recordCrossedThresholds, type BudgetAlert } from './budget-alerts.ts';
import { toMicros } from './micros.ts';

/** Why a reservation did not fit. */
export type ReserveRefusal = { kind: 'budget'; usage: BudgetUsage; priceMicros: number } | { kind: 'running'; running: number; max: number };

export type ReserveOutcome = { ok: true; alerts: BudgetAlert[] } | { ok: false; refusal: ReserveRefusal };

/**
 * The spend ledger: reservations, settlements and releases, one charge row per task and one keyed
 * entry per movement (so nothing is entered twice). Methods that change money must run inside a
 * transaction (`db` is a Kysely transaction); on PostgreSQL the budgets involved are locked first,
 * so concurrent reservations — many members, several processes — never overshoot a budget
 * (the reserve → settle pattern of LiteLLM's budget reservations, BerriAI/litellm
 * litellm/proxy/spend_tracking/budget_reservation.py).
 */
export class SqlLedger {
  readonly #db: Kysely<Schema>;
  readonly #dialect: Dialect;
  readonly #now: () => number;

  constructor(db: Kysely<Schema>, dialect: Dialect, now: () => number = Date.now) {
    this.#db = db;
    this.#dialect = dialect;
    this.#now = now;
  }

  /** Checks every budget that applies and the member's running limit, then reserves the task's price. */
  async reserve(task: Task, who: Spender & { userName?: string }, limits: { maxRunning: number }): Promise<ReserveOutcome> {
    const price = toMicros(task.estimatedCost.usd);
    const budgets = applicableBudgets(await guildBudgets(this.#db, who.guildId), who);
    await this.#lock(budgets, who);
    const running = await this.runningCount(who.guildId, who.userId);
    if (limits.maxRunning > 0 && running >= limits.maxRunning) return { ok: false, refusal: { kind: 'running', running, max: limits.maxRunning } };
    const now = this.#now();
    const before = await Promise.all(budgets.map((b) => budgetUsage(this.#db, b, who, now)));
    const short = before.find((u) => u.leftMicros < price);
    if (short) return { ok: false, refusal: { kind: 'budget', usage: short, priceMicros: price } };
    await this.#db
      .insertInto('charges')
      .values({
        task_id: task.id,
        guild_id: task.origin.guildId,
        channel_id: task.origin.channelId,
        user_id: task.origin.userId,
        user_name: who.userName ?? null,
        model: task.request.model,
        provider: task.provider,
        duration_s: task.request.duration,
        variants: task.request.variants,
        created_at: task.createdAt,
        state: 'reserved',
        outcome: task.status,
        reserved_micros: price,
        charged_micros: null,
        estimated: 1,
        settled_at: null,
      })
      .execute();
    await this.#entry(task.id, 'reserve', price, now);
    return { ok: true, alerts: await recordCrossedThresholds(this.#db, before, price, who, now) };
  }

  /**
   * Moves a running task's reservation to a new price (failover to another provider), if every
   * budget has room for the difference. Resolves false when it does not fit.
   */
  async reprice(task: Task, next: Task, who: Spender): Promise<ReserveRefusal | undefined> {
    const price = toMicros(next.estimatedCost.usd);
    const current = await this.#db
      .selectFrom('charges')
      .select('reserved_micros')
      .where('task_id', '=', task.id)
      .where('state', '=', 'reserved')
      .executeTakeFirst();
    const held = Number(current?.reserved_micros ?? 0);
    const budgets = applicableBudgets(await guildBudgets(this.#db, who.guildId), who);
    await this.#lock(budgets, who);
    const now = this.#now();
    for (const budget of budgets) {
      const usage = await budgetUsage(this.#db, budget, who, now);
      if (usage.leftMicros + held < price) return { kind: 'budget', usage, priceMicros: price };
    }
    await this.#db
      .updateTable('charges')
      .set({ reserved_micros: price, provider: next.provider })
      .where('task_id', '=', task.id)
      .where('state', '=', 'reserved')
      .execute();
    await this.#entry(task.id, `reprice:${next.provider}`, price, now);
    return undefined;
  }

  /**
   * Settles a finished task's reservation to what it cost (the provider's figure, or the estimate,
   * marked so, when it reported none); a failed task is released at $0. Idempotent: a second call
   * changes nothing. Resolves with the charge in micro-dollars, or undefined when already settled.
   */
  async settle(task: Task): Promise<number | undefined> {
    if (!isTerminal(task)) return undefined;
    const cost = task.status === 'succeeded' ? (task.cost ?? task.estimatedCost) : undefined;
    const charged = cost ? toMicros(cost.usd) : 0;
    const now = this.#now();
    const updated = await this.#db
      .updateTable('charges')
      .set({
        state: charged > 0 ? 'charged' : 'released',
        charged_micros: charged,
        reserved_micros: 0,
        estimated: cost?.estimated ? 1 : 0,
        outcome: task.status,
        settled_at: now,
      })
      .where('task_id', '=', task.id)
      .where('state', '=', 'reserved')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return undefined;
    await this.#entry(task.id, charged > 0 ? 'settle' : 'release', charged, now);
    return charged;
  }

  /** Tasks still holding a reservation although they finished (a stop between the two writes). */
  async finishedWithReservation(limit = 500): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('charges')
      .innerJoin('tasks', 'tasks.id', 'charges.task_id')
      .select('charges.task_id')
      .where('charges.state', '=', 'reserved')
      .where('tasks.status', 'in', ['succeeded', 'failed'])
      .limit(limit)
      .execute();
    return rows.map((r) => r.task_id);
  }

  /** A member's tasks holding a reservation here (at the provider or about to be). */
  runningCount(guildId: string, userId: string): Promise<number> {
    return runningCount(this.#db, guildId, userId);
  }

  /** What the ledger holds for one task (for messages). */
  async chargeOf(taskId: string): Promise<{ state: string; reservedMicros: number; chargedMicros: number | null; estimated: boolean } | undefined> {
    const row = await this.#db
      .selectFrom('charges')
      .select(['state', 'reserved_micros', 'charged_micros', 'estimated'])
      .where('task_id', '=', taskId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      state: row.state,
      reservedMicros: Number(row.reserved_micros),
      chargedMicros: row.charged_micros === null ? null : Number(row.charged_micros),
      estimated: row.estimated === 1,
    };
  }

  /** PostgreSQL: lock the budgets (in id order, no deadlocks) and the member's running count for this transaction. */
  async #lock(budgets: Budget[], who: Spender): Promise<void> {
    if (this.#dialect !== 'postgres') return; // SQLite runs one write transaction at a time
    await sql`select pg_advisory_xact_lock(hashtext(${`kling-running:${who.guildId}:${who.userId}`}))`.execute(this.#db);
    if (budgets.length === 0) return;
    await this.#db
      .selectFrom('budgets')
      .select('id')
      .where('id', 'in', budgets.map((b) => b.id).sort())
      .orderBy('id')
      .forUpdate()
      .execute();
  }

  async #entry(taskId: string, kind: string, amount: number, at: number): Promise<void> {
    await this.#db
      .insertInto('ledger_entries')
      .values({ task_id: taskId, kind, amount_micros: amount, at })
      .onConflict((c) => c.columns(['task_id', 'kind']).doNothing())
      .execute();
  }
}

/** A member's tasks holding a reservation in a server: those at the provider, or about to be. */
export async function runningCount(db: Kysely<Schema>, guildId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('charges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('state', '=', 'reserved')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

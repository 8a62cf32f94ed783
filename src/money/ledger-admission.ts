import type { Task } from '../domain/task.ts';
import type { Admission, Admitted, Refusal } from '../flow/orders.ts';
import type { Logger } from '../logging/log.ts';
import type { Database } from '../store/database.ts';
import type { GuildSettings } from '../store/guild-settings.ts';
import { SqlTaskRepository } from '../store/sql-task-repository.ts';
import type { Schedule, StoredTask } from '../store/task-repository.ts';
import type { BudgetAlert } from './budget-alerts.ts';
import type { ReserveRefusal } from './sql-ledger.ts';
import { SqlLedger } from './sql-ledger.ts';

const UNAVAILABLE = 'The bot cannot record spending right now, so nothing was submitted and nothing was charged. Please try again in a moment.';

export interface LedgerAdmissionDeps {
  database: Database;
  settings: Pick<GuildSettings, 'server'>;
  /** Budgets that crossed 80 % or 100 % with a reservation (posted to the alert channel). */
  onAlerts: (guildId: string, alerts: BudgetAlert[]) => void;
  log: Logger;
  now?: () => number;
}

/**
 * Admission with money: the price is reserved in every budget that applies and the task stored, in
 * one transaction, or nothing happens. If the ledger cannot be written, nothing is submitted.
 */
export function ledgerAdmission(deps: LedgerAdmissionDeps): Admission {
  const { database, log } = deps;
  const inTransaction = <T>(work: (tasks: SqlTaskRepository, ledger: SqlLedger) => Promise<T>) =>
    database.db.transaction().execute((trx) => work(new SqlTaskRepository(trx, database.dialect), new SqlLedger(trx, database.dialect, deps.now)));
  return {
    async admit(task: Task, schedule: Schedule): Promise<Admitted> {
      const { maxRunning } = await deps.settings.server(task.origin.guildId);
      const who = spenderOf(task);
      try {
        const outcome = await inTransaction(async (tasks, ledger) => {
          const reserved = await ledger.reserve(task, who, { maxRunning: task.origin.guildId ? maxRunning : 0 });
          if (!reserved.ok) return reserved;
          return { ...reserved, task: await tasks.create(task, schedule) };
        });
        if (!outcome.ok) return { ok: false, refusal: fromReserve(outcome.refusal) };
        if (outcome.alerts.length > 0 && task.origin.guildId) deps.onAlerts(task.origin.guildId, outcome.alerts);
        return { ok: true, task: outcome.task };
      } catch (error) {
        log.error({ taskId: task.id, err: error }, 'could not reserve spending; nothing submitted');
        return { ok: false, refusal: { kind: 'unavailable', message: UNAVAILABLE } };
      }
    },
    async reprice(current: StoredTask, next: Task): Promise<Admitted> {
      try {
        return await inTransaction(async (tasks, ledger) => {
          const refused = await ledger.reprice(current, next, spenderOf(current));
          if (refused) return { ok: false, refusal: fromReserve(refused) };
          const moved = await tasks.replace(current, next);
          if (!moved) throw new Error(`task ${current.id} changed while it was being moved to another provider`);
          return { ok: true, task: moved };
        });
      } catch (error) {
        log.error({ taskId: current.id, err: error }, 'could not reprice a failover; not moved');
        return { ok: false, refusal: { kind: 'unavailable', message: UNAVAILABLE } };
      }
    },
  };
}

/**
 * The write that finishes a task, with its reservation settled in the same transaction: the outcome
 * and the money can never disagree, and a repeated webhook settles nothing twice.
 */
export function finishWithLedger(database: Database, now?: () => number) {
  return (current: StoredTask, next: Task, schedule: Schedule): Promise<StoredTask | undefined> =>
    database.db.transaction().execute(async (trx) => {
      const stored = await new SqlTaskRepository(trx, database.dialect).replace(current, next, schedule);
      if (stored) await new SqlLedger(trx, database.dialect, now).settle(stored);
      return stored;
    });
}

/** Settles reservations of tasks that finished while the settlement was not written (a stop in between). */
export async function settleLeftovers(database: Database, log: Logger): Promise<number> {
  const ledger = new SqlLedger(database.db, database.dialect);
  const tasks = new SqlTaskRepository(database.db, database.dialect);
  let settled = 0;
  for (const id of await ledger.finishedWithReservation()) {
    const task = await tasks.get(id);
    if (task && (await ledger.settle(task)) !== undefined) settled += 1;
  }
  if (settled > 0) log.info({ settled }, 'settled reservations of tasks that finished during a stop');
  return settled;
}

function spenderOf(task: Task) {
  return {
    guildId: task.origin.guildId ?? '',
    channelId: task.origin.channelId,
    userId: task.origin.userId,
    roleIds: task.origin.roleIds ?? [],
    userName: task.origin.userName,
  };
}

function fromReserve(refusal: ReserveRefusal): Refusal {
  return refusal.kind === 'budget'
    ? { kind: 'budget', usage: refusal.usage, priceMicros: refusal.priceMicros }
    : { kind: 'running', running: refusal.running, max: refusal.max };
}

// What the spend contracts share: the stores under test, tasks priced as asked, and the ledger's real
// admission (reservation + task in one transaction) and finishing write (task + settlement).
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task } from '../../src/domain/task.ts';
import type { Admitted } from '../../src/flow/orders.ts';
import { setBudget } from '../../src/money/budget-store.ts';
import type { Budget, BudgetScope } from '../../src/money/budgets.ts';
import { finishWithLedger, ledgerAdmission } from '../../src/money/ledger-admission.ts';
import { toMicros } from '../../src/money/micros.ts';
import type { Period } from '../../src/money/periods.ts';
import type { BudgetAlert } from '../../src/money/budget-alerts.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { SqlTaskRepository } from '../../src/store/sql-task-repository.ts';
import type { StoredTask } from '../../src/store/task-repository.ts';
import { RecordingLog } from '../support/flow-fakes.ts';
import { freshSchema } from '../support/postgres.ts';
import { makeTask } from '../support/tasks.ts';

/** One store under test: `databases[0]` is the bot's handle; on PostgreSQL the others are separate connection pools (other processes). */
export interface SpendFixture {
  databases: Database[];
  close(): Promise<void>;
}

export async function sqliteSpendStore(): Promise<SpendFixture> {
  // One process holds a SQLite store (start-up takes over every lease), so one handle.
  const database = openDatabase(`sqlite://${join(mkdtempSync(join(tmpdir(), 'kling-spend-')), 'bot.sqlite')}`);
  await migrateToLatest(database);
  return { databases: [database], close: () => database.close() };
}

export async function postgresSpendStore(processes = 4): Promise<SpendFixture> {
  const schema = await freshSchema();
  const first = openDatabase(schema.storeUrl);
  await migrateToLatest(first);
  const others = Array.from({ length: processes - 1 }, () => openDatabase(schema.storeUrl));
  return {
    databases: [first, ...others],
    close: async () => {
      for (const database of others) await database.close();
      await first.close();
      await schema.drop();
    },
  };
}

/** 2026-06-10 12:00 UTC, a Wednesday. */
export const WEDNESDAY_NOON = Date.UTC(2026, 5, 10, 12);
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

/** A guild of its own per test, so tests share one store without seeing each other's budgets. */
export function freshGuild(): string {
  return `g-${randomUUID()}`;
}

export interface Who {
  guildId: string;
  channelId?: string;
  userId?: string;
  roleIds?: string[];
}

/** A pending task of `usd` (estimated) for that member, made at `at`. */
export function pricedTask(who: Who, usd: number, at: number, fields: Partial<Task> = {}): Task {
  return makeTask({
    id: randomUUID(),
    origin: {
      guildId: who.guildId,
      channelId: who.channelId ?? 'c1',
      userId: who.userId ?? 'u1',
      roleIds: who.roleIds ?? [],
      userName: `name of ${who.userId ?? 'u1'}`,
    },
    estimatedCost: { usd, estimated: true },
    createdAt: at,
    ...fields,
  });
}

export async function budget(
  database: Database,
  guildId: string,
  scope: BudgetScope,
  usd: number,
  period: Period = 'day',
  targetId = guildId,
): Promise<Budget> {
  return (await setBudget(database.db, { guildId, scope, targetId, period, limitMicros: toMicros(usd), setBy: 'admin' }, 0)).budget;
}

/** The bot's admission over one handle, with a clock, a running limit and the alerts it raised. */
export function admissionOn(database: Database, clock: { now: number }, maxRunning = 0) {
  const alerts: BudgetAlert[] = [];
  const admission = ledgerAdmission({
    database,
    settings: { server: async () => ({ confirmAboveUsd: 0, maxRunning }) },
    onAlerts: (_guildId, raised) => alerts.push(...raised),
    log: new RecordingLog(),
    now: () => clock.now,
  });
  return { alerts, admit: (task: Task): Promise<Admitted> => admission.admit(task, {}), reprice: admission.reprice };
}

/** Finishes a stored task the way Completion does (the task's write and its settlement in one transaction). */
export async function finish(database: Database, stored: StoredTask, fields: Partial<Task>, clock: { now: number }): Promise<StoredTask | undefined> {
  return finishWithLedger(database, () => clock.now)(stored, { ...stored, ...fields }, {});
}

export function storedOf(admitted: Admitted): StoredTask {
  if (!admitted.ok) throw new Error(`expected the task to be admitted, got ${JSON.stringify(admitted.refusal)}`);
  return admitted.task;
}

export function tasksOn(database: Database): SqlTaskRepository {
  return new SqlTaskRepository(database.db, database.dialect);
}

export async function chargeRow(database: Database, taskId: string) {
  return database.db.selectFrom('charges').selectAll().where('task_id', '=', taskId).executeTakeFirst();
}

export async function entries(database: Database, taskId: string) {
  return database.db.selectFrom('ledger_entries').select(['kind', 'amount_micros']).where('task_id', '=', taskId).orderBy('at').orderBy('kind').execute();
}

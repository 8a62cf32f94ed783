import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Task } from '../../domain/task.ts';
import { toMicros } from '../../money/micros.ts';
import type { Schema } from '../schema.ts';

/**
 * The spend ledger (one charge per task, and keyed entries so nothing is charged twice), budgets,
 * their raises and alerts, requests for more, and orders waiting for a confirmation. Tasks finished
 * before this version are entered once, from the costs stored on them.
 */
export function spendMigration(now: () => number = Date.now): Migration {
  return {
    async up(untyped: Kysely<unknown>) {
      const db = untyped as Kysely<Schema>;
      await db.schema
        .createTable('charges')
        .addColumn('task_id', 'text', (c) => c.primaryKey())
        .addColumn('guild_id', 'text')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text')
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('duration_s', 'integer', (c) => c.notNull())
        .addColumn('variants', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('reserved_micros', 'bigint', (c) => c.notNull())
        .addColumn('charged_micros', 'bigint')
        .addColumn('estimated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('settled_at', 'bigint')
        .execute();
      await db.schema.createIndex('charges_guild').on('charges').columns(['guild_id', 'created_at']).execute();
      await db.schema.createIndex('charges_member').on('charges').columns(['guild_id', 'user_id', 'created_at']).execute();
      await db.schema.createIndex('charges_channel').on('charges').columns(['guild_id', 'channel_id', 'created_at']).execute();
      await db.schema.createIndex('charges_open').on('charges').columns(['state']).execute();
      await db.schema
        .createTable('ledger_entries')
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('amount_micros', 'bigint', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_entries_pk', ['task_id', 'kind'])
        .execute();
      await db.schema
        .createTable('budgets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('limit_micros', 'bigint', (c) => c.notNull())
        .addColumn('set_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('budgets_target', ['guild_id', 'scope', 'target_id'])
        .execute();
      await db.schema
        .createTable('budget_raises')
        .addColumn('budget_id', 'text', (c) => c.notNull())
        .addColumn('period_start', 'bigint', (c) => c.notNull())
        .addColumn('amount_micros', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('budget_raises_pk', ['budget_id', 'period_start'])
        .execute();
      await db.schema
        .createTable('budget_alerts')
        .addColumn('budget_id', 'text', (c) => c.notNull())
        .addColumn('period_start', 'bigint', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('threshold', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('budget_alerts_pk', ['budget_id', 'period_start', 'subject_id', 'threshold'])
        .execute();
      await db.schema
        .createTable('spend_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('budget_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('amount_micros', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'bigint')
        .execute();
      await db.schema
        .createTable('pending_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await enterEarlierTasks(db, now());
    },
  };
}

/** Charges for tasks made before the ledger existed, from their stored costs (once: keyed by task). */
async function enterEarlierTasks(db: Kysely<Schema>, at: number): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('tasks').select(['id', 'data']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    const charges = rows.map((row) => legacyCharge(JSON.parse(row.data) as Task, at));
    await db
      .insertInto('charges')
      .values(charges)
      .onConflict((c) => c.column('task_id').doNothing())
      .execute();
    await db
      .insertInto('ledger_entries')
      .values(charges.map((c) => ({ task_id: c.task_id, kind: 'legacy', amount_micros: c.charged_micros ?? c.reserved_micros, at })))
      .onConflict((c) => c.columns(['task_id', 'kind']).doNothing())
      .execute();
  }
}

function legacyCharge(task: Task, at: number): Schema['charges'] {
  const finished = task.status === 'succeeded' || task.status === 'failed';
  const reserved = toMicros(task.estimatedCost.usd);
  const charged = task.status === 'succeeded' ? toMicros((task.cost ?? task.estimatedCost).usd) : 0;
  return {
    task_id: task.id,
    guild_id: task.origin.guildId,
    channel_id: task.origin.channelId,
    user_id: task.origin.userId,
    user_name: null,
    model: task.request.model,
    provider: task.provider,
    duration_s: task.request.duration,
    variants: task.request.variants,
    created_at: task.createdAt,
    state: finished ? (task.status === 'succeeded' ? 'charged' : 'released') : 'reserved',
    outcome: task.status,
    reserved_micros: finished ? 0 : reserved,
    charged_micros: finished ? charged : null,
    estimated: (task.cost ?? task.estimatedCost).estimated ? 1 : 0,
    settled_at: finished ? at : null,
  };
}

import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import type { MetricsSources, SpendTotals, TaskCount } from './metrics.ts';

/** The store-backed gauges' reads (src/ops/metrics.ts), from the bot's database. */
export function storeMetricSources(db: Kysely<Schema>): Required<MetricsSources> {
  return { taskCounts: () => taskCounts(db), spend: () => spendTotals(db) };
}

export async function taskCounts(db: Kysely<Schema>): Promise<TaskCount[]> {
  const rows = await db
    .selectFrom('tasks')
    .select(['status', 'provider', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['status', 'provider'])
    .execute();
  return rows.map((r) => ({ status: r.status, provider: r.provider, count: Number(r.n) }));
}

/** Charged and reserved money summed over the `charges` table (a released charge holds nothing). */
export async function spendTotals(db: Kysely<Schema>): Promise<SpendTotals> {
  const row = await db
    .selectFrom('charges')
    .select((eb) => [
      eb.fn.sum<number | null>(eb.case().when('state', '=', 'charged').then(eb.ref('charged_micros')).else(0).end()).as('charged'),
      eb.fn.sum<number | null>(eb.case().when('state', '=', 'reserved').then(eb.ref('reserved_micros')).else(0).end()).as('reserved'),
    ])
    .executeTakeFirstOrThrow();
  return { chargedMicros: Number(row.charged ?? 0), reservedMicros: Number(row.reserved ?? 0) };
}

import { sql, type Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import type { UsageCsvRow, UsageStatus } from '../usage/usage-csv.ts';
import { periodStart } from './periods.ts';
import { toUsd } from './micros.ts';

/** The periods /usage offers, all in UTC. */
export type UsagePeriod = 'today' | 'week' | 'month' | '30d' | 'all';

export const USAGE_PERIODS: readonly UsagePeriod[] = ['today', 'week', 'month', '30d', 'all'];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where a /usage period starts: today = since UTC midnight, week = the ISO week (from Monday 00:00
 * UTC), month = the calendar month in UTC, 30d = the last 30 × 24 hours, all = everything (0).
 */
export function usageSince(period: UsagePeriod, now: number): number {
  switch (period) {
    case 'today':
      return periodStart('day', now);
    case 'week':
      return periodStart('week', now);
    case 'month':
      return periodStart('month', now);
    case '30d':
      return now - 30 * DAY_MS;
    case 'all':
      return 0;
  }
}

/** Whose charges a report reads: one server since a time, optionally one member and/or one channel. */
export interface UsageFilter {
  guildId: string;
  since: number;
  userId?: string;
  channelId?: string;
}

/** One task's charge, as the CSV shows it, with what it still holds. */
export interface UsageRow extends UsageCsvRow {
  /** What the task holds while it runs (0 once settled). */
  reservedMicros: number;
  /** The settled charge in micro-dollars (0 for a failure), null while running. */
  chargedMicros: number | null;
}

/**
 * Every charge of the filter, oldest first, from the `charges` table (kept when old tasks are pruned).
 * The estimate is the price last reserved for the task (its reservation, or a failover's reprice);
 * a running task's status is read from the task itself.
 */
export async function usageRows(db: Kysely<Schema>, filter: UsageFilter): Promise<UsageRow[]> {
  let query = db
    .selectFrom('charges')
    .leftJoin('tasks', 'tasks.id', 'charges.task_id')
    .select((eb) => [
      'charges.task_id',
      'charges.created_at',
      'charges.user_id',
      'charges.user_name',
      'charges.channel_id',
      'charges.model',
      'charges.provider',
      'charges.duration_s',
      'charges.variants',
      'charges.state',
      'charges.outcome',
      'charges.reserved_micros',
      'charges.charged_micros',
      'tasks.status as task_status',
      eb
        .selectFrom('ledger_entries as e')
        .select('e.amount_micros')
        .whereRef('e.task_id', '=', 'charges.task_id')
        .where((w) => w.or([w('e.kind', '=', 'reserve'), w('e.kind', 'like', 'reprice:%')]))
        .orderBy('e.at', 'desc')
        .orderBy(sql`case when e.kind = 'reserve' then 1 else 0 end`)
        .limit(1)
        .as('estimate_micros'),
    ])
    .where('charges.guild_id', '=', filter.guildId)
    .where('charges.created_at', '>=', filter.since);
  if (filter.userId) query = query.where('charges.user_id', '=', filter.userId);
  if (filter.channelId) query = query.where('charges.channel_id', '=', filter.channelId);
  const rows = await query.orderBy('charges.created_at').orderBy('charges.task_id').execute();
  return rows.map((r) => {
    const reservedMicros = Number(r.reserved_micros);
    const chargedMicros = r.charged_micros === null ? null : Number(r.charged_micros);
    const estimate = r.state === 'reserved' ? reservedMicros : r.estimate_micros === null ? null : Number(r.estimate_micros);
    return {
      taskId: r.task_id,
      createdAt: Number(r.created_at),
      memberId: r.user_id,
      memberName: r.user_name ?? '',
      channelId: r.channel_id,
      model: r.model,
      provider: r.provider,
      durationS: Number(r.duration_s),
      variants: Number(r.variants),
      status: statusOf(r.state, r.outcome, r.task_status),
      estimatedUsd: estimate === null ? null : toUsd(estimate),
      chargedUsd: chargedMicros === null ? null : toUsd(chargedMicros),
      reservedMicros,
      chargedMicros,
    };
  });
}

/** Charged: succeeded; released: failed (or a success that cost nothing); reserved: the task's own status. */
function statusOf(state: string, outcome: string, taskStatus: string | null): UsageStatus {
  if (state === 'charged') return 'succeeded';
  if (state === 'released') return outcome === 'failed' ? 'failed' : 'released';
  const status = taskStatus ?? outcome;
  return status === 'queued' || status === 'generating' || status === 'succeeded' || status === 'failed' ? status : 'pending';
}

/** The members who spent most in a server since a time (charged plus still reserved), most first. */
export async function topSpenders(db: Kysely<Schema>, guildId: string, since: number, limit = 5): Promise<Array<{ userId: string; micros: number }>> {
  const rows = await db
    .selectFrom('charges')
    .select(['user_id', sql<number>`sum(coalesce(charged_micros, 0) + reserved_micros)`.as('micros')])
    .where('guild_id', '=', guildId)
    .where('created_at', '>=', since)
    .groupBy('user_id')
    .orderBy('micros', 'desc')
    .orderBy('user_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, micros: Number(r.micros) })).filter((r) => r.micros > 0);
}

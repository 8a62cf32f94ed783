// The bench's side of the store: opens and migrates it (src/store), writes many tasks at once in the
// rows the bot itself writes (src/store/task-rows.ts for tasks; the charge and ledger rows of
// src/money/sql-ledger.ts reserve/settle), sets budgets and server settings, and reads what the bot wrote.
import { join } from 'node:path';
import type { Task } from '../../src/domain/task.ts';
import { toMicros } from '../../src/money/micros.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { GuildSettings, type ServerSettings } from '../../src/store/guild-settings.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { openKeyv } from '../../src/store/sql-keyv-store.ts';
import { taskColumns, taskData } from '../../src/store/task-rows.ts';
import { freshSchema } from '../../test/support/postgres.ts';

export interface BenchStore {
  url: string;
  database: Database;
  /** Closes the bench's connection (and drops a PostgreSQL schema). */
  close(): Promise<void>;
}

/** A new, migrated store: a SQLite file in `dir`, or a fresh PostgreSQL schema (test/support/postgres.ts). */
export async function newStore(kind: 'sqlite' | 'postgres', dir: string, name = 'bot'): Promise<BenchStore> {
  const pg = kind === 'postgres' ? await freshSchema() : undefined;
  const url = pg ? pg.storeUrl : `sqlite://${join(dir, `${name}.sqlite`)}`;
  const database = openDatabase(url);
  try {
    await migrateToLatest(database);
  } catch (error) {
    await database.close();
    await pg?.drop();
    throw error;
  }
  return {
    url,
    database,
    close: async () => {
      await database.close();
      await pg?.drop();
    },
  };
}

export async function setServer(database: Database, guildId: string, settings: Partial<ServerSettings>): Promise<void> {
  await new GuildSettings(openKeyv(database.db)).updateServer(guildId, settings);
}

/**
 * Writes tasks in batches inside one transaction. Open tasks get a reservation (charge 'reserved' and
 * its 'reserve' entry) and are due `dueInMs` from now; posted ones their charge settled, both entries
 * and the message link.
 */
export async function insertTasks(database: Database, tasks: Task[], dueInMs = 300_000): Promise<void> {
  const now = Date.now();
  const batch = 400;
  await database.db.transaction().execute(async (trx) => {
    for (let start = 0; start < tasks.length; start += batch) {
      const slice = tasks.slice(start, start + batch);
      await trx
        .insertInto('tasks')
        .values(
          slice.map((t) => ({
            id: t.id,
            ...taskColumns(t),
            due_at: t.resultMessageId ? null : now + dueInMs,
            lease_owner: null,
            lease_until: null,
            version: 1,
            data: taskData(t),
          })),
        )
        .execute();
      await trx.insertInto('charges').values(slice.map(chargeRow)).execute();
      const entries = slice.flatMap((t) => {
        const reserve = { task_id: t.id, kind: 'reserve', amount_micros: toMicros(t.estimatedCost.usd), at: t.createdAt };
        return t.resultMessageId
          ? [reserve, { task_id: t.id, kind: 'settle', amount_micros: toMicros(t.cost?.usd ?? 0), at: t.completedAt ?? now }]
          : [reserve];
      });
      await trx.insertInto('ledger_entries').values(entries).execute();
      const links = slice.flatMap((t) => (t.resultMessageId ? [{ message_id: t.resultMessageId, task_id: t.id }] : []));
      if (links.length > 0) await trx.insertInto('message_links').values(links).execute();
    }
  });
}

function chargeRow(t: Task) {
  const price = toMicros(t.estimatedCost.usd);
  const posted = t.resultMessageId !== undefined;
  return {
    task_id: t.id,
    guild_id: t.origin.guildId,
    channel_id: t.origin.channelId,
    user_id: t.origin.userId,
    user_name: t.origin.userName ?? null,
    model: t.request.model,
    provider: t.provider,
    duration_s: t.request.duration,
    variants: t.request.variants,
    created_at: t.createdAt,
    state: posted ? ('charged' as const) : ('reserved' as const),
    outcome: t.status,
    reserved_micros: posted ? 0 : price,
    charged_micros: posted ? toMicros(t.cost?.usd ?? 0) : null,
    estimated: 0,
    settled_at: posted ? (t.completedAt ?? null) : null,
  };
}

/** Sets budgets: `limits` maps scope:target to a monthly limit in USD. */
export async function setBudgets(database: Database, guildId: string, budgets: Array<{ scope: 'server' | 'channel' | 'member'; target: string; usd: number }>) {
  await database.db
    .insertInto('budgets')
    .values(
      budgets.map((b) => ({
        id: `bench-${b.scope}-${b.target}`,
        guild_id: guildId,
        scope: b.scope,
        target_id: b.target,
        period: 'month' as const,
        limit_micros: toMicros(b.usd),
        set_by: 'bench',
        updated_at: Date.now(),
      })),
    )
    .execute();
}

/** How many of these tasks have their outcome recorded in the store (result message id written). */
export async function postedCount(database: Database, ids: string[]): Promise<number> {
  let posted = 0;
  for (let start = 0; start < ids.length; start += 500) {
    const row = await database.db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', ids.slice(start, start + 500))
      .where('open', '=', 0)
      .executeTakeFirstOrThrow();
    posted += Number(row.n);
  }
  return posted;
}

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Task } from '../../src/domain/task.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import { finishWithLedger, ledgerAdmission } from '../../src/money/ledger-admission.ts';
import { COPIED_TABLES, type TableName } from '../../src/store/copy-store.ts';
import type { Database } from '../../src/store/database.ts';
import { GuildSettings } from '../../src/store/guild-settings.ts';
import { openKeyv } from '../../src/store/sql-keyv-store.ts';
import { SqlPendingOrders } from '../../src/store/sql-pending-orders.ts';
import { SqlTaskRepository } from '../../src/store/sql-task-repository.ts';
import { makeTask } from './tasks.ts';

const silent = { info() {}, warn() {}, error() {}, debug() {} };
const GUILD = '300000000000000003';

/**
 * Fills a migrated store the way the bot does, through its repositories: tasks in several states with
 * their charges (reserved, charged, released) and a budget alert, message links, media bytes with
 * provider copies, key-value records (settings, a draft), a spend request and a pending order.
 */
export async function fillStore(database: Database) {
  const tasks = new SqlTaskRepository(database.db, database.dialect);
  const kv = openKeyv(database.db);
  const settings = new GuildSettings(kv);
  const media = new MediaStore(database.db, () => 1_700_000_000_000);
  await settings.updateServer(GUILD, { maxRunning: 5 });
  await kv.set('draft:u1', { prompt: 'a fox “quoted” ✓', images: [1, 2] });
  await database.db
    .insertInto('budgets')
    .values({ id: 'b1', guild_id: GUILD, scope: 'server', target_id: GUILD, period: 'total', limit_micros: 2_000_000, set_by: 'admin', updated_at: 5 })
    .execute();
  await database.db.insertInto('budget_raises').values({ budget_id: 'b1', period_start: 0, subject_id: '', amount_micros: 500_000 }).execute();
  await database.db
    .insertInto('spend_requests')
    .values({
      id: 'r1',
      guild_id: GUILD,
      budget_id: 'b1',
      user_id: 'u1',
      amount_micros: 1_000_000,
      state: 'pending',
      created_at: 7,
      decided_by: null,
      decided_at: null,
    })
    .execute();
  await new SqlPendingOrders(database.db).save({ userId: 'u1', expiresAt: 9_999_999_999_999, data: { prompt: 'later' } });

  const admission = ledgerAdmission({ database, settings, log: silent, onAlerts: () => undefined });
  const finish = finishWithLedger(database);
  const made: Task[] = [];
  const states: Array<Partial<Task>> = [
    { status: 'pending' },
    { status: 'generating', providerTaskId: 'p-2', submittedAt: 10 },
    {
      status: 'succeeded',
      cost: { usd: 0.84, estimated: false },
      results: [{ id: 'v', url: 'https://cdn.example/v.mp4' }],
      resultMessageId: '400000000000000004',
    },
    { status: 'failed', failure: { kind: 'content_policy', userMessage: 'refused' }, resultMessageId: '400000000000000005' },
  ];
  for (const [i, state] of states.entries()) {
    const task = makeTask({
      id: `task-${i}`,
      createdAt: 1000 + i,
      origin: { guildId: GUILD, channelId: 'c1', userId: `u${i}` },
      provider: i === 1 ? 'kling' : 'runware',
    });
    const admitted = await admission.admit(task, { dueAt: 2000 + i });
    if (!admitted.ok) throw new Error(`admission refused task ${task.id}`);
    const next = { ...task, ...state, completedAt: state.resultMessageId ? 3000 : undefined };
    const stored = state.resultMessageId ? await finish(admitted.task, next, { dueAt: null }) : await tasks.replace(admitted.task, next);
    if (!stored) throw new Error(`could not update task ${task.id}`);
    if (state.resultMessageId) await tasks.linkMessage(state.resultMessageId, task.id);
    made.push(next);
  }
  await tasks.linkMessage('400000000000000006', 'task-1');

  const images = [randomBytes(300_000), Buffer.from([0, 1, 2, 0, 255, 0]), randomBytes(1)];
  const refs = [];
  for (const bytes of images) refs.push(await media.save(bytes, { contentType: 'image/png', filename: 'x.png', width: 1, height: 1 }));
  await media.pin([refs[0]!]);
  await media.rememberProviderCopy(refs[0]!, 'runware', 'runware-copy-1');
  await media.rememberProviderCopy(refs[0]!, 'kling', 'kling-copy-1');
  return { tasks: made, images, refs, guildId: GUILD };
}

/** Every row of a table in key order, blobs as Buffers, so two stores compare with toEqual. */
export async function tableRows(database: Database, table: TableName): Promise<Array<Record<string, unknown>>> {
  const key = COPIED_TABLES[table].key as readonly string[];
  let query = (database.db as unknown as Kysely<Record<string, Record<string, unknown>>>).selectFrom(table).selectAll();
  for (const column of key) query = query.orderBy(column);
  const rows = await query.execute();
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v) : v])));
}

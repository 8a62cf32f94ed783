import type { Kysely } from 'kysely';
import type { Task } from '../domain/task.ts';
import type { Dialect } from './database.ts';
import type { Schema } from './schema.ts';
import type { Schedule, StoredTask, TaskPage, TaskRepository } from './task-repository.ts';
import { storedTask, taskColumns, taskData } from './task-rows.ts';

/** Compare-and-set retries before `update` gives up (each retry means another writer just won). */
const MAX_CONFLICTS = 20;

/** TaskRepository over SQL (SQLite or PostgreSQL through Kysely); `db` may be a transaction. */
export class SqlTaskRepository implements TaskRepository {
  readonly #db: Kysely<Schema>;
  readonly #dialect: Dialect;

  constructor(db: Kysely<Schema>, dialect: Dialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async create(task: Task, schedule: Schedule = {}): Promise<StoredTask> {
    await this.#db
      .insertInto('tasks')
      .values({
        id: task.id,
        ...taskColumns(task),
        due_at: schedule.dueAt ?? null,
        lease_owner: schedule.lease?.owner ?? null,
        lease_until: schedule.lease?.until ?? null,
        version: 1,
        data: taskData(task),
      })
      .execute();
    return { ...task, version: 1 };
  }

  async get(id: string): Promise<StoredTask | undefined> {
    const row = await this.#db.selectFrom('tasks').select(['data', 'version']).where('id', '=', id).executeTakeFirst();
    return row ? storedTask(row) : undefined;
  }

  async replace(current: StoredTask, next: Task, schedule: Schedule = {}): Promise<StoredTask | undefined> {
    const version = current.version + 1;
    const result = await this.#db
      .updateTable('tasks')
      .set({
        ...taskColumns(next),
        version,
        data: taskData(next),
        ...(schedule.dueAt !== undefined ? { due_at: schedule.dueAt } : {}),
        ...(schedule.lease !== undefined ? { lease_owner: schedule.lease?.owner ?? null, lease_until: schedule.lease?.until ?? null } : {}),
      })
      .where('id', '=', current.id)
      .where('version', '=', current.version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? { ...next, version } : undefined;
  }

  async update(id: string, change: (task: StoredTask) => Task | undefined, schedule?: Schedule): Promise<StoredTask | undefined> {
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      const current = await this.get(id);
      if (!current) return undefined;
      const next = change(current);
      if (!next) return current;
      const stored = await this.replace(current, next, schedule);
      if (stored) return stored;
    }
    throw new Error(`task ${id} kept changing under ${MAX_CONFLICTS} attempts to update it`);
  }

  async claimDue(claim: { owner: string; now: number; dueBy: number; leaseUntil: number; limit: number }): Promise<StoredTask[]> {
    const rows = await this.#db
      .updateTable('tasks')
      .set({ lease_owner: claim.owner, lease_until: claim.leaseUntil })
      .where('id', 'in', (eb) => {
        const due = eb
          .selectFrom('tasks')
          .select('id')
          .where('due_at', '<=', claim.dueBy)
          .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<=', claim.now)]))
          .orderBy('due_at')
          .limit(claim.limit);
        // Several processes: each takes rows the others have not locked (PostgreSQL's SKIP LOCKED).
        return this.#dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
      })
      .returning(['data', 'version'])
      .execute();
    return rows.map(storedTask);
  }

  async renewLease(owner: string, id: string, until: number): Promise<boolean> {
    const result = await this.#db.updateTable('tasks').set({ lease_until: until }).where('id', '=', id).where('lease_owner', '=', owner).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async reschedule(owner: string, entries: Array<{ id: string; dueAt: number | null }>): Promise<void> {
    for (const entry of entries) {
      await this.#db
        .updateTable('tasks')
        .set({ due_at: entry.dueAt, lease_owner: null, lease_until: null })
        .where('id', '=', entry.id)
        .where('lease_owner', '=', owner)
        .execute();
    }
  }

  async releaseLeases(options: { owner?: string; dueAt: number }): Promise<number> {
    const dueAt = options.dueAt;
    let query = this.#db
      .updateTable('tasks')
      .set((eb) => ({
        lease_owner: null,
        lease_until: null,
        due_at: eb
          .case()
          .when(eb.or([eb('due_at', 'is', null), eb('due_at', '>', dueAt)]))
          .then(dueAt)
          .else(eb.ref('due_at'))
          .end(),
      }))
      .where('lease_owner', 'is not', null);
    if (options.owner !== undefined) query = query.where('lease_owner', '=', options.owner);
    return Number((await query.executeTakeFirst()).numUpdatedRows);
  }

  async makeDue(now: number): Promise<number> {
    const result = await this.#db
      .updateTable('tasks')
      .set({ due_at: now })
      .where('due_at', '>', now)
      .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<=', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async recordDelivery(current: StoredTask, next: Task, schedule: Schedule): Promise<StoredTask | undefined> {
    const write = async (repo: SqlTaskRepository) => {
      const stored = await repo.replace(current, next, schedule);
      if (stored && next.resultMessageId) await repo.linkMessage(next.resultMessageId, next.id);
      return stored;
    };
    if (this.#db.isTransaction) return write(this);
    return this.#db.transaction().execute((trx) => write(new SqlTaskRepository(trx, this.#dialect)));
  }

  async linkMessage(messageId: string, taskId: string): Promise<void> {
    await this.#db
      .insertInto('message_links')
      .values({ message_id: messageId, task_id: taskId })
      .onConflict((c) => c.column('message_id').doUpdateSet({ task_id: taskId }))
      .execute();
  }

  async taskForMessage(messageId: string): Promise<StoredTask | undefined> {
    const row = await this.#db
      .selectFrom('message_links')
      .innerJoin('tasks', 'tasks.id', 'message_links.task_id')
      .select(['tasks.data', 'tasks.version'])
      .where('message_links.message_id', '=', messageId)
      .executeTakeFirst();
    return row ? storedTask(row) : undefined;
  }

  async memberTasks(guildId: string | null, userId: string, offset: number, limit: number): Promise<TaskPage> {
    const mine = this.#db
      .selectFrom('tasks')
      .where('user_id', '=', userId)
      .where((w) => (guildId === null ? w('guild_id', 'is', null) : w('guild_id', '=', guildId)));
    const [rows, count] = await Promise.all([
      mine.select(['data', 'version']).orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
      mine.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { tasks: rows.map(storedTask), total: Number(count.n) };
  }

  async findByIdPrefix(guildId: string | null, prefix: string, limit: number): Promise<StoredTask[]> {
    const clean = prefix.toLowerCase().replace(/[^0-9a-f-]/g, '');
    if (clean === '') return [];
    const rows = await this.#db
      .selectFrom('tasks')
      .select(['data', 'version'])
      .where('id', '>=', clean)
      .where('id', '<', `${clean}\x7f`)
      .where((w) => (guildId === null ? w('guild_id', 'is', null) : w('guild_id', '=', guildId)))
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(storedTask);
  }

  async countOpen(): Promise<number> {
    const row = await this.#db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('open', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async pruneFinished(before: number): Promise<number> {
    const old = (db: Kysely<Schema>) =>
      db.selectFrom('tasks').select('id').where('open', '=', 0).where('due_at', 'is', null).where('completed_at', '<', before);
    const prune = async (db: Kysely<Schema>) => {
      await db.deleteFrom('message_links').where('task_id', 'in', old(db)).execute();
      const result = await db.deleteFrom('tasks').where('id', 'in', old(db)).executeTakeFirst();
      return Number(result.numDeletedRows);
    };
    if (this.#db.isTransaction) return prune(this.#db);
    return this.#db.transaction().execute(prune);
  }
}

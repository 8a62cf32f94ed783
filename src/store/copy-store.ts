import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { openDatabase, type Database } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import type { Schema } from './schema.ts';

/**
 * Every table of src/store/schema.ts with its primary key (the order rows are read in) and how many
 * rows go in one INSERT. `satisfies` makes a table added to the schema but missing here a type error.
 */
export const COPIED_TABLES = {
  tasks: { key: ['id'], batch: 500 },
  message_links: { key: ['message_id'], batch: 1000 },
  media: { key: ['id'], batch: 20 },
  media_copies: { key: ['media_id', 'provider'], batch: 1000 },
  keyv: { key: ['key'], batch: 500 },
  charges: { key: ['task_id'], batch: 500 },
  ledger_entries: { key: ['task_id', 'kind'], batch: 1000 },
  budgets: { key: ['id'], batch: 500 },
  budget_raises: { key: ['budget_id', 'period_start', 'subject_id'], batch: 1000 },
  budget_alerts: { key: ['budget_id', 'period_start', 'subject_id', 'threshold'], batch: 1000 },
  spend_requests: { key: ['id'], batch: 500 },
  pending_orders: { key: ['id'], batch: 500 },
} as const satisfies { [T in keyof Schema]: { key: ReadonlyArray<keyof Schema[T] & string>; batch: number } };

export type TableName = keyof typeof COPIED_TABLES;

/** The target already holds data: copying into it would mix two installations. */
export class CopyRefused extends Error {
  readonly tables: Array<{ table: TableName; rows: number }>;
  constructor(tables: Array<{ table: TableName; rows: number }>) {
    super(`the target store is not empty (${tables.map((t) => `${t.table}: ${t.rows} rows`).join(', ')})`);
    this.name = 'CopyRefused';
    this.tables = tables;
  }
}

export interface CopyOptions {
  /** Called after each table with the rows copied (progress). */
  onTable?: (table: TableName, rows: number) => void;
  /** Rows per batch instead of each table's own (tests use 1 to cross many batches). */
  batchRows?: number;
}

export interface CopyReport {
  from: string;
  to: string;
  /** Rows copied per table, in the order copied. */
  tables: Array<{ table: TableName; rows: number }>;
  /** Bytes of media copied (images kept for tasks and elements). */
  mediaBytes: number;
}

type Row = Record<string, unknown>;
type AnyTables = Record<string, Row>;

/**
 * Copies one store into another (SQLite → PostgreSQL, or any other pair): brings both schemas up to
 * date with the bot's migrations, refuses a target that holds any row, then copies every table in
 * batches inside one transaction on the target (all or nothing), read from one consistent snapshot of
 * the source. The source is only read (apart from its migrations).
 */
export async function copyStore(fromUrl: string, toUrl: string, options: CopyOptions = {}): Promise<CopyReport> {
  // Opening a SQLite path that does not exist would make an empty store and copy nothing.
  const sqliteFile = /^sqlite:\/\/(.+)$/.exec(fromUrl)?.[1];
  if (sqliteFile && !existsSync(resolve(sqliteFile))) throw new Error(`there is no SQLite file at ${resolve(sqliteFile)} (--from)`);
  const source = openDatabase(fromUrl);
  try {
    const target = openDatabase(toUrl);
    try {
      await migrateToLatest(source);
      await migrateToLatest(target);
      return await copyOpen(source, target, options);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function copyOpen(source: Database, target: Database, options: CopyOptions): Promise<CopyReport> {
  const report: CopyReport = { from: source.where, to: target.where, tables: [], mediaBytes: 0 };
  const read = source.db.transaction();
  await (source.dialect === 'postgres' ? read.setIsolationLevel('repeatable read') : read).execute(async (snapshot) => {
    await target.db.transaction().execute(async (write) => {
      const filled = await nonEmptyTables(write);
      if (filled.length > 0) throw new CopyRefused(filled);
      for (const table of Object.keys(COPIED_TABLES) as TableName[]) {
        const batch = options.batchRows ?? COPIED_TABLES[table].batch;
        const rows = await copyTable(snapshot, write, table, batch, (row) => {
          if (table === 'media') report.mediaBytes += (row.bytes as Uint8Array).byteLength;
        });
        const expected = await countRows(snapshot, table);
        const landed = await countRows(write, table);
        if (rows !== expected || landed !== expected)
          throw new Error(`${table}: copied ${rows} of ${expected} rows, ${landed} in the target; nothing was kept`);
        report.tables.push({ table, rows });
        options.onTable?.(table, rows);
      }
    });
  });
  return report;
}

/** One table, a batch at a time in key order (keyset pagination: each batch starts after the last key). */
async function copyTable(from: Transaction<Schema>, to: Transaction<Schema>, table: TableName, batch: number, seen: (row: Row) => void): Promise<number> {
  const { key } = COPIED_TABLES[table];
  const reader = from as unknown as Kysely<AnyTables>;
  const writer = to as unknown as Kysely<AnyTables>;
  let after: unknown[] | undefined;
  let copied = 0;
  for (;;) {
    let query = reader.selectFrom(table).selectAll();
    if (after) query = query.where(sql<boolean>`(${sql.join(key.map((k) => sql.ref(k)))}) > (${sql.join(after)})`);
    for (const column of key) query = query.orderBy(sql.ref(column));
    const rows = await query.limit(batch).execute();
    if (rows.length === 0) return copied;
    rows.forEach(seen);
    await writer.insertInto(table).values(rows).execute();
    copied += rows.length;
    const last = rows[rows.length - 1]!;
    after = key.map((k) => last[k]);
  }
}

async function countRows(db: Kysely<Schema>, table: TableName): Promise<number> {
  const row = await (db as unknown as Kysely<AnyTables>)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function nonEmptyTables(db: Kysely<Schema>): Promise<Array<{ table: TableName; rows: number }>> {
  const counts = [];
  for (const table of Object.keys(COPIED_TABLES) as TableName[]) counts.push({ table, rows: await countRows(db, table) });
  return counts.filter((c) => c.rows > 0);
}

import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Node's built-in node:sqlite (https://nodejs.org/api/sqlite.html) shaped as the better-sqlite3
 * interface that Kysely's SqliteDialect drives (kysely `dist/dialect/sqlite/sqlite-dialect-config.d.ts`).
 * Using the built-in module means installing the bot compiles nothing.
 */
export function sqliteBridge(db: DatabaseSync): SqliteDatabase {
  // The bot runs the same few dozen statements over and over: preparing each once saves SQLite's
  // parse and plan on every query. Kysely runs one query at a time on this connection, so a cached
  // statement is never in use twice at once.
  const prepared = new Map<string, SqliteStatement>();
  return {
    close: () => db.close(),
    prepare: (sql: string): SqliteStatement => {
      let statement = prepared.get(sql);
      if (!statement) {
        statement = bridgeStatement(db.prepare(sql));
        if (prepared.size >= STATEMENTS_KEPT) prepared.delete(prepared.keys().next().value as string);
        prepared.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Prepared statements kept per connection (the oldest goes first; ad-hoc reports do not crowd out the hot path for long). */
const STATEMENTS_KEPT = 200;

type Param = null | number | bigint | string | NodeJS.ArrayBufferView;

function bridgeStatement(statement: StatementSync): SqliteStatement {
  // A statement that yields columns (SELECT, or anything with RETURNING) is read with all().
  const reader = statement.columns().length > 0;
  const args = (parameters: ReadonlyArray<unknown>) => parameters.map(toParam);
  return {
    reader,
    all: (parameters) => statement.all(...args(parameters)),
    run: (parameters) => statement.run(...args(parameters)),
    iterate: (parameters) => statement.iterate(...args(parameters)) as IterableIterator<unknown>,
  };
}

/** node:sqlite binds no booleans or undefined; Kysely may pass both. */
function toParam(value: unknown): Param {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as Param;
}

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Schema } from './schema.ts';
import { sqliteBridge } from './sqlite-bridge.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseOptions {
  /** Sees the SQL of every query the store runs (benchmarks count reads and writes with it). */
  onQuery?: (sql: string) => void;
  /** PostgreSQL: an idle pooled connection broke (the server restarted, the network dropped it). */
  onConnectionError?: (error: Error) => void;
}

/** Kysely's query log hook (https://kysely.dev/docs/recipes/logging), when someone listens. */
function logOption(options: DatabaseOptions) {
  const onQuery = options.onQuery;
  return onQuery ? { log: (event: { query: { sql: string } }) => onQuery(event.query.sql) } : {};
}

/** One open database: the Kysely handle and which engine is behind it. */
export interface Database {
  db: Kysely<Schema>;
  dialect: Dialect;
  /** Where it is, safe to log (no password). */
  where: string;
  /** PostgreSQL schema the tables live in (`?schema=`), created by the migrations. */
  schema?: string;
  close(): Promise<void>;
}

/**
 * Opens the database named by STORE_URL:
 *   sqlite://./data/bot.sqlite   a file (relative to the working directory, or sqlite:///abs/path); the default
 *   memory://                    SQLite in memory (tests; lost on exit)
 *   postgres://user:pass@host:5432/db[?schema=name]   PostgreSQL, for several processes
 */
export function openDatabase(storeUrl: string, options: DatabaseOptions = {}): Database {
  if (storeUrl === 'memory://' || storeUrl === 'memory') return openSqlite(':memory:', options);
  const sqlite = /^sqlite:\/\/(.+)$/.exec(storeUrl);
  if (sqlite?.[1]) return openSqlite(resolve(sqlite[1]), options);
  if (/^postgres(ql)?:\/\//.test(storeUrl)) return openPostgres(storeUrl, options);
  throw new Error(`STORE_URL must be sqlite://<path>, postgres://… or memory:// (got a ${storeUrl.split(':')[0]}: URL)`);
}

function openSqlite(path: string, options: DatabaseOptions): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const file = new DatabaseSync(path);
  // WAL with synchronous=NORMAL survives a killed process (https://www.sqlite.org/wal.html).
  file.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqliteBridge(file) }), ...logOption(options) });
  return { db, dialect: 'sqlite', where: path === ':memory:' ? 'memory' : path, close: () => db.destroy() };
}

/** PostgreSQL's int8 and numeric arrive as strings by default; every such value here fits a double. */
const NUMERIC_OIDS = new Set([20, 1700]);

function openPostgres(storeUrl: string, options: DatabaseOptions): Database {
  const url = new URL(storeUrl);
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('STORE_URL ?schema= must be a lower-case SQL name');
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        NUMERIC_OIDS.has(oid) ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // Without a listener, an idle connection's error is an unhandled 'error' event and the process dies;
  // the pool has dropped that connection already and opens another for the next query
  // (https://node-postgres.com/apis/pool#error).
  pool.on('error', (error) => options.onConnectionError?.(error));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), ...logOption(options) });
  const where = `postgres://${url.host}${url.pathname}${schema ? ` (schema ${schema})` : ''}`;
  return { db, dialect: 'postgres', where, schema, close: () => db.destroy() };
}

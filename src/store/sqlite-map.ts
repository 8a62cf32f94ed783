import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

/**
 * A Map-shaped key/value table in SQLite, used as Keyv's storage. Built on Node's own node:sqlite,
 * so installing the bot compiles nothing (@keyv/sqlite needs the native sqlite3 package).
 * WAL mode with synchronous=NORMAL survives a killed process; each set is its own transaction.
 */
export class SqliteMap {
  readonly #db: DatabaseSync;
  readonly #get: StatementSync;
  readonly #set: StatementSync;
  readonly #delete: StatementSync;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    this.#db.exec('CREATE TABLE IF NOT EXISTS keyv (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    this.#get = this.#db.prepare('SELECT value FROM keyv WHERE key = ?');
    this.#set = this.#db.prepare('INSERT INTO keyv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.#delete = this.#db.prepare('DELETE FROM keyv WHERE key = ?');
  }

  get(key: string): unknown {
    const row = this.#get.get(key) as { value: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
  }

  set(key: string, value: unknown): this {
    this.#set.run(key, JSON.stringify(value));
    return this;
  }

  has(key: string): boolean {
    return this.#get.get(key) !== undefined;
  }

  delete(key: string): boolean {
    return Number(this.#delete.run(key).changes) > 0;
  }

  clear(): void {
    this.#db.exec('DELETE FROM keyv');
  }

  *entries(): IterableIterator<[string, unknown]> {
    for (const row of this.#db.prepare('SELECT key, value FROM keyv').iterate() as Iterable<{ key: string; value: string }>) {
      yield [row.key, JSON.parse(row.value) as unknown];
    }
  }

  keys(): IterableIterator<string> {
    return [...this.entries()].map(([key]) => key)[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, unknown]> {
    return this.entries();
  }

  close(): void {
    this.#db.close();
  }
}

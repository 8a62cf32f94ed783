import Keyv from 'keyv';
import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/**
 * The `keyv` table as a Map-shaped store for Keyv (https://keyv.org/docs/: any object with get/set/
 * delete/clear works as its store), so plain key-value records (server settings, drafts, learned ETAs,
 * the element library) live in the same database as everything else, SQLite or PostgreSQL.
 */
export class SqlKeyvStore {
  readonly #db: Kysely<Schema>;

  constructor(db: Kysely<Schema>) {
    this.#db = db;
  }

  async get(key: string): Promise<unknown> {
    const row = await this.#db.selectFrom('keyv').select('value').where('key', '=', key).executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
  }

  async set(key: string, value: unknown): Promise<this> {
    const text = JSON.stringify(value);
    await this.#db
      .insertInto('keyv')
      .values({ key, value: text })
      .onConflict((c) => c.column('key').doUpdateSet({ value: text }))
      .execute();
    return this;
  }

  async has(key: string): Promise<boolean> {
    return (await this.#db.selectFrom('keyv').select('key').where('key', '=', key).executeTakeFirst()) !== undefined;
  }

  async delete(key: string): Promise<boolean> {
    return Number((await this.#db.deleteFrom('keyv').where('key', '=', key).executeTakeFirst()).numDeletedRows) > 0;
  }

  async clear(): Promise<void> {
    await this.#db.deleteFrom('keyv').execute();
  }
}

/** A Keyv over the database; keys and values are stored as earlier versions stored them (namespace `bot`). */
export function openKeyv(db: Kysely<Schema>): Keyv {
  // The store writes JSON itself: Keyv's own serialization would encode every value twice.
  return new Keyv({ store: new SqlKeyvStore(db) as unknown as Map<string, unknown>, namespace: 'bot', serialization: false });
}

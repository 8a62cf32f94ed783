import { sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import type { Database } from './database.ts';
import { tablesMigration } from './migrations/0001-tables.ts';
import { legacyKeyvMigration } from './migrations/0002-legacy-keyv.ts';
import { spendMigration } from './migrations/0003-spend.ts';

/**
 * Every schema version, in order. Names are stored in `kysely_migration` and must never change;
 * Kysely's Migrator applies the missing ones under a lock, so processes starting together are safe
 * (https://kysely.dev/docs/migrations).
 */
export function migrations(database: Pick<Database, 'dialect'>): Record<string, Migration> {
  return {
    '0001-tables': tablesMigration(database.dialect),
    '0002-legacy-keyv': legacyKeyvMigration(),
    '0003-spend': spendMigration(),
  };
}

/** Brings the schema up to date; resolves with the names applied now (empty when it already was). */
export async function migrateToLatest(database: Database): Promise<string[]> {
  if (database.schema) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(database.schema)}`.execute(database.db);
  const all = migrations(database);
  // Kysely looks for its own tables in every schema unless told which one (node_modules/kysely/dist/migration/migrator.js
  // #doesTableExist): another store's tables in the same database would hide that this one has none yet.
  const where = database.schema ? { migrationTableSchema: database.schema } : {};
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => all }, ...where });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

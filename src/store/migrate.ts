import { Migrator, type Migration } from 'kysely/migration';
import type { Database } from './database.ts';
import { tablesMigration } from './migrations/0001-tables.ts';
import { legacyKeyvMigration } from './migrations/0002-legacy-keyv.ts';
import { spendMigration } from './migrations/0003-spend.ts';
import { raiseSubjectsMigration } from './migrations/0004-raise-subjects.ts';

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
    '0004-raise-subjects': raiseSubjectsMigration(),
  };
}

/**
 * Brings the schema up to date; resolves with the names applied now (empty when it already was).
 * With `?schema=` Kysely is told the schema: it then creates it itself, tolerating processes that
 * start together, and looks for its bookkeeping tables there only (without it, those tables in any
 * other schema of the database count as this schema's).
 */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const all = migrations(database);
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => all },
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { freshSchema, postgresAvailable } from '../support/postgres.ts';

const available = await postgresAvailable();

describe.skipIf(!available)('PostgreSQL migrations with ?schema=', () => {
  it('migrate a schema although another schema of the database has Kysely’s tables (another bot, a leftover)', async () => {
    const other = await freshSchema();
    const ours = await freshSchema();
    const otherDb = openDatabase(other.storeUrl);
    const ourDb = openDatabase(ours.storeUrl);
    try {
      // Kysely's own tables, empty, in the other schema: found by name, they used to hide ours.
      await sql`CREATE SCHEMA ${sql.id(other.schema)}`.execute(otherDb.db);
      await sql`CREATE TABLE ${sql.id(other.schema, 'kysely_migration')} (name text)`.execute(otherDb.db);
      await sql`CREATE TABLE ${sql.id(other.schema, 'kysely_migration_lock')} (id text)`.execute(otherDb.db);
      expect(await migrateToLatest(ourDb)).toContain('0004-raise-subjects');
      expect(await migrateToLatest(ourDb)).toEqual([]);
      const tables = await sql<{
        n: number;
      }>`select count(*) as n from information_schema.tables where table_schema = ${ours.schema} and table_name = 'kysely_migration'`.execute(ourDb.db);
      expect(Number(tables.rows[0]?.n)).toBe(1);
    } finally {
      await ourDb.close();
      await otherDb.close();
      await ours.drop();
      await other.drop();
    }
  });
});

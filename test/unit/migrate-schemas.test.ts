import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { freshSchema, postgresAvailable } from '../support/postgres.ts';

const available = await postgresAvailable();
const opened: Array<{ database: Database; drop: () => Promise<void> }> = [];

async function store(): Promise<Database> {
  const schema = await freshSchema();
  const database = openDatabase(schema.storeUrl);
  opened.push({ database, drop: schema.drop });
  return database;
}

afterAll(async () => {
  for (const { database, drop } of opened) {
    await database.close();
    await drop();
  }
});

describe.skipIf(!available)('migrations on PostgreSQL with ?schema=', () => {
  it('migrate a store in its own schema while another schema of the database holds a migrated store', async () => {
    const first = await store();
    await migrateToLatest(first);
    const second = await store();
    await expect(migrateToLatest(second)).resolves.toContain('0003-spend');
    await expect(second.db.selectFrom('tasks').select('id').execute()).resolves.toEqual([]);
  });
});

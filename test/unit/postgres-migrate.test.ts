import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { migrateToLatest, migrations } from '../../src/store/migrate.ts';
import { freshSchema, postgresAvailable } from '../support/postgres.ts';

const available = await postgresAvailable();

describe.skipIf(!available)('migrations on PostgreSQL with ?schema=', () => {
  const schemas: Array<Awaited<ReturnType<typeof freshSchema>>> = [];
  const opened: Database[] = [];
  const open = (storeUrl: string) => {
    const database = openDatabase(storeUrl);
    opened.push(database);
    return database;
  };
  const fresh = async () => {
    const schema = await freshSchema();
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.close()));
    for (const schema of schemas) await schema.drop();
  });

  const tablesIn = async (database: Database, schema: string) =>
    (await database.db.introspection.getTables({ withInternalKyselyTables: true })).filter((t) => t.schema === schema).map((t) => t.name);

  it("migrates a schema although another schema of the database holds Kysely's migration tables already", async () => {
    const [a, b] = [await fresh(), await fresh()];
    expect(await migrateToLatest(open(a.storeUrl))).toEqual(Object.keys(migrations({ dialect: 'postgres' })));
    const second = open(b.storeUrl);
    expect(await migrateToLatest(second)).toEqual(Object.keys(migrations({ dialect: 'postgres' })));
    expect(await tablesIn(second, b.schema)).toEqual(expect.arrayContaining(['tasks', 'charges', 'kysely_migration', 'kysely_migration_lock']));
    expect(await migrateToLatest(second)).toEqual([]);
  });

  it('three processes starting together on a new schema: all start, the migrations run once', async () => {
    for (let round = 0; round < 3; round++) {
      const schema = await fresh();
      const results = await Promise.all([0, 1, 2].map(() => migrateToLatest(open(schema.storeUrl))));
      expect(results.flat().sort()).toEqual(Object.keys(migrations({ dialect: 'postgres' })).sort());
    }
  });
});

import { describe } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { SqlTaskRepository } from '../../src/store/sql-task-repository.ts';
import { freshSchema, postgresAvailable } from '../support/postgres.ts';
import { taskRepositoryContract } from './task-repository.contract.ts';

const available = await postgresAvailable();

describe.skipIf(!available)('PostgreSQL', () => {
  taskRepositoryContract('PostgreSQL', async () => {
    const schema = await freshSchema();
    const first = openDatabase(schema.storeUrl);
    await migrateToLatest(first);
    const second = openDatabase(schema.storeUrl);
    return {
      repo: new SqlTaskRepository(first.db, first.dialect),
      other: new SqlTaskRepository(second.db, second.dialect),
      close: async () => {
        await second.close();
        await first.close();
        await schema.drop();
      },
    };
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { SqlTaskRepository } from '../../src/store/sql-task-repository.ts';
import { taskRepositoryContract } from './task-repository.contract.ts';

taskRepositoryContract('SQLite file', async () => {
  const url = `sqlite://${join(mkdtempSync(join(tmpdir(), 'kling-repo-')), 'bot.sqlite')}`;
  const first = openDatabase(url);
  await migrateToLatest(first);
  const second = openDatabase(url);
  return {
    repo: new SqlTaskRepository(first.db, first.dialect),
    other: new SqlTaskRepository(second.db, second.dialect),
    close: async () => {
      await second.close();
      await first.close();
    },
  };
});

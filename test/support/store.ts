import { openDatabase, type Database } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { MediaStore } from '../../src/media/media-store.ts';
import { openKeyv } from '../../src/store/sql-keyv-store.ts';
import { SqlTaskRepository } from '../../src/store/sql-task-repository.ts';

/** A migrated in-memory SQLite store with the repositories the bot builds on it. */
export async function memoryStore(now?: () => number) {
  const database: Database = openDatabase('memory://');
  await migrateToLatest(database);
  return {
    database,
    tasks: new SqlTaskRepository(database.db, database.dialect),
    kv: openKeyv(database.db),
    media: new MediaStore(database.db, now),
    close: () => database.close(),
  };
}

/** A media store over a fresh in-memory database (unit tests of code that keeps images). */
export async function memoryMedia(now?: () => number): Promise<MediaStore> {
  return (await memoryStore(now)).media;
}

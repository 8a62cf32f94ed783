import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MediaStore } from '../../src/media/media-store.ts';
import { COPIED_TABLES, CopyRefused, copyStore, type TableName } from '../../src/store/copy-store.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { openKeyv } from '../../src/store/sql-keyv-store.ts';
import { SqlTaskRepository } from '../../src/store/sql-task-repository.ts';
import { fillStore, tableRows } from '../support/filled-store.ts';
import { freshSchema, postgresAvailable } from '../support/postgres.ts';

const TABLES = Object.keys(COPIED_TABLES) as TableName[];
const dir = mkdtempSync(join(tmpdir(), 'migrate-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A SQLite file filled through the bot's repositories; closed again so the copy opens it as the script would. */
async function filledSqlite(name: string) {
  const url = `sqlite://${join(dir, name)}`;
  const database = openDatabase(url);
  await migrateToLatest(database);
  const facts = await fillStore(database);
  await database.close();
  return { url, facts };
}

async function expectSameRows(a: Database, b: Database): Promise<void> {
  for (const table of TABLES) {
    const rows = await tableRows(a, table);
    expect(rows.length, `${table} has rows to compare`).toBeGreaterThan(0);
    expect(await tableRows(b, table), table).toEqual(rows);
  }
}

/** The bot's own repositories read the copy: tasks, message links, media bytes, key-value records. */
async function expectBotReads(database: Database, facts: Awaited<ReturnType<typeof fillStore>>): Promise<void> {
  const tasks = new SqlTaskRepository(database.db, database.dialect);
  for (const task of facts.tasks) expect(await tasks.get(task.id)).toMatchObject({ id: task.id, status: task.status, results: task.results });
  expect((await tasks.taskForMessage('400000000000000004'))?.id).toBe('task-2');
  expect(await tasks.countOpen()).toBe(facts.tasks.filter((t) => t.resultMessageId === undefined).length);
  const media = new MediaStore(database.db);
  for (const [i, ref] of facts.refs.entries()) expect(Buffer.from(await media.read(ref)).equals(facts.images[i]!)).toBe(true);
  expect(await openKeyv(database.db).get('draft:u1')).toEqual({ prompt: 'a fox “quoted” ✓', images: [1, 2] });
}

describe('copyStore between two SQLite files (no PostgreSQL needed)', () => {
  it('copies every table row for row, one row per batch (keyset paging over composite keys), and refuses a second copy', async () => {
    const { url, facts } = await filledSqlite('from.sqlite');
    const target = `sqlite://${join(dir, 'to.sqlite')}`;
    const report = await copyStore(url, target, { batchRows: 1 });
    expect(report.tables.map((t) => t.table)).toEqual(TABLES);
    expect(report.mediaBytes).toBe(facts.images.reduce((sum, b) => sum + b.byteLength, 0));
    const [a, b] = [openDatabase(url), openDatabase(target)];
    try {
      await expectSameRows(a, b);
      await expectBotReads(b, facts);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    const refused = await copyStore(url, target).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CopyRefused);
    expect((refused as CopyRefused).tables.map((t) => t.table)).toContain('tasks');
  });
});

const available = await postgresAvailable();

describe.skipIf(!available)('npm run migrate-store: SQLite → PostgreSQL', () => {
  /** Runs the script from source as `npm run migrate-store` does. */
  function run(...args: string[]) {
    return spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', resolve('scripts/migrate-store.ts'), ...args], { encoding: 'utf8' });
  }

  it('copies every row and the media bytes exactly, prints what it copied, and refuses a second run', async () => {
    const { url, facts } = await filledSqlite('bot.sqlite');
    const schema = await freshSchema();
    try {
      const first = run('--from', url, '--to', schema.storeUrl);
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/tasks\s+4 rows/);
      expect(first.stdout).toMatch(/media\s+3 rows/);
      expect(first.stdout).toContain('0.3 MB of media');
      expect(first.stdout).toContain(`STORE_URL=${schema.storeUrl}`);

      const [source, target] = [openDatabase(url), openDatabase(schema.storeUrl)];
      try {
        await expectSameRows(source, target);
        const bytes = await target.db.selectFrom('media').select(['id', 'bytes']).orderBy('id').execute();
        const original = await source.db.selectFrom('media').select(['id', 'bytes']).orderBy('id').execute();
        expect(bytes.map((r) => Buffer.from(r.bytes).toString('base64'))).toEqual(original.map((r) => Buffer.from(r.bytes).toString('base64')));
        await expectBotReads(target, facts);
      } finally {
        await Promise.all([source.close(), target.close()]);
      }

      const second = run('--from', url, '--to', schema.storeUrl);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain('Refused: the target store is not empty (tasks: 4 rows');
      const again = openDatabase(schema.storeUrl);
      expect((await tableRows(again, 'tasks')).length).toBe(4);
      await again.close();

      // And back (PostgreSQL → SQLite), two rows per batch: the same rows again.
      const back = `sqlite://${join(dir, 'back.sqlite')}`;
      await copyStore(schema.storeUrl, back, { batchRows: 2 });
      const [original, returned] = [openDatabase(url), openDatabase(back)];
      try {
        await expectSameRows(original, returned);
      } finally {
        await Promise.all([original.close(), returned.close()]);
      }
    } finally {
      await schema.drop();
    }
  });

  it('hides the password in what it prints, explains its use, and refuses a --from file that does not exist', async () => {
    const usage = run('--from', 'sqlite://x');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Both --from and --to are needed');
    const missing = run('--from', `sqlite://${join(dir, 'no-such.sqlite')}`, '--to', 'memory://');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`there is no SQLite file at ${join(dir, 'no-such.sqlite')}`);
    const empty = openDatabase(`sqlite://${join(dir, 'empty.sqlite')}`);
    await empty.close();
    const failed = run('--from', `sqlite://${join(dir, 'empty.sqlite')}`, '--to', 'postgres://me:s3cret@127.0.0.1:1/none');
    expect(failed.status).toBe(1);
    expect(failed.stdout + failed.stderr).not.toContain('s3cret');
    expect(failed.stdout).toContain('postgres://me:***@127.0.0.1:1/none');
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { COPIED_TABLES, type TableName } from '../../src/store/copy-store.ts';
import { openDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { backupSqlite, defaultBackupPath } from '../../src/store/sqlite-backup.ts';
import { fillStore, tableRows } from '../support/filled-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backupSqlite (VACUUM INTO)', () => {
  it('copies a store that is open and being written to: the copy holds every committed row and nothing uncommitted', async () => {
    const storeUrl = `sqlite://${join(dir, 'bot.sqlite')}`;
    const source = openDatabase(storeUrl);
    await migrateToLatest(source);
    await fillStore(source);
    // Another connection, as a second writer would be, in the middle of a write transaction.
    const writer = new DatabaseSync(join(dir, 'bot.sqlite'));
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare('INSERT INTO keyv (key, value) VALUES (?, ?)').run('uncommitted', '1');
    try {
      const result = backupSqlite(storeUrl, join(dir, 'copies', 'one.sqlite'));
      expect(result).toMatchObject({ path: join(dir, 'copies', 'one.sqlite'), tasks: 4 });
      expect(result.bytes).toBeGreaterThan(300_000);
      writer.exec('ROLLBACK');
      const copy = openDatabase(`sqlite://${result.path}`);
      try {
        for (const table of Object.keys(COPIED_TABLES) as TableName[]) expect(await tableRows(copy, table), table).toEqual(await tableRows(source, table));
        expect((await tableRows(copy, 'keyv')).map((r) => r.key)).not.toContain('uncommitted');
      } finally {
        await copy.close();
      }
      // The source stays open and writable while and after it is copied.
      await source.db.insertInto('keyv').values({ key: 'after', value: '2' }).execute();
    } finally {
      if (writer.isTransaction) writer.exec('ROLLBACK');
      writer.close();
      await source.close();
    }
  });

  it('refuses an existing destination, a missing source, and PostgreSQL (pointing to pg_dump)', () => {
    const storeUrl = `sqlite://${join(dir, 'bot.sqlite')}`;
    expect(() => backupSqlite(storeUrl, join(dir, 'copies', 'one.sqlite'))).toThrow(/exists already/);
    expect(() => backupSqlite(`sqlite://${join(dir, 'none.sqlite')}`, join(dir, 'x.sqlite'))).toThrow(/no SQLite file/);
    expect(() => backupSqlite('postgres://u@h/db', join(dir, 'y.sqlite'))).toThrow(/pg_dump/);
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
  });

  it('names default copies by date and time', () => {
    expect(defaultBackupPath(new Date('2026-01-31T12:34:56.789Z'))).toBe('backups/bot-2026-01-31T12-34-56.sqlite');
  });

  it('npm run backup: reads STORE_URL and writes where --to says', () => {
    const to = join(dir, 'cli.sqlite');
    const run = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', resolve('scripts/backup-store.ts'), '--to', to], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}` },
      cwd: dir,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Backed up 4 tasks`);
    expect(existsSync(to)).toBe(true);
  });
});

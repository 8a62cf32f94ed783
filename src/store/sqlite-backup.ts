import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface BackupResult {
  path: string;
  bytes: number;
  /** Tasks in the copy (a quick sign it holds the data). */
  tasks: number;
}

/**
 * Copies a SQLite store while the bot keeps running, with `VACUUM INTO`: the copy is one consistent
 * snapshot of what was committed, made through an ordinary read that never blocks the bot's writes in
 * WAL mode (https://www.sqlite.org/lang_vacuum.html#vacuuminto). The copy is checked with
 * `PRAGMA integrity_check` before this resolves. The destination must not exist yet.
 */
export function backupSqlite(storeUrl: string, destination: string): BackupResult {
  const file = /^sqlite:\/\/(.+)$/.exec(storeUrl)?.[1];
  if (!file) {
    throw new Error(
      /^postgres(ql)?:/.test(storeUrl)
        ? 'STORE_URL is PostgreSQL: back it up with pg_dump, e.g. pg_dump -Fc -f bot.dump "postgres://user@host:5432/db" (add -n <schema> for ?schema=)'
        : 'only a sqlite:// store is a file that can be backed up this way',
    );
  }
  const source = resolve(file);
  const target = resolve(destination);
  if (!existsSync(source)) throw new Error(`there is no SQLite file at ${source}`);
  if (existsSync(target)) throw new Error(`${target} exists already; choose a new name`);
  mkdirSync(dirname(target), { recursive: true });
  const db = new DatabaseSync(source);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
  const copy = new DatabaseSync(target, { readOnly: true });
  try {
    const check = copy.prepare('PRAGMA integrity_check').get() as { integrity_check: string };
    if (check.integrity_check !== 'ok') throw new Error(`the copy at ${target} failed its integrity check: ${check.integrity_check}`);
    const hasTasks = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tasks'").get() !== undefined;
    const tasks = hasTasks ? Number((copy.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n) : 0;
    return { path: target, bytes: statSync(target).size, tasks };
  } finally {
    copy.close();
  }
}

/** backups/bot-2026-01-31T12-00-00.sqlite: sorts by time, no characters a shell or Windows minds. */
export function defaultBackupPath(now: Date = new Date()): string {
  return `backups/bot-${now.toISOString().slice(0, 19).replaceAll(':', '-')}.sqlite`;
}

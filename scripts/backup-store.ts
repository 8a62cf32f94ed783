import { config as loadDotenv } from 'dotenv';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { backupSqlite, defaultBackupPath } from '../src/store/sqlite-backup.ts';

const USAGE = `Copies the SQLite store named by STORE_URL (from .env or the environment) while the bot runs:

  npm run backup                               to backups/bot-<date and time>.sqlite
  npm run backup -- --to /backups/bot.sqlite   to a file of your choice (which must not exist yet)

A PostgreSQL store is backed up with pg_dump instead.`;

/** Runs the command; resolves with the exit code (0 copied, 1 failed, 2 usage). */
export function backupCli(args: string[], env: Record<string, string | undefined>, out = console.log, err = console.error): number {
  let to: string | undefined;
  try {
    const { values } = parseArgs({ args, options: { to: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      out(USAGE);
      return 0;
    }
    to = values.to;
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const result = backupSqlite(env.STORE_URL || 'sqlite://./data/bot.sqlite', to ?? defaultBackupPath());
    out(`Backed up ${result.tasks} tasks (${(result.bytes / 1e6).toFixed(1)} MB) to ${result.path}; it passed SQLite's integrity check.`);
    return 0;
  } catch (error) {
    err(`Backup failed: ${(error as Error).message}`);
    return 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  loadDotenv({ quiet: true });
  process.exitCode = backupCli(process.argv.slice(2), process.env);
}

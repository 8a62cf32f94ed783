import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CopyRefused, copyStore } from '../src/store/copy-store.ts';

const USAGE = `Copies the bot's whole store into another one, typically SQLite to PostgreSQL:

  npm run migrate-store -- --from sqlite://./data/bot.sqlite --to postgres://user:pass@host:5432/db[?schema=name]

Stop the bot first. Both stores are brought up to date with the bot's migrations; the target must be
empty (a new database or schema): a target holding any row is refused, and nothing is ever merged or
overwritten. Every table is copied in one transaction: it lands whole or not at all. The source is
left as it was.`;

/** Runs the command; resolves with the process exit code (0 copied, 1 refused or failed, 2 usage). */
export async function migrateStoreCli(args: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let from: string | undefined;
  let to: string | undefined;
  try {
    const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      out(USAGE);
      return 0;
    }
    ({ from, to } = values);
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!from || !to) {
    err(`Both --from and --to are needed.\n\n${USAGE}`);
    return 2;
  }
  out(`Copying ${hidePassword(from)} → ${hidePassword(to)} …`);
  try {
    const report = await copyStore(from, to, { onTable: (table, rows) => out(`  ${table.padEnd(16)} ${rows.toLocaleString('en-US').padStart(9)} rows`) });
    const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
    out(
      `Done: ${rows.toLocaleString('en-US')} rows in ${report.tables.length} tables, ${(report.mediaBytes / 1e6).toFixed(1)} MB of media, in one transaction.`,
    );
    const shown = hidePassword(to);
    out(`Point the bot at the new store: in .env set\n  STORE_URL=${shown}`);
    if (shown !== to) out('(with the real password in place of ***)');
    out('then start it. The old store was not changed: keep it as a backup.');
    return 0;
  } catch (error) {
    if (error instanceof CopyRefused) {
      err(
        `Refused: ${error.message}.\nThe target must be empty; nothing was copied. Use a new database or schema ` +
          `(?schema=name), or drop the old one yourself if it is really unwanted.`,
      );
      return 1;
    }
    err(`Copy failed, nothing was kept in the target: ${(error as Error).message}`);
    return 1;
  }
}

function hidePassword(storeUrl: string): string {
  return storeUrl.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await migrateStoreCli(process.argv.slice(2));
}

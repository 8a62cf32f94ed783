import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * An approved "Ask for more" raises one period of one budget — and for an allowance (role or member
 * budget) only for the member who asked, since an allowance is each member's own. 0003's raises had
 * no member column, so the table is rebuilt with `subject_id` ('' for a shared pool) in its key,
 * the way `budget_alerts` keys its rows. Rows already there were pool raises and keep ''.
 */
export function raiseSubjectsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('budget_raises_by_subject')
        .addColumn('budget_id', 'text', (c) => c.notNull())
        .addColumn('period_start', 'bigint', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('amount_micros', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('budget_raises_subject_pk', ['budget_id', 'period_start', 'subject_id'])
        .execute();
      await sql`INSERT INTO budget_raises_by_subject (budget_id, period_start, subject_id, amount_micros)
                SELECT budget_id, period_start, '', amount_micros FROM budget_raises`.execute(db);
      await db.schema.dropTable('budget_raises').execute();
      await db.schema.alterTable('budget_raises_by_subject').renameTo('budget_raises').execute();
    },
  };
}

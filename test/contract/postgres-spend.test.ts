import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetUsage } from '../../src/money/budget-usage.ts';
import { SqlSpendRequests } from '../../src/money/spend-requests.ts';
import type { Database } from '../../src/store/database.ts';
import { postgresAvailable } from '../support/postgres.ts';
import { waitUntil } from '../support/ports.ts';
import { spendBudgetsContract } from './spend-budgets.contract.ts';
import { budget, freshGuild, postgresSpendStore, WEDNESDAY_NOON, type SpendFixture } from './spend-fixtures.ts';
import { spendLedgerContract } from './spend-ledger.contract.ts';

const available = await postgresAvailable();

// Four Database handles on one schema: four connection pools, as four bot processes would hold.
describe.skipIf(!available)('PostgreSQL', () => {
  spendLedgerContract('PostgreSQL, 4 processes', () => postgresSpendStore(4));
  spendBudgetsContract('PostgreSQL, 4 processes', () => postgresSpendStore(4));

  describe('two managers approving at the same moment', () => {
    let f: SpendFixture;
    beforeAll(async () => {
      f = await postgresSpendStore(3);
    });
    afterAll(async () => {
      await f?.close();
    });

    /** Sessions of this test's schema waiting for a row lock. */
    const waitingForLocks = async (database: Database) =>
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%spend_requests%'`.execute(
            database.db,
          )
        ).rows[0]?.n,
      );

    it('raises once when both read the request as pending before either writes', async () => {
      const guildId = freshGuild();
      const [first, second, holder] = f.databases as [Database, Database, Database];
      const pool = await budget(first, guildId, 'server', 1);
      const { request } = await new SqlSpendRequests(first.db).open({ guildId, budgetId: pool.id, userId: 'ann', amountMicros: 420_000 }, WEDNESDAY_NOON);
      // A third session holds the row, so both decisions read it as pending and then queue for it.
      let release = () => {};
      let locked = () => {};
      const holding = new Promise<void>((resolve) => (locked = resolve));
      const held = holder.db.transaction().execute(async (trx) => {
        await trx.selectFrom('spend_requests').select('id').where('id', '=', request.id).forUpdate().execute();
        locked();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await holding;
      const decisions = [
        new SqlSpendRequests(first.db).decide(request.id, 'approved', 'boss-1', WEDNESDAY_NOON),
        new SqlSpendRequests(second.db).decide(request.id, 'approved', 'boss-2', WEDNESDAY_NOON),
      ];
      await waitUntil(async () => (await waitingForLocks(holder)) >= 2, 'both decisions waiting for the row', 10_000);
      release();
      await held;
      const outcomes = await Promise.all(decisions);
      expect(outcomes.map((o) => o.ok).sort()).toEqual([false, true]);
      expect((await budgetUsage(first.db, pool, { userId: 'ann' }, WEDNESDAY_NOON)).limitMicros).toBe(1_420_000);
    });
  });
});

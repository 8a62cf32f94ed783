import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearBudget, findBudget, setBudget } from '../../src/money/budget-store.ts';
import { budgetUsage } from '../../src/money/budget-usage.ts';
import { SqlSpendRequests } from '../../src/money/spend-requests.ts';
import { usageRows } from '../../src/money/usage-report.ts';
import { sumCharged, usageCsv } from '../../src/usage/usage-csv.ts';
import { admissionOn, budget, DAY, finish, freshGuild, pricedTask, storedOf, WEDNESDAY_NOON, type SpendFixture } from './spend-fixtures.ts';

/** Budgets set and cleared, "Ask for more" decided once, raises per period, and the usage rows /usage reports. */
export function spendBudgetsContract(name: string, open: () => Promise<SpendFixture>): void {
  describe(`budgets, requests and usage: ${name}`, () => {
    let f: SpendFixture;
    beforeAll(async () => {
      f = await open();
    });
    afterAll(async () => {
      await f?.close();
    });
    const db = () => f.databases[0]!;

    it('replaces a target’s limit and period in place (same id), and clears it with its raises', async () => {
      const guildId = freshGuild();
      const first = await budget(db(), guildId, 'member', 1, 'day', 'ann');
      const { budget: replaced, previous } = await setBudget(
        db().db,
        { guildId, scope: 'member', targetId: 'ann', period: 'week', limitMicros: 5_000_000, setBy: 'boss' },
        10,
      );
      expect(previous).toMatchObject({ id: first.id, limitMicros: 1_000_000, period: 'day' });
      expect(replaced).toMatchObject({ id: first.id, limitMicros: 5_000_000, period: 'week', setBy: 'boss', updatedAt: 10 });
      expect(await db().db.selectFrom('budgets').select('id').where('guild_id', '=', guildId).execute()).toHaveLength(1);

      const requests = new SqlSpendRequests(db().db);
      const { request } = await requests.open({ guildId, budgetId: first.id, userId: 'ann', amountMicros: 420_000 }, WEDNESDAY_NOON);
      expect(await clearBudget(db().db, { guildId, scope: 'member', targetId: 'ann' }, 'boss', 20)).toMatchObject({ id: first.id });
      expect(await findBudget(db().db, { guildId, scope: 'member', targetId: 'ann' })).toBeUndefined();
      expect(await requests.get(request.id)).toMatchObject({ state: 'denied', decidedBy: 'boss' });
      expect(await clearBudget(db().db, { guildId, scope: 'member', targetId: 'ann' }, 'boss', 30)).toBeUndefined();
    });

    it('decides a request once: a second Approve, or Deny, changes nothing', async () => {
      const guildId = freshGuild();
      const pool = await budget(db(), guildId, 'server', 1);
      const requests = new SqlSpendRequests(db().db);
      const { request, fresh } = await requests.open({ guildId, budgetId: pool.id, userId: 'ann', amountMicros: 420_000 }, WEDNESDAY_NOON);
      expect(fresh).toBe(true);
      // Asking again while it waits answers the same request.
      expect(await requests.open({ guildId, budgetId: pool.id, userId: 'ann', amountMicros: 100_000 }, WEDNESDAY_NOON)).toMatchObject({
        fresh: false,
        request: { id: request.id, amountMicros: 420_000 },
      });
      // Two managers press at once, through different handles (processes on PostgreSQL).
      const decisions = await Promise.all(
        f.databases.flatMap((database) => [
          new SqlSpendRequests(database.db).decide(request.id, 'approved', 'boss-1', WEDNESDAY_NOON),
          new SqlSpendRequests(database.db).decide(request.id, 'approved', 'boss-2', WEDNESDAY_NOON),
        ]),
      );
      expect(decisions.filter((d) => d.ok)).toHaveLength(1);
      expect(decisions.filter((d) => !d.ok).every((d) => !d.ok && d.reason === 'decided')).toBe(true);
      expect(await requests.decide(request.id, 'denied', 'boss-3', WEDNESDAY_NOON)).toMatchObject({ ok: false, reason: 'decided' });
      expect((await budgetUsage(db().db, pool, { userId: 'ann' }, WEDNESDAY_NOON)).limitMicros).toBe(1_420_000);
      expect(await requests.decide('no-such-request', 'approved', 'boss', WEDNESDAY_NOON)).toEqual({ ok: false, reason: 'unknown' });
    });

    it('counts a raise only in the period it was approved in, and on an allowance only for the member who asked', async () => {
      const guildId = freshGuild();
      const allowance = await budget(db(), guildId, 'role', 1, 'day', 'artists');
      const requests = new SqlSpendRequests(db().db);
      const { request } = await requests.open({ guildId, budgetId: allowance.id, userId: 'ann', amountMicros: 420_000 }, WEDNESDAY_NOON);
      const approved = await requests.decide(request.id, 'approved', 'boss', WEDNESDAY_NOON + 1000);
      expect(approved).toMatchObject({ ok: true, raise: { periodStart: Date.UTC(2026, 5, 10), periodEnd: Date.UTC(2026, 5, 11) } });
      const limit = async (userId: string, at: number) => (await budgetUsage(db().db, allowance, { userId }, at)).limitMicros;
      expect(await limit('ann', WEDNESDAY_NOON)).toBe(1_420_000);
      expect(await limit('ben', WEDNESDAY_NOON)).toBe(1_000_000);
      expect(await limit('ann', WEDNESDAY_NOON + DAY)).toBe(1_000_000);
      // The approved room really admits the request that was refused.
      const clock = { now: WEDNESDAY_NOON };
      const { admit } = admissionOn(db(), clock);
      const ann = { guildId, userId: 'ann', roleIds: ['artists'] };
      for (const usd of [0.42, 0.42, 0.42]) storedOf(await admit(pricedTask(ann, usd, clock.now)));
      expect((await admit(pricedTask(ann, 0.42, clock.now))).ok).toBe(false);
    });

    it('a denial, or an approval for a budget cleared meanwhile, raises nothing', async () => {
      const guildId = freshGuild();
      const pool = await budget(db(), guildId, 'server', 1);
      const requests = new SqlSpendRequests(db().db);
      const denied = (await requests.open({ guildId, budgetId: pool.id, userId: 'ann', amountMicros: 1 }, WEDNESDAY_NOON)).request;
      expect(await requests.decide(denied.id, 'denied', 'boss', WEDNESDAY_NOON)).toMatchObject({ ok: true, request: { state: 'denied' } });
      const orphan = (await requests.open({ guildId, budgetId: pool.id, userId: 'ben', amountMicros: 1 }, WEDNESDAY_NOON)).request;
      await db().db.deleteFrom('budgets').where('id', '=', pool.id).execute();
      expect(await requests.decide(orphan.id, 'approved', 'boss', WEDNESDAY_NOON)).toMatchObject({
        ok: false,
        reason: 'budget_gone',
        request: { state: 'denied' },
      });
      expect(await db().db.selectFrom('budget_raises').selectAll().where('budget_id', '=', pool.id).execute()).toEqual([]);
    });

    it('reports every charge of a period as CSV rows whose charged column sums to the settled total', async () => {
      const guildId = freshGuild();
      const clock = { now: WEDNESDAY_NOON };
      const { admit, reprice } = admissionOn(db(), clock);
      const ann = { guildId, userId: 'ann', channelId: 'c1' };
      const yesterday = storedOf(await admit(pricedTask(ann, 0.42, clock.now - DAY)));
      await finish(db(), yesterday, { status: 'succeeded', cost: { usd: 0.4, estimated: false } }, clock);
      const cheap = storedOf(await admit(pricedTask(ann, 0.42, clock.now)));
      await finish(db(), cheap, { status: 'succeeded', cost: { usd: 0.123456, estimated: false } }, clock);
      const failed = storedOf(await admit(pricedTask(ann, 0.42, clock.now + 1)));
      await finish(db(), failed, { status: 'failed' }, clock);
      const moved = storedOf(await admit(pricedTask({ ...ann, channelId: 'c2' }, 0.42, clock.now + 2)));
      await reprice(moved, { ...moved, provider: 'kling', estimatedCost: { usd: 0.7, estimated: true }, status: 'queued' });
      storedOf(await admit(pricedTask({ ...ann, userId: 'ben' }, 0.84, clock.now + 3)));

      const rows = await usageRows(db().db, { guildId, since: Date.UTC(2026, 5, 10), userId: 'ann' });
      expect(rows.map((r) => [r.taskId, r.status, r.estimatedUsd, r.chargedUsd, r.reservedMicros, r.provider])).toEqual([
        [cheap.id, 'succeeded', 0.42, 0.123456, 0, 'runware'],
        [failed.id, 'failed', 0.42, 0, 0, 'runware'],
        [moved.id, 'queued', 0.7, null, 700_000, 'kling'],
      ]);
      expect(rows[0]).toMatchObject({ memberId: 'ann', memberName: 'name of ann', channelId: 'c1', durationS: 5, variants: 1, createdAt: WEDNESDAY_NOON });
      const csvCharged = usageCsv(rows)
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => Number(line.split(',').at(-1) || 0));
      expect(csvCharged).toEqual([0.1235, 0, 0]);
      expect(sumCharged(rows).microUsd).toBe(123_500);
      expect((await usageRows(db().db, { guildId, since: 0, channelId: 'c2' })).map((r) => r.taskId)).toEqual([moved.id]);
      expect(await usageRows(db().db, { guildId, since: 0 })).toHaveLength(5);
    });
  });
}

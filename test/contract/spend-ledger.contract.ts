import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetUsage } from '../../src/money/budget-usage.ts';
import { SqlLedger } from '../../src/money/sql-ledger.ts';
import { settleLeftovers } from '../../src/money/ledger-admission.ts';
import { RecordingLog } from '../support/flow-fakes.ts';
import {
  admissionOn,
  budget,
  chargeRow,
  DAY,
  entries,
  finish,
  freshGuild,
  pricedTask,
  storedOf,
  tasksOn,
  WEDNESDAY_NOON,
  type SpendFixture,
} from './spend-fixtures.ts';

/** The money rules of src/money/sql-ledger.ts and ledger-admission.ts, run against every store. */
export function spendLedgerContract(name: string, open: () => Promise<SpendFixture>): void {
  describe(`spend ledger: ${name}`, () => {
    let f: SpendFixture;
    beforeAll(async () => {
      f = await open();
    });
    afterAll(async () => {
      await f?.close();
    });
    const db = () => f.databases[0]!;

    it('reserves in every budget that applies and refuses when any of them lacks room, naming that one', async () => {
      const guildId = freshGuild();
      const clock = { now: WEDNESDAY_NOON };
      await budget(db(), guildId, 'server', 10);
      const channel = await budget(db(), guildId, 'channel', 0.5, 'day', 'c1');
      const { admit } = admissionOn(db(), clock);
      storedOf(await admit(pricedTask({ guildId }, 0.42, clock.now)));
      const refused = await admit(pricedTask({ guildId }, 0.42, clock.now));
      expect(refused).toMatchObject({
        ok: false,
        refusal: { kind: 'budget', priceMicros: 420_000, usage: { budget: { id: channel.id }, leftMicros: 80_000 } },
      });
      // Another channel has only the server pool: it fits there.
      storedOf(await admit(pricedTask({ guildId, channelId: 'c2' }, 0.42, clock.now)));
      const charges = await db().db.selectFrom('charges').select('reserved_micros').where('guild_id', '=', guildId).execute();
      expect(charges.map((c) => Number(c.reserved_micros))).toEqual([420_000, 420_000]);
    });

    it('refuses a member at the running limit, counting only their reserved tasks', async () => {
      const guildId = freshGuild();
      const clock = { now: WEDNESDAY_NOON };
      const { admit } = admissionOn(db(), clock, 2);
      const first = storedOf(await admit(pricedTask({ guildId, userId: 'ann' }, 0.42, clock.now)));
      storedOf(await admit(pricedTask({ guildId, userId: 'ann' }, 0.42, clock.now)));
      storedOf(await admit(pricedTask({ guildId, userId: 'ben' }, 0.42, clock.now)));
      expect(await admit(pricedTask({ guildId, userId: 'ann' }, 0.42, clock.now))).toMatchObject({
        ok: false,
        refusal: { kind: 'running', running: 2, max: 2 },
      });
      await finish(db(), first, { status: 'succeeded', cost: { usd: 0.42, estimated: false } }, clock);
      storedOf(await admit(pricedTask({ guildId, userId: 'ann' }, 0.42, clock.now)));
    });

    it('settles to a lower actual cost and frees the difference for the next request', async () => {
      const guildId = freshGuild();
      const clock = { now: WEDNESDAY_NOON };
      const pool = await budget(db(), guildId, 'server', 1);
      const { admit } = admissionOn(db(), clock);
      const first = storedOf(await admit(pricedTask({ guildId }, 0.42, clock.now)));
      storedOf(await admit(pricedTask({ guildId }, 0.42, clock.now)));
      expect((await admit(pricedTask({ guildId }, 0.42, clock.now))).ok).toBe(false);
      await finish(db(), first, { status: 'succeeded', cost: { usd: 0.1, estimated: false } }, clock);
      expect(await chargeRow(db(), first.id)).toMatchObject({ state: 'charged', charged_micros: 100_000, reserved_micros: 0, estimated: 0 });
      const usage = await budgetUsage(db().db, pool, { userId: 'u1' }, clock.now);
      expect(usage).toMatchObject({ spentMicros: 100_000, reservedMicros: 420_000, leftMicros: 480_000 });
      storedOf(await admit(pricedTask({ guildId }, 0.42, clock.now)));
    });

    it('releases a failed task at $0, and settles a repeated finish once (keyed entries)', async () => {
      const guildId = freshGuild();
      const clock = { now: WEDNESDAY_NOON };
      const { admit } = admissionOn(db(), clock);
      const failed = storedOf(await admit(pricedTask({ guildId }, 0.42, clock.now)));
      await finish(db(), failed, { status: 'failed' }, clock);
      expect(await chargeRow(db(), failed.id)).toMatchObject({ state: 'released', charged_micros: 0, reserved_micros: 0, outcome: 'failed' });
      expect(await entries(db(), failed.id)).toEqual([
        { kind: 'release', amount_micros: 0 },
        { kind: 'reserve', amount_micros: 420_000 },
      ]);

      const done = storedOf(await admit(pricedTask({ guildId }, 0.42, clock.now)));
      const finished = await finish(db(), done, { status: 'succeeded', cost: { usd: 0.4, estimated: false } }, clock);
      const ledger = new SqlLedger(db().db, db().dialect, () => clock.now);
      // A repeated webhook, or another process with the same finished task: nothing more is charged.
      expect(await ledger.settle({ ...finished!, cost: { usd: 9, estimated: false } })).toBeUndefined();
      expect(await chargeRow(db(), done.id)).toMatchObject({ state: 'charged', charged_micros: 400_000 });
      expect((await entries(db(), done.id)).filter((e) => e.kind === 'settle')).toEqual([{ kind: 'settle', amount_micros: 400_000 }]);
    });

    it('marks a success without a provider figure as an estimate, charged at the estimate', async () => {
      const guildId = freshGuild();
      const clock = { now: WEDNESDAY_NOON };
      const { admit } = admissionOn(db(), clock);
      const task = storedOf(await admit(pricedTask({ guildId }, 0.42, clock.now)));
      await finish(db(), task, { status: 'succeeded' }, clock);
      expect(await chargeRow(db(), task.id)).toMatchObject({ state: 'charged', charged_micros: 420_000, estimated: 1 });
    });

    it('reprices a running reservation (failover) when the difference fits, and keeps it when it does not', async () => {
      const guildId = freshGuild();
      const clock = { now: WEDNESDAY_NOON };
      await budget(db(), guildId, 'server', 1);
      const { admit, reprice } = admissionOn(db(), clock);
      const task = storedOf(await admit(pricedTask({ guildId }, 0.42, clock.now)));
      const moved = storedOf(await reprice(task, { ...task, provider: 'kling', estimatedCost: { usd: 0.7, estimated: true } }));
      expect(await chargeRow(db(), task.id)).toMatchObject({ state: 'reserved', reserved_micros: 700_000, provider: 'kling' });
      const refused = await reprice(moved, { ...moved, provider: 'imini', estimatedCost: { usd: 1.2, estimated: true } });
      expect(refused).toMatchObject({ ok: false, refusal: { kind: 'budget', priceMicros: 1_200_000 } });
      expect(await chargeRow(db(), task.id)).toMatchObject({ reserved_micros: 700_000, provider: 'kling' });
      expect((await tasksOn(db()).get(task.id))?.provider).toBe('kling');
    });

    it('raises an alert at 80 % and at 100 % once per budget and period (per member for allowances)', async () => {
      const guildId = freshGuild();
      const clock = { now: WEDNESDAY_NOON };
      const pool = await budget(db(), guildId, 'server', 1.05);
      const allowance = await budget(db(), guildId, 'role', 0.84, 'day', 'artists');
      const { admit, alerts } = admissionOn(db(), clock);
      const ann = { guildId, userId: 'ann', roleIds: ['artists'] };
      storedOf(await admit(pricedTask(ann, 0.42, clock.now)));
      expect(alerts).toEqual([]);
      const second = storedOf(await admit(pricedTask(ann, 0.42, clock.now)));
      // Ann's allowance is full (0.84 of 0.84): 80 % and 100 %; the pool is at exactly 80 % (0.84 of 1.05).
      expect(alerts.map((a) => [a.usage.budget.id, a.threshold, a.memberId ?? ''])).toEqual([
        [pool.id, 80, ''],
        [allowance.id, 80, 'ann'],
        [allowance.id, 100, 'ann'],
      ]);
      expect(alerts[2]?.usage).toMatchObject({ spentMicros: 0, reservedMicros: 840_000, leftMicros: 0 });
      // Released and crossed again in the same period: no second alert.
      await finish(db(), second, { status: 'failed' }, clock);
      storedOf(await admit(pricedTask(ann, 0.42, clock.now)));
      expect(alerts).toHaveLength(3);
      // Ben holds the same role: his own allowance alerts for him.
      storedOf(await admit(pricedTask({ guildId, userId: 'ben', roleIds: ['artists'] }, 0.21, clock.now)));
      expect(alerts).toHaveLength(4);
      expect(alerts[3]).toMatchObject({ threshold: 100, memberId: undefined, usage: { budget: { id: pool.id } } });
      // The next day is a new period.
      clock.now += DAY;
      storedOf(await admit(pricedTask(ann, 0.42, clock.now)));
      storedOf(await admit(pricedTask(ann, 0.42, clock.now)));
      expect(alerts.slice(4).map((a) => [a.usage.budget.id, a.threshold])).toEqual([
        [pool.id, 80],
        [allowance.id, 80],
        [allowance.id, 100],
      ]);
    });

    it('settles, once, a task that finished while its settlement was not written (start-up)', async () => {
      const guildId = freshGuild();
      const clock = { now: WEDNESDAY_NOON };
      const { admit } = admissionOn(db(), clock);
      const task = storedOf(await admit(pricedTask({ guildId }, 0.42, clock.now)));
      // A finishing write without the ledger (as before the ledger, or a stop in between).
      await tasksOn(db()).replace(task, { ...task, status: 'succeeded', cost: { usd: 0.3, estimated: false } });
      expect(await settleLeftovers(db(), new RecordingLog())).toBeGreaterThanOrEqual(1);
      expect(await chargeRow(db(), task.id)).toMatchObject({ state: 'charged', charged_micros: 300_000 });
      expect(await settleLeftovers(db(), new RecordingLog())).toBe(0);
      expect((await entries(db(), task.id)).map((e) => e.kind)).toEqual(['reserve', 'settle']);
    });

    it('lets exactly 4 of 20 concurrent reservations through a server budget that fits 4', async () => {
      const guildId = freshGuild();
      const clock = { now: WEDNESDAY_NOON };
      await budget(db(), guildId, 'server', 1.68);
      // Each handle is its own connection pool: on PostgreSQL, as many processes.
      const doors = f.databases.map((database) => admissionOn(database, clock));
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => doors[i % doors.length]!.admit(pricedTask({ guildId, userId: `member-${i % 5}` }, 0.42, clock.now))),
      );
      expect(outcomes.filter((o) => o.ok)).toHaveLength(4);
      expect(outcomes.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.refusal.kind))).toEqual(Array(16).fill('budget'));
      const sums = await db()
        .db.selectFrom('charges')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('reserved_micros').as('reserved')])
        .where('guild_id', '=', guildId)
        .executeTakeFirstOrThrow();
      expect([Number(sums.n), Number(sums.reserved)]).toEqual([4, 1_680_000]);
      expect(doors.flatMap((d) => d.alerts).map((a) => a.threshold)).toEqual([80, 100]);
    });
  });
}

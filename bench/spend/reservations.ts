// Issue "spend control": 1,000 reservations at once against one budget, through the ledger admission the
// bot uses (src/money/ledger-admission.ts: reserve + store in one transaction, budgets locked on
// PostgreSQL). SQLite with the bot's one connection; PostgreSQL through several connection pools at once
// (as several processes would). Then the ledger is read back: what is reserved must never pass the limit.
import { performance } from 'node:perf_hooks';
import type { Task } from '../../src/domain/task.ts';
import { ledgerAdmission } from '../../src/money/ledger-admission.ts';
import { toMicros, usdText } from '../../src/money/micros.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { SERVER_DEFAULTS } from '../../src/store/guild-settings.ts';
import { figure, note, type Part, type PartOutput } from '../lib/part.ts';
import { openTask } from '../lib/seed.ts';
import { ms } from '../lib/stats.ts';
import { newStore, setBudgets } from '../lib/store.ts';
import { IDS, startWorld } from '../lib/world.ts';

const RESERVATIONS = 1000;
const LIMIT_USD = 100;
/** PostgreSQL: connection pools at once, each of the bot's size (src/store/database.ts: max 10). */
const POOLS = 4;

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

async function attempt(kind: 'sqlite' | 'postgres', tasks: Task[], dir: string) {
  const store = await newStore(kind, dir, `ledger-${kind}`);
  await setBudgets(store.database, IDS.guild, [{ scope: 'server', target: IDS.guild, usd: LIMIT_USD }]);
  const extra: Database[] = kind === 'postgres' ? Array.from({ length: POOLS - 1 }, () => openDatabase(store.url)) : [];
  const databases = [store.database, ...extra];
  const settings = { server: async () => ({ ...SERVER_DEFAULTS, maxRunning: 0 }) };
  const admissions = databases.map((database) => ledgerAdmission({ database, settings, log: silent, onAlerts: () => undefined }));
  try {
    const start = performance.now();
    const outcomes = await Promise.all(
      tasks.map((task, i) => (admissions[i % admissions.length] ?? admissions[0])!.admit(task, { dueAt: Date.now() + 300_000 })),
    );
    const took = performance.now() - start;
    const refused = new Map<string, number>();
    for (const o of outcomes) if (!o.ok) refused.set(o.refusal.kind, (refused.get(o.refusal.kind) ?? 0) + 1);
    const admittedIds = new Set(outcomes.flatMap((o) => (o.ok ? [o.task.id] : [])));
    const sums = await store.database.db
      .selectFrom('charges')
      .select((eb) => [eb.fn.sum<number>('reserved_micros').as('reserved'), eb.fn.countAll<number>().as('n')])
      .where('state', '=', 'reserved')
      .executeTakeFirstOrThrow();
    const stored = await store.database.db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const expected = tasks.filter((t) => admittedIds.has(t.id)).reduce((sum, t) => sum + toMicros(t.estimatedCost.usd), 0);
    const cheapestRefused = Math.min(...tasks.filter((t) => !admittedIds.has(t.id)).map((t) => toMicros(t.estimatedCost.usd)));
    return {
      admitted: admittedIds.size,
      refused,
      reserved: Number(sums.reserved ?? 0),
      charges: Number(sums.n),
      tasks: Number(stored.n),
      expected,
      cheapestRefused,
      took,
    };
  } finally {
    for (const database of extra) await database.close();
    await store.close();
  }
}

async function run(out: PartOutput): Promise<void> {
  const world = await startWorld({ rateLimits: false });
  try {
    const limit = toMicros(LIMIT_USD);
    for (const kind of ['sqlite', 'postgres'] as const) {
      const tasks = Array.from({ length: RESERVATIONS }, (_, i) => ({ ...openTask(i, world.place(i)), status: 'pending' as const }));
      const r = await attempt(kind, tasks, world.dir);
      const name = kind === 'sqlite' ? 'SQLite, one connection' : `PostgreSQL, ${POOLS} pools of 10 connections`;
      note(
        out,
        `${name}: ${RESERVATIONS} admissions at once in ${ms(r.took)}: ${r.admitted} admitted, refused ${[...r.refused].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'}; reserved ${usdText(r.reserved)} of ${usdText(limit)} (${r.charges} charges, ${r.tasks} tasks stored; admitted prices sum to ${usdText(r.expected)}); left ${usdText(limit - r.reserved)}, cheapest refused ${usdText(r.cheapestRefused)}`,
      );
      const consistent = r.reserved === r.expected && r.charges === r.admitted && r.tasks === r.admitted;
      figure(out, 'spend control', {
        id: `spend.reservations.${kind}`,
        label: `${RESERVATIONS} concurrent reservations, ${name}: reserved vs limit`,
        aim: '≤ limit',
        value: r.reserved / 1e6,
        text: `${usdText(r.reserved)} / ${usdText(limit)}, ${r.admitted} admitted`,
        met: r.reserved <= limit && consistent && (r.refused.get('unavailable') ?? 0) === 0,
      });
      if (!consistent)
        note(out, `  ledger and tasks disagree: reserved ${r.reserved} vs admitted prices ${r.expected}, ${r.charges} charges, ${r.tasks} tasks`);
    }
  } finally {
    await world.close();
  }
}

export const reservationsPart: Part = {
  name: 'reservations',
  issue: 'spend control',
  about: `${RESERVATIONS} concurrent reservations against one $${LIMIT_USD} budget through the ledger (SQLite; PostgreSQL with several pools)`,
  run,
};

// Issue "several processes": webhook → result throughput and latency with 1 process on SQLite, 1 on
// PostgreSQL and 3 on PostgreSQL (webhooks spread round robin over them, as deploy/Caddyfile spreads
// them). Each process is `npm start`; one holds the Discord gateway, every one posts results.
import { Receivers } from '../lib/driver.ts';
import { figure, note, type Part, type PartOutput } from '../lib/part.ts';
import { median, ms, num, summarize } from '../lib/stats.ts';
import { newStore } from '../lib/store.ts';
import { startWorld } from '../lib/world.ts';
import { throughput, warmUp, type ResultsWorld } from '../results/measure.ts';
import { InteractionPool, prepareStore, startBots, watchOf } from '../results/setup.ts';

const CONCURRENCY = 16;
const SECONDS = Number(process.env.BENCH_PROCESSES_SECONDS ?? 4);
const RUNS = Number(process.env.BENCH_PROCESSES_RUNS ?? 3);
const TASKS_PER_RUN = 1200;
const WARM_UP = 300;
const CONFIGS = [
  { kind: 'sqlite' as const, processes: 1 },
  { kind: 'postgres' as const, processes: 1 },
  { kind: 'postgres' as const, processes: 3 },
];

async function run(out: PartOutput): Promise<void> {
  const world = await startWorld({ rateLimits: true });
  const pool = new InteractionPool(world);
  await pool.make(CONFIGS.length * (WARM_UP + RUNS * TASKS_PER_RUN));
  try {
    note(
      out,
      `closed loop, ${CONCURRENCY} deliveries in flight spread round robin over the processes, ${RUNS} runs of ${SECONDS} s per setup; 2 cores for every process, the fakes and the driver together`,
    );
    for (const config of CONFIGS) {
      const store = await newStore(config.kind, world.dir, `scale-${config.kind}-${config.processes}`);
      await prepareStore(store.database);
      const bots = await startBots(world, store.url, config.processes);
      const receivers = new Receivers(
        bots.map((b) => `http://127.0.0.1:${b.port}`),
        CONCURRENCY,
      );
      const w: ResultsWorld = { world, watch: watchOf(world), store, pool };
      const rates: number[] = [];
      const latencies: number[] = [];
      try {
        await warmUp(w, receivers, WARM_UP);
        for (let i = 0; i < RUNS; i++) {
          const t = await throughput(w, receivers, bots, { count: TASKS_PER_RUN, concurrency: CONCURRENCY, seconds: SECONDS, recorded: true });
          rates.push(t.sustained);
          latencies.push(...t.run.latencies);
          note(
            out,
            `${config.processes} × ${config.kind}, run ${i + 1}: ${t.run.posted} results, ${num(t.sustained)}/s, p50 ${ms(t.latency.p50)} p99 ${ms(t.latency.p99)}, CPU ${num(t.cpuPerResultMs, 2)} ms/result over all processes`,
          );
        }
        const roles = bots.map((b) => b.role() ?? '?').join(', ');
        const errors = bots.flatMap((b) => b.errors());
        if (errors.length > 0) note(out, `processes logged ${errors.length} error line(s); first: ${errors[0]?.slice(0, 300) ?? ''}`);
        const all = summarize(latencies);
        const label = `${config.processes} process${config.processes > 1 ? 'es' : ''} on ${config.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`;
        note(out, `${label} (gateway: ${roles}): median ${num(median(rates))}/s, all runs p50 ${ms(all.p50)} p99 ${ms(all.p99)}`);
        const id = `processes.${config.kind}-${config.processes}`;
        figure(out, 'several processes', {
          id: `${id}.throughput`,
          label: `${label}: results/s (median)`,
          aim: '—',
          value: median(rates),
          text: `${num(median(rates))}/s`,
        });
        figure(out, 'several processes', { id: `${id}.p99`, label: `${label}: webhook → result p99`, aim: '—', value: all.p99, text: ms(all.p99) });
      } finally {
        await receivers.close();
        for (const bot of bots.reverse()) await bot.stop();
        await store.close();
      }
    }
  } finally {
    await world.close();
  }
}

export const scalePart: Part = {
  name: 'processes',
  issue: 'several processes',
  about: 'webhook → result throughput and p99: 1 process on SQLite, 1 and 3 processes on PostgreSQL',
  run,
};

// Issue "foundation": `npm start` from spawn to its "ready" log line with 100,000 tasks stored (99,000
// posted over the last 60 days, with their charges and message links; 1,000 generating at Runware).
// Start-up migrates (nothing to do), settles leftover reservations, makes open tasks due, runs the
// first poll round (500 of them) and connects to the gateway before it says ready (src/start.ts).
import { performance } from 'node:perf_hooks';
import { statSync } from 'node:fs';
import { spawnBot } from '../lib/bot-process.ts';
import { figure, note, type Part, type PartOutput } from '../lib/part.ts';
import { finishedTask, openTask, registerAtRunware } from '../lib/seed.ts';
import { median, ms, num } from '../lib/stats.ts';
import { insertTasks, newStore, setServer } from '../lib/store.ts';
import { freePort, IDS, startWorld, type BenchWorld } from '../lib/world.ts';

const STORED = 100_000;
const OPEN = 1_000;
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);

async function startups(world: BenchWorld, storeUrl: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const bot = await spawnBot({ env: world.env(port, storeUrl), port, logDir: world.dir });
    times.push(bot.startupMs);
    const errors = bot.errors();
    await bot.stop();
    if (errors.length > 0) throw new Error(`the bot logged errors: ${errors[0] ?? ''}`);
  }
  return times;
}

async function run(out: PartOutput): Promise<void> {
  const world = await startWorld({ rateLimits: true });
  const store = await newStore('sqlite', world.dir, 'startup');
  const empty = await newStore('sqlite', world.dir, 'startup-empty');
  try {
    await setServer(store.database, IDS.guild, { maxRunning: 0 });
    const filling = performance.now();
    const batch = 10_000;
    for (let start = 0; start < STORED - OPEN; start += batch) {
      const count = Math.min(batch, STORED - OPEN - start);
      await insertTasks(
        store.database,
        Array.from({ length: count }, (_, j) => finishedTask(start + j, world.place(start + j), ((start + j) * 60) / STORED)),
      );
    }
    const open = Array.from({ length: OPEN }, (_, i) => openTask(STORED + i, world.place(i), { status: 'generating', ageMs: 60_000 + i * 600 }));
    await insertTasks(store.database, open);
    registerAtRunware(world.runware, open);
    const file = store.url.replace('sqlite://', '');
    note(out, `store filled in ${num((performance.now() - filling) / 1000)} s: ${STORED.toLocaleString('en')} tasks, ${num(statSync(file).size / 2 ** 20)} MB`);
    const times = await startups(world, store.url, RUNS);
    const reference = await startups(world, empty.url, 2);
    note(out, `spawn → "ready": ${times.map(ms).join(', ')}; empty store (reference): ${reference.map(ms).join(', ')}`);
    const value = median(times);
    figure(out, 'foundation', {
      id: 'foundation.startup.100k',
      label: `npm start → ready, ${STORED.toLocaleString('en')} stored / ${OPEN.toLocaleString('en')} open (median of ${RUNS})`,
      aim: '< 2 s',
      value,
      text: ms(value),
      met: value < 2000,
    });
    figure(out, 'foundation', {
      id: 'foundation.startup.empty',
      label: 'npm start → ready, empty store (median)',
      aim: '—',
      value: median(reference),
      text: ms(median(reference)),
    });
  } finally {
    await empty.close();
    await store.close();
    await world.close();
  }
}

export const startupPart: Part = {
  name: 'startup',
  issue: 'foundation',
  about: 'start-up to ready with 100,000 stored tasks, 1,000 of them open (and with an empty store)',
  run,
};

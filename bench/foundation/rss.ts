// Issue "foundation": resident memory of the real `npm start` process (compiled dist/, the start
// script's node flags) with 10,000 open tasks. They are generating at Runware (FakeRunware knows them as
// processing); at start-up every open task is made due and the poller takes them up, 500 a round
// (src/start.ts makeDue, src/app-flow.ts claimLimit), so memory is read while that reconciliation runs.
import { spawnBot } from '../lib/bot-process.ts';
import { figure, note, type Part, type PartOutput } from '../lib/part.ts';
import { openTask, registerAtRunware } from '../lib/seed.ts';
import { median, ms, num, sleep } from '../lib/stats.ts';
import { insertTasks, newStore, setServer } from '../lib/store.ts';
import { freePort, IDS, startWorld, type BenchWorld } from '../lib/world.ts';

const OPEN = 10_000;
const RUNS = Number(process.env.BENCH_RSS_RUNS ?? 3);
const SETTLE_MS = Number(process.env.BENCH_RSS_SETTLE_MS ?? 8000);

interface Sample {
  rss: number;
  hwm: number;
  startupMs: number;
  getResponses: number;
}

/** One process: start, let it settle, then the median of 10 VmRSS readings 250 ms apart, and the peak. */
async function measure(world: BenchWorld, storeUrl: string): Promise<Sample> {
  const port = await freePort();
  const before = world.runware.received.length;
  const bot = await spawnBot({ env: world.env(port, storeUrl), port, logDir: world.dir });
  try {
    await sleep(SETTLE_MS);
    const readings: number[] = [];
    for (let i = 0; i < 10; i++) {
      readings.push(bot.memoryMb().rss);
      await sleep(250);
    }
    const errors = bot.errors();
    if (errors.length > 0) throw new Error(`the bot logged errors: ${errors[0] ?? ''}`);
    return { rss: median(readings), hwm: bot.memoryMb().hwm, startupMs: bot.startupMs, getResponses: world.runware.received.length - before };
  } finally {
    await bot.stop();
  }
}

async function run(out: PartOutput): Promise<void> {
  const world = await startWorld({ rateLimits: true });
  const store = await newStore('sqlite', world.dir, 'rss');
  const empty = await newStore('sqlite', world.dir, 'rss-empty');
  try {
    await setServer(store.database, IDS.guild, { maxRunning: 0 });
    // Generating for 1 to 20 minutes: none reaches the 30-minute time-out during the part.
    const tasks = Array.from({ length: OPEN }, (_, i) => openTask(i, world.place(i), { status: 'generating', ageMs: 60_000 + ((i * 7919) % 1_140_000) }));
    await insertTasks(store.database, tasks);
    registerAtRunware(world.runware, tasks);
    const samples: Sample[] = [];
    for (let i = 1; i <= RUNS; i++) {
      const s = await measure(world, store.url);
      samples.push(s);
      note(
        out,
        `run ${i}: ready in ${ms(s.startupMs)}; after ${SETTLE_MS / 1000} s VmRSS ${num(s.rss)} MB (peak VmHWM ${num(s.hwm)} MB); Runware polls meanwhile: ${s.getResponses} requests`,
      );
    }
    const reference = await measure(world, empty.url);
    note(out, `reference, empty store: VmRSS ${num(reference.rss)} MB (peak ${num(reference.hwm)} MB)`);
    const value = median(samples.map((s) => s.rss));
    const peak = median(samples.map((s) => s.hwm));
    figure(out, 'foundation', {
      id: 'foundation.rss.10k-open',
      label: `npm start RSS, ${OPEN.toLocaleString('en')} open tasks (median of ${RUNS})`,
      aim: '< 150 MB',
      value,
      text: `${num(value)} MB`,
      met: value < 150,
      before: '171–194 MB',
    });
    figure(out, 'foundation', { id: 'foundation.rss.10k-open-peak', label: 'its peak (VmHWM, median)', aim: '—', value: peak, text: `${num(peak)} MB` });
    figure(out, 'foundation', {
      id: 'foundation.rss.empty',
      label: 'npm start RSS, empty store',
      aim: '—',
      value: reference.rss,
      text: `${num(reference.rss)} MB`,
    });
  } finally {
    await empty.close();
    await store.close();
    await world.close();
  }
}

export const rssPart: Part = {
  name: 'rss',
  issue: 'foundation',
  about: 'RSS of the real npm start process with 10,000 open tasks (and an empty store for reference)',
  run,
};

// Issue "foundation": what polling costs at the providers. The bot (`npm start`, no PUBLIC_URL: polling
// mode, the default 5 s interval backing off to 30 s) gets 200 /video for each provider, arriving
// evenly over ARRIVAL_S; none of them finishes. Once all are submitted, the requests each fake receives
// over WINDOW_S are counted: Runware getResponse requests, Kling task-list and single-task GETs, imini
// task GETs (through a counting proxy that also sees how many are in flight at once).
import { performance } from 'node:perf_hooks';
import { spawnBot } from '../lib/bot-process.ts';
import { CountingProxy } from '../lib/counting-proxy.ts';
import { figure, note, type Part, type PartOutput } from '../lib/part.ts';
import { num, sleep, until } from '../lib/stats.ts';
import { newStore, setServer } from '../lib/store.ts';
import { freePort, IDS, startWorld } from '../lib/world.ts';
import type { FakeRunware } from '../../test/support/runware/index.ts';

const PER_PROVIDER = 200;
const ARRIVAL_S = Number(process.env.BENCH_POLL_ARRIVAL_S ?? 20);
const WINDOW_S = Number(process.env.BENCH_POLL_WINDOW_S ?? 60);
const INTERVAL_S = 5;
const PROVIDERS = ['runware', 'kling', 'imini'] as const;

/** getResponse requests FakeRunware received, and the task ids they asked about. */
function runwarePolls(runware: FakeRunware): { requests: number; items: number } {
  let requests = 0;
  let items = 0;
  for (const r of runware.received) {
    const polls = Array.isArray(r.body) ? r.body.filter((t) => (t as { taskType?: unknown }).taskType === 'getResponse').length : 0;
    if (polls > 0) requests += 1;
    items += polls;
  }
  return { requests, items };
}

async function run(out: PartOutput): Promise<void> {
  const world = await startWorld({ rateLimits: true, kling: true, imini: true });
  const { kling, imini, runware } = world;
  if (!kling || !imini) throw new Error('fake Kling and imini needed');
  const proxy = await CountingProxy.start(imini.url, (method, path) => method === 'GET' && path.includes('/v1/videos/tasks/'));
  const store = await newStore('sqlite', world.dir, 'polling');
  await setServer(store.database, IDS.guild, { maxRunning: 0 });
  const port = await freePort();
  const bot = await spawnBot({ env: world.env(port, store.url, { PUBLIC_URL: '', IMINI_API_URL: proxy.url }), port, logDir: world.dir });
  try {
    const total = PER_PROVIDER * PROVIDERS.length;
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * ARRIVAL_S * 1000) / total;
      await sleep(Math.max(0, due - performance.now()));
      const provider = PROVIDERS[i % PROVIDERS.length] ?? 'runware';
      world.discord.sendChatCommand({
        ...world.place(i),
        name: 'video',
        options: [
          { name: 'prompt', type: 3, value: `a lighthouse in a storm, take ${i}` },
          { name: 'provider', type: 3, value: provider },
        ],
      });
    }
    const submitted = () => [runware.videoRequests().length, kling.createRequests().length, imini.createRequests().length];
    const all = await until(() => submitted().every((n) => n >= PER_PROVIDER), 30_000, 100);
    if (!all) throw new Error(`not every task was submitted: runware, kling, imini = ${submitted().join(', ')}`);
    note(
      out,
      `${total} /video (${PER_PROVIDER} per provider) arrived over ${ARRIVAL_S} s; all submitted ${num((performance.now() - start) / 1000)} s after the first`,
    );

    const before = { runware: runwarePolls(runware), kling: kling.queryCounts(), imini: proxy.count };
    proxy.maxInFlight = 0;
    await sleep(WINDOW_S * 1000);
    const after = { runware: runwarePolls(runware), kling: kling.queryCounts(), imini: proxy.count };
    const perMinute = (n: number) => (n * 60) / WINDOW_S;
    const rw = perMinute(after.runware.requests - before.runware.requests);
    const rwItems = perMinute(after.runware.items - before.runware.items);
    const list = perMinute(after.kling.list - before.kling.list);
    const single = perMinute(after.kling.single - before.kling.single);
    const im = perMinute(after.imini - before.imini);
    const rounds = 60 / INTERVAL_S;
    const aim = (rounds * PER_PROVIDER) / 50;
    note(
      out,
      `over the next ${WINDOW_S} s, per minute: Runware ${num(rw)} getResponse requests asking about ${num(rwItems)} tasks (${num(rwItems / Math.max(1, rw))} per request)`,
    );
    note(
      out,
      `  Kling ${num(list)} task-list GETs + ${num(single)} single-task GETs; imini ${num(im)} task GETs, at most ${proxy.maxInFlight} in flight at once`,
    );
    note(out, `  aim for Runware: ≤ 1 request per ${INTERVAL_S} s poll interval per 50 tasks = ≤ ${aim}/min for ${PER_PROVIDER} tasks`);
    const errors = bot.errors();
    if (errors.length > 0) note(out, `bot logged ${errors.length} error line(s); first: ${errors[0]?.slice(0, 300) ?? ''}`);
    figure(out, 'foundation', {
      id: 'foundation.polling.runware',
      label: `Runware getResponse requests/min, ${PER_PROVIDER} tasks`,
      aim: `≤ ${aim}/min`,
      value: rw,
      text: `${num(rw)}/min`,
      met: rw <= aim,
      before: '60/min',
    });
    figure(out, 'foundation', {
      id: 'foundation.polling.kling',
      label: `Kling GETs/min, ${PER_PROVIDER} tasks (list + single)`,
      aim: '—',
      value: list + single,
      text: `${num(list)} + ${num(single)}/min`,
      before: '400–560/min',
    });
    figure(out, 'foundation', {
      id: 'foundation.polling.imini',
      label: `imini task GETs/min, ${PER_PROVIDER} tasks`,
      aim: '—',
      value: im,
      text: `${num(im)}/min`,
    });
    figure(out, 'foundation', {
      id: 'foundation.polling.imini-in-flight',
      label: 'imini GETs in flight at once (most)',
      aim: 'bounded (≤ 4)',
      value: proxy.maxInFlight,
      text: String(proxy.maxInFlight),
      met: proxy.maxInFlight <= 4,
    });
  } finally {
    await bot.stop();
    await proxy.close();
    await store.close();
    await world.close();
  }
}

export const pollingPart: Part = {
  name: 'polling',
  issue: 'foundation',
  about: `polling cost: ${PER_PROVIDER} tasks per provider arriving over time → requests per minute at Runware, Kling (list vs single), imini`,
  run,
};

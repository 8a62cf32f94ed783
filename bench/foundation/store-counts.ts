// Issue "foundation": store reads and writes per webhook delivery, with 20 and with 10,000 open tasks.
// The bot runs in this process (buildApp's onQuery sees every SQL statement, bench/lib/query-count.ts);
// deliveries go one at a time over HTTP, each counted from its POST until the bot's completion work
// for it has drained (outcome posted, recorded, status edited).
import { Writable } from 'node:stream';
import { request } from 'undici';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { startApp, type RunningBot } from '../../src/start.ts';
import { figure, note, type Part, type PartOutput } from '../lib/part.ts';
import { QueryCounter, type Counts } from '../lib/query-count.ts';
import { openTask } from '../lib/seed.ts';
import { median, num, sleep } from '../lib/stats.ts';
import { insertTasks, newStore } from '../lib/store.ts';
import { freePort, startWorld } from '../lib/world.ts';
import { InteractionPool, prepareStore, seedOpen } from '../results/setup.ts';

const DELIVERIES = 20;
const OPEN = [20, 10_000];
const IDLE_MS = 10_000;

async function run(out: PartOutput): Promise<void> {
  const world = await startWorld({ rateLimits: true });
  const store = await newStore('sqlite', world.dir, 'counts');
  await prepareStore(store.database);
  const pool = new InteractionPool(world);
  await pool.make(OPEN.length * DELIVERIES);
  const counter = new QueryCounter();
  const port = await freePort();
  const config = loadConfig(world.env(port, store.url));
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  let bot: RunningBot | undefined;
  try {
    bot = await startApp(await buildApp(config, { log: createLogger(config, sink), onQuery: counter.onQuery }));
    let filler = 0;
    for (const open of OPEN) {
      const have = await bot.tasks.countOpen();
      const more = Array.from({ length: Math.max(0, open - have - DELIVERIES) }, () => openTask(filler, world.place(filler++)));
      await insertTasks(store.database, more);
      const seeded = await seedOpen(world, store.database, pool, DELIVERIES);
      const openNow = await bot.tasks.countOpen();
      await sleep(500);
      const perDelivery: Counts[] = [];
      world.discord.rateLimits.resetStats();
      for (const delivery of seeded.deliveries) {
        const body = await delivery.body();
        counter.take();
        const answer = await request(`http://127.0.0.1:${bot.port}${delivery.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await answer.body.dump();
        if (answer.statusCode !== 200) throw new Error(`webhook answered ${answer.statusCode}`);
        // idle, not drain: drain also writes the learned generation times, which the bot does every 30 s, not per delivery.
        await bot.app.completion.idle();
        perDelivery.push(counter.take());
      }
      const discord = world.discord.rateLimits.stats().requests;
      const reads = perDelivery.map((c) => c.reads);
      const writes = perDelivery.map((c) => c.writes);
      const typical = perDelivery.find((c) => c.reads === median(reads) && c.writes === median(writes)) ?? perDelivery[0];
      note(
        out,
        `${openNow} open tasks, ${perDelivery.length} deliveries one at a time: reads median ${median(reads)} (max ${Math.max(...reads)}), writes median ${median(writes)} (max ${Math.max(...writes)}), statements median ${median(perDelivery.map((c) => c.statements))}; Discord requests per delivery ${num((discord.globalLimited + discord.interactionEndpoints) / perDelivery.length, 2)}`,
      );
      note(out, `  one delivery, in order: ${typical?.units.join(' · ') ?? ''}`);
      const odd = perDelivery.filter((c) => c !== typical && c.units.join() !== typical?.units.join());
      if (odd.length > 0) note(out, `  ${odd.length} other(s), e.g.: ${odd[0]?.units.join(' · ') ?? ''}`);
      for (const [what, values, aim] of [
        ['reads', reads, 1],
        ['writes', writes, 2],
      ] as const) {
        const value = median(values);
        figure(out, 'foundation', {
          id: `foundation.store-${what}.${open}`,
          label: `store ${what} per webhook delivery, ${open.toLocaleString('en')} open (median)`,
          aim: `≤ ${aim}`,
          value,
          text: `${value} (max ${Math.max(...values)})`,
          met: value <= aim,
        });
      }
    }
    counter.take();
    await sleep(IDLE_MS);
    const idle = counter.take();
    note(
      out,
      `idle, ${await bot.tasks.countOpen()} open (webhook mode, safety polls not yet due): ${num((idle.reads * 60_000) / IDLE_MS)} reads and ${num((idle.writes * 60_000) / IDLE_MS)} writes a minute (${[...new Set(idle.units)].join(' · ')})`,
    );
  } finally {
    await bot?.stop();
    await store.close();
    await world.close();
  }
}

export const storePart: Part = {
  name: 'store',
  issue: 'foundation',
  about: 'store reads and writes per webhook delivery, with 20 and 10,000 open tasks (bot in this process, onQuery)',
  run,
};

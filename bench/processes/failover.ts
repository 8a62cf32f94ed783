// Issue "several processes": the gateway holder is killed with SIGKILL; how long until the next /video
// is handled (acknowledged) by the process that takes the gateway over. Two `npm start` processes on one
// PostgreSQL schema; a /video goes out every 100 ms from the kill on (each a new interaction, as members
// would keep trying) until one is acknowledged. Repeated: the new holder is killed next, a fresh standby waiting.
import { performance } from 'node:perf_hooks';
import type { BotProcess } from '../lib/bot-process.ts';
import { figure, note, type Part, type PartOutput } from '../lib/part.ts';
import { RestWatch } from '../lib/rest-watch.ts';
import { median, ms, sleep, until } from '../lib/stats.ts';
import { newStore } from '../lib/store.ts';
import { startWorld, type BenchWorld } from '../lib/world.ts';
import { prepareStore, startBots } from '../results/setup.ts';

const KILLS = Number(process.env.BENCH_FAILOVER_KILLS ?? 3);
const GIVE_UP_MS = 60_000;

/** Sends /video every 100 ms until one is acknowledged; resolves with that acknowledgement's time and how many sent before it got no answer. */
async function nextHandled(world: BenchWorld, watch: RestWatch, from: number): Promise<{ at: number; lost: number; undeliverable: number }> {
  const sent: Array<{ at: number; answered?: number }> = [];
  let first: number | undefined;
  let undeliverable = 0;
  for (let i = 0; first === undefined && performance.now() - from < GIVE_UP_MS; i++) {
    try {
      const { id } = world.discord.sendChatCommand({ ...world.place(i), name: 'video', options: [{ name: 'prompt', type: 3, value: `failover check ${i}` }] });
      const entry: { at: number; answered?: number } = { at: performance.now() };
      sent.push(entry);
      void watch.callback(id, GIVE_UP_MS).then((posted) => {
        if (!posted) return;
        entry.answered = posted.at;
        first ??= posted.at;
      });
    } catch {
      undeliverable += 1; // no gateway session connected at that moment
    }
    await sleep(100);
  }
  if (first === undefined) throw new Error(`no interaction was handled within ${GIVE_UP_MS / 1000} s of the kill`);
  await sleep(3000); // answers to interactions sent just before the first one handled
  const before = first;
  return { at: first, lost: sent.filter((e) => e.at < before && e.answered === undefined).length, undeliverable };
}

async function run(out: PartOutput): Promise<void> {
  const world = await startWorld({ rateLimits: true });
  const watch = new RestWatch(world.discord);
  const store = await newStore('postgres', world.dir, 'failover');
  await prepareStore(store.database);
  const bots: BotProcess[] = [];
  const times: number[] = [];
  try {
    bots.push(...(await startBots(world, store.url, 2)));
    for (let kill = 1; kill <= KILLS; kill++) {
      const holder = bots.find((b) => b.child.exitCode === null && b.role() === 'holder') ?? bots.find((b) => b.logs('took the gateway lease').length > 0);
      if (!holder) throw new Error('no process holds the gateway');
      await until(() => world.discord.connectedSessions === 1, 10_000);
      const wallClock = Date.now();
      const killedAt = performance.now();
      await holder.kill9();
      const handled = await nextHandled(world, watch, killedAt);
      const took = handled.at - killedAt;
      times.push(took);
      const heir = bots.find(
        (b) => b !== holder && b.child.exitCode === null && b.logs('connected to the Discord gateway').some((l) => Number(l.time) >= wallClock),
      );
      const connected = heir?.logs('connected to the Discord gateway').find((l) => Number(l.time) >= wallClock);
      note(
        out,
        `kill ${kill}: pid ${holder.pid} (holder) killed; pid ${heir?.pid ?? '?'} connected to the gateway after ${connected ? ms(Number(connected.time) - wallClock) : '?'}; first /video acknowledged after ${ms(took)}; ${handled.lost} sent to the dead session in between got no answer, ${handled.undeliverable} found no session`,
      );
      bots.splice(bots.indexOf(holder), 1);
      if (kill < KILLS) bots.push(...(await startBots(world, store.url, 1)));
      await sleep(500);
    }
    const value = median(times);
    figure(out, 'several processes', {
      id: 'processes.failover',
      label: `kill -9 of the gateway holder → next handled /video (median of ${KILLS})`,
      aim: '< 15 s',
      value,
      text: ms(value),
      met: times.length === KILLS && value < 15_000,
    });
  } finally {
    for (const bot of bots) await bot.stop();
    await store.close();
    await world.close();
  }
}

export const failoverPart: Part = {
  name: 'failover',
  issue: 'several processes',
  about: 'kill -9 of the gateway holder → the next handled interaction (PostgreSQL, two processes)',
  run,
};

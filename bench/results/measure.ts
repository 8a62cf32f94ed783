// The measurements of the "results" part, each on fresh tasks: Discord requests per result by class,
// closed-loop throughput of a receiver, latency at a fixed rate, and a burst.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pausesBetween, scrape } from '../lib/bot-metrics.ts';
import { spawnBot, type BotProcess } from '../lib/bot-process.ts';
import { burst, closedLoop, openLoop, rate, Receivers, type DriveResult } from '../lib/driver.ts';
import type { RestWatch } from '../lib/rest-watch.ts';
import { ms, num, sleep, summarize, type Summary } from '../lib/stats.ts';
import { newStore, type BenchStore } from '../lib/store.ts';
import { BOT_TOKEN, freePort, type BenchWorld } from '../lib/world.ts';
import { drained, prepareStore, seedOpen, type InteractionPool } from './setup.ts';

export interface ResultsWorld {
  world: BenchWorld;
  watch: RestWatch;
  store: BenchStore;
  pool: InteractionPool;
}

export const CONCURRENCY = 16;

/** A pause before each measurement (the previous one's last status edits, the store's writes). */
const SETTLE_MS = 500;

export interface RequestCount {
  results: number;
  /** Requests counted against the bot's global limit, and through interaction endpoints, per result. */
  globalPerResult: number;
  interactionPerResult: number;
  tooManyRequests: number;
  latency: Summary;
}

/** `count` results delivered at `perSecond`; Discord requests counted at the fake until every outcome is recorded and 2 s more. */
export async function requestsPerResult(w: ResultsWorld, receivers: Receivers, tokens: 'valid' | 'expired', count: number, perSecond: number) {
  const seeded = await seedOpen(w.world, w.store.database, w.pool, count, tokens);
  await sleep(SETTLE_MS);
  w.world.discord.rateLimits.resetStats();
  w.watch.takeCounts();
  const run = await openLoop(receivers, w.watch, seeded.deliveries, { perSecond });
  await drained(w.store.database, seeded.tasks, 30_000);
  await sleep(2000); // the status edit follows the recorded outcome
  const stats = w.world.discord.rateLimits.stats();
  const results = run.posted;
  return {
    results,
    globalPerResult: stats.requests.globalLimited / results,
    interactionPerResult: stats.requests.interactionEndpoints / results,
    tooManyRequests: stats.tooManyRequests.global + stats.tooManyRequests.perRoute,
    latency: summarize(run.latencies),
    shapes: w.watch.takeCounts(),
  };
}

export interface Throughput {
  run: DriveResult;
  /** Results fully done (outcome recorded in the store) per second of run + drain. */
  sustained: number;
  drainMs: number;
  latency: Summary;
  /** CPU of the receiver process per result (ms). */
  cpuPerResultMs: number;
}

/** Closed loop: `concurrency` deliveries in flight for up to `seconds`, over `count` fresh tasks. */
export async function throughput(
  w: ResultsWorld,
  receivers: Receivers,
  processes: BotProcess[],
  options: { count: number; concurrency: number; seconds: number; recorded: boolean },
): Promise<Throughput> {
  const seeded = await seedOpen(w.world, w.store.database, w.pool, options.count, 'valid');
  await sleep(SETTLE_MS);
  const cpuBefore = processes.reduce((sum, p) => sum + p.cpuMs(), 0);
  const run = await closedLoop(receivers, w.watch, seeded.deliveries, { concurrency: options.concurrency, timeLimitMs: options.seconds * 1000 });
  const drainStart = performance.now();
  const sent = seeded.tasks.filter((t) => w.watch.posted(t.id));
  const done = options.recorded ? await drained(w.store.database, sent, 30_000) : run.posted;
  const drainMs = options.recorded ? performance.now() - drainStart : 0;
  const cpu = processes.reduce((sum, p) => sum + p.cpuMs(), 0) - cpuBefore;
  return {
    run,
    sustained: (done / (run.elapsedMs + drainMs)) * 1000,
    drainMs,
    latency: summarize(run.latencies),
    cpuPerResultMs: cpu / Math.max(1, done),
  };
}

/** Deliveries that are not measured: the receiver's code paths compiled and its connections open. */
export async function warmUp(w: ResultsWorld, receivers: Receivers, count: number): Promise<void> {
  const seeded = await seedOpen(w.world, w.store.database, w.pool, count, 'valid');
  await closedLoop(receivers, w.watch, seeded.deliveries, { concurrency: CONCURRENCY, timeLimitMs: 30_000 });
}

/** Open loop at `perSecond` for `seconds`: latency webhook → result posted, and the bot's own pauses meanwhile (its /metrics on `port`). */
export async function atRate(w: ResultsWorld, receivers: Receivers, perSecond: number, seconds: number, port: number) {
  const seeded = await seedOpen(w.world, w.store.database, w.pool, Math.round(perSecond * seconds), 'valid');
  await sleep(SETTLE_MS);
  const before = await scrape(port);
  const run = await openLoop(receivers, w.watch, seeded.deliveries, { perSecond });
  const pauses = pausesBetween(before, await scrape(port));
  await drained(w.store.database, seeded.tasks, 30_000);
  return { run, latency: summarize(run.latencies), achieved: rate(run), pauses };
}

/** `count` results at once over every channel; the delay of the latest one after the first POST. */
export async function burstOf(w: ResultsWorld, receivers: Receivers, count: number, tokens: 'valid' | 'expired') {
  const seeded = await seedOpen(w.world, w.store.database, w.pool, count, tokens);
  // After expiry the posts count against Discord's windows (1 s global, 5 s per channel): start them empty.
  await sleep(tokens === 'expired' ? 6000 : SETTLE_MS);
  w.world.discord.rateLimits.resetStats();
  const run = await burst(receivers, w.watch, seeded.deliveries);
  await drained(w.store.database, seeded.tasks, 30_000);
  const stats = w.world.discord.rateLimits.stats();
  const limited = `${stats.tooManyRequests.global} global + ${stats.tooManyRequests.perRoute} per-channel 429s`;
  return { run, latestMs: run.elapsedMs, latency: summarize(run.latencies), limited };
}

/** A bare receiver process on a store of its own (the bot never sees its tasks). */
export async function startBare(world: BenchWorld, via: 'token' | 'channel'): Promise<{ process: BotProcess; store: BenchStore; receivers: Receivers }> {
  const store = await newStore('sqlite', world.dir, `bare-${via}`);
  await prepareStore(store.database);
  const port = await freePort();
  const env = { STORE_URL: store.url, PORT: String(port), DISCORD_API_URL: world.discord.apiUrl, DISCORD_TOKEN: BOT_TOKEN, BARE_VIA: via };
  const args = ['--disable-warning=ExperimentalWarning', resolve('bench/lib/bare-receiver.ts')];
  const process = await spawnBot({ env, port, args, logDir: world.dir });
  return { process, store, receivers: new Receivers([`http://127.0.0.1:${port}`], CONCURRENCY) };
}

export const line = (label: string, t: Throughput) =>
  `${label}: ${t.run.posted} results in ${num(t.run.elapsedMs / 1000)} s + drain ${num(t.drainMs / 1000)} s → ${num(t.sustained)}/s; latency p50 ${ms(t.latency.p50)} p99 ${ms(t.latency.p99)}; receiver CPU ${num(t.cpuPerResultMs, 2)} ms/result; via token ${t.run.via.interaction}, channel ${t.run.via.channel}${t.run.badStatus.size ? `; non-200: ${[...t.run.badStatus].join(' ')}` : ''}`;

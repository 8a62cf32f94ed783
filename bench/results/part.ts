// Issue "results": Discord requests per result, throughput against the bare receiver, latency at fixed
// rates, and a burst over 20 channels. One world with Discord's rate limits on at the fake; the bot runs
// exactly as `npm start` runs it and the bare receiver as a process of its own, each on its own SQLite
// store, with fresh tasks for every measurement. Throughput, latency and bursts are repeated (ROUNDS)
// and their medians reported: other jobs share this machine's cores.
import { performance } from 'node:perf_hooks';
import { Receivers } from '../lib/driver.ts';
import { figure, note, type Part, type PartOutput } from '../lib/part.ts';
import { median, ms, num, summarize, tally } from '../lib/stats.ts';
import { newStore } from '../lib/store.ts';
import { startWorld } from '../lib/world.ts';
import { CONCURRENCY, atRate, burstOf, line, requestsPerResult, startBare, throughput, warmUp, type ResultsWorld } from './measure.ts';
import { InteractionPool, prepareStore, startBots, watchOf } from './setup.ts';

const SECONDS = Number(process.env.BENCH_RESULTS_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_RESULTS_ROUNDS ?? 3);
/** Tasks per closed-loop run (a run ends early when they are used up: its rate still counts). */
const BARE_TASKS = 4000;
const BOT_TASKS = 1800;
const CHANNEL_TASKS = 150;
const RATES = [10, 20, 40];
const WARM_UP = 300;
/** Every interaction the part uses, answered before any receiver runs. */
const INTERACTIONS =
  2 * WARM_UP + 2 * 100 + ROUNDS * (BARE_TASKS + BOT_TASKS) + CHANNEL_TASKS + ROUNDS * RATES.reduce((sum, r) => sum + r * SECONDS, 0) + 2 * ROUNDS * 100;

async function run(out: PartOutput): Promise<void> {
  const world = await startWorld({ rateLimits: true });
  const botStore = await newStore('sqlite', world.dir);
  await prepareStore(botStore.database);
  const pool = new InteractionPool(world);
  const seeding = performance.now();
  await pool.make(INTERACTIONS);
  note(
    out,
    `${INTERACTIONS} /video interactions answered (deferred reply + status) in ${num((performance.now() - seeding) / 1000)} s before any receiver started`,
  );
  const w: ResultsWorld = { world, watch: watchOf(world), store: botStore, pool };
  const add = (f: Parameters<typeof figure>[2]) => figure(out, 'results', f);
  const stops: Array<() => Promise<void>> = [];
  try {
    const [bot] = await startBots(world, botStore.url, 1);
    if (!bot) throw new Error('no bot');
    stops.push(() => bot.stop());
    const toBot = new Receivers([`http://127.0.0.1:${bot.port}`], CONCURRENCY);
    stops.push(() => toBot.close());
    await warmUp(w, toBot, WARM_UP);
    note(
      out,
      `bot: npm start (pid ${bot.pid}), ready in ${ms(bot.startupMs)}, warmed up with ${WARM_UP} results; the fake answers 429 above 50 req/s per token and 5 messages / 5 s per channel`,
    );

    for (const tokens of ['valid', 'expired'] as const) {
      const r = await requestsPerResult(w, toBot, tokens, 100, 10);
      note(
        out,
        `token ${tokens}: ${r.results} results at 10/s over 20 channels → ${num(r.globalPerResult, 2)} global-limit + ${num(r.interactionPerResult, 2)} interaction-endpoint requests per result, ${r.tooManyRequests} × 429; ${tally(r.shapes)}`,
      );
      add({
        id: `results.global-per-result.${tokens}`,
        label: `global-limit requests per result, token ${tokens}`,
        aim: tokens === 'valid' ? '0' : '≤ 2',
        value: r.globalPerResult,
        text: num(r.globalPerResult, 2),
        met: r.results > 0 && r.globalPerResult <= (tokens === 'valid' ? 0 : 2),
        ...(tokens === 'expired' ? { before: '3.04' } : {}),
      });
    }

    const bare = await startBare(world, 'token');
    stops.push(async () => (await bare.receivers.close(), await bare.process.stop(), await bare.store.close()));
    await warmUp({ ...w, store: bare.store }, bare.receivers, WARM_UP);
    note(out, `throughput: closed loop, ${CONCURRENCY} deliveries in flight, ${SECONDS} s per run, bare receiver and bot alternately, ${ROUNDS} rounds`);
    const ratios: number[] = [];
    const botRates: number[] = [];
    const bareRates: number[] = [];
    const cpu = { bot: [] as number[], bare: [] as number[] };
    for (let round = 1; round <= ROUNDS; round++) {
      const b = await throughput({ ...w, store: bare.store }, bare.receivers, [bare.process], {
        count: BARE_TASKS,
        concurrency: CONCURRENCY,
        seconds: SECONDS,
        recorded: false,
      });
      const t = await throughput(w, toBot, [bot], { count: BOT_TASKS, concurrency: CONCURRENCY, seconds: SECONDS, recorded: true });
      note(out, `round ${round}: ${line('bare (token follow-up)', b)}`);
      note(out, `round ${round}: ${line('bot', t)}`);
      ratios.push(t.sustained / b.sustained);
      botRates.push(t.sustained);
      bareRates.push(b.sustained);
      cpu.bot.push(t.cpuPerResultMs);
      cpu.bare.push(b.cpuPerResultMs);
    }
    const ratio = median(ratios);
    note(out, `bot/bare per round: ${ratios.map((r) => num(r, 2)).join(', ')} → median ${num(ratio, 2)}×`);
    add({
      id: 'results.throughput.bot',
      label: 'bot results/s (16 in flight, median)',
      aim: '—',
      value: median(botRates),
      text: `${num(median(botRates))}/s`,
      before: '14.9/s',
    });
    add({
      id: 'results.throughput.bare',
      label: 'bare receiver results/s (token follow-up, median)',
      aim: '—',
      value: median(bareRates),
      text: `${num(median(bareRates))}/s`,
      before: '46.9/s (channel posts)',
    });
    add({
      id: 'results.throughput.ratio',
      label: 'bot / bare throughput (median)',
      aim: '≥ 0.8×',
      value: ratio,
      text: `${num(ratio, 2)}×`,
      met: ratio >= 0.8,
      before: '0.32×',
    });
    add({
      id: 'results.cpu-per-result',
      label: 'CPU per result: bot / bare receiver (median)',
      aim: '—',
      value: median(cpu.bot),
      text: `${num(median(cpu.bot), 2)} / ${num(median(cpu.bare), 2)} ms`,
    });

    const viaChannel = await startBare(world, 'channel');
    stops.push(async () => (await viaChannel.receivers.close(), await viaChannel.process.stop(), await viaChannel.store.close()));
    const c = await throughput({ ...w, store: viaChannel.store }, viaChannel.receivers, [viaChannel.process], {
      count: CHANNEL_TASKS,
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      recorded: false,
    });
    note(out, `${line('reference: bare posting in the channel with the bot token (the pre-rework baseline)', c)}`);

    const latencies = new Map<number, number[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const perSecond of RATES) {
        const r = await atRate(w, toBot, perSecond, SECONDS, bot.port);
        const p = r.pauses;
        note(
          out,
          `round ${round}, ${perSecond}/s: ${r.run.posted}/${r.run.sent} posted, p50 ${ms(r.latency.p50)} p99 ${ms(r.latency.p99)} max ${ms(r.latency.max)}; bot: event loop delayed ≤ ${ms(p.loopMaxMs)}, ${p.gcCount} GC pauses (${ms(p.gcMs)}, ${p.gcOver10ms} over 10 ms)`,
        );
        latencies.set(perSecond, [...(latencies.get(perSecond) ?? []), ...r.run.latencies]);
      }
    }
    for (const [perSecond, samples] of latencies) {
      const all = summarize(samples);
      const complete = all.n === ROUNDS * perSecond * SECONDS;
      note(out, `${perSecond}/s, all ${ROUNDS} rounds together: ${all.n} results, p50 ${ms(all.p50)} p99 ${ms(all.p99)} max ${ms(all.max)}`);
      add({
        id: `results.latency-p99.${perSecond}`,
        label: `webhook → result p99 at ${perSecond}/s (${ROUNDS} runs)`,
        aim: '≤ 50 ms',
        value: all.p99,
        text: ms(all.p99),
        met: complete && all.p99 <= 50,
      });
    }

    for (const tokens of ['valid', 'expired'] as const) {
      const latest: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const r = await burstOf(w, toBot, 100, tokens);
        note(
          out,
          `burst of 100 over 20 channels, token ${tokens}, round ${round}: ${r.run.posted} posted, latest after ${ms(r.latestMs)} (p50 ${ms(r.latency.p50)}), ${r.limited}`,
        );
        latest.push(r.run.posted === 100 ? r.latestMs : Number.POSITIVE_INFINITY);
      }
      const value = median(latest);
      add({
        id: `results.burst-latest.${tokens}`,
        label: `burst 100 / 20 channels, latest (token ${tokens}, median)`,
        aim: '≤ 3 s',
        value,
        text: ms(value),
        met: value <= 3000,
      });
    }
    const errors = bot.errors();
    if (errors.length > 0) note(out, `bot logged ${errors.length} error line(s); first: ${errors[0]?.slice(0, 300) ?? ''}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await botStore.close();
    await world.close();
  }
}

export const resultsPart: Part = {
  name: 'results',
  issue: 'results',
  about: 'Discord requests per result, throughput vs the bare receiver, latency at 10/20/40 per s, a burst of 100 over 20 channels',
  run,
};

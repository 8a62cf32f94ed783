// Aim 1: webhook delivery → result message in Discord, the bot versus a bare node:http receiver,
// both driven identically against the same FakeDiscord, one after the other (never concurrently).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunningBot } from '../src/start.ts';
import type { Task } from '../src/domain/task.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { openKeyv } from '../src/store/sql-keyv-store.ts';
import { BOT_TOKEN, IDS, startBotIn, type World } from '../test/support/bot-harness.ts';
import { startBareServer } from './bare-server.ts';
import { drive, type DriveResult } from './driver.ts';
import { RestWatch } from './rest-watch.ts';
import { summarize, type Summary } from './stats.ts';
import { queuedTask, type Place } from './tasks.ts';
import { benchWorld, createStatusMessages, observe, timed, within } from './world.ts';

export interface WebhookOptions {
  tasks: number;
  warmup: number;
  concurrency: number;
  timeLimitMs: number;
  /** Deliveries sent one at a time, 100 ms apart, after the loaded run: latency without queueing. */
  probe: number;
  /** Extra diagnostic run with discord.js's global 50 req/s limiter lifted (ms; 0 = skip). */
  diagnosticMs: number;
}

export interface WebhookSide {
  label: string;
  run: DriveResult;
  loopP99: number;
  loopMax: number;
  cpuPct: number;
  /** After the run: until every delivered task's whole delivery (all its REST calls) finished. */
  drain: Drain;
  probe?: Summary;
  /** REST calls the fake received during the paced probe, by shape. */
  probeRest?: Map<string, number>;
  /** REST calls the fake received during the loaded run, by shape. */
  rest: Map<string, number>;
  notes: string[];
}

const PLACES: Place[] = [
  { guildId: IDS.guild, channelId: IDS.channel, userId: IDS.alice },
  { guildId: IDS.guild, channelId: IDS.otherChannel, userId: IDS.bob },
];

interface TaskSet {
  warm: Task[];
  main: Task[];
  probe: Task[];
}

function taskSet(options: WebhookOptions): TaskSet {
  const make = (count: number, offset: number) =>
    Array.from({ length: count }, (_, i) => queuedTask(offset + i, PLACES[(offset + i) % PLACES.length] ?? PLACES[0]!));
  return { warm: make(options.warmup, 0), main: make(options.tasks, options.warmup), probe: make(options.probe, options.warmup + options.tasks) };
}

const all = (set: TaskSet): Task[] => [...set.warm, ...set.main, ...set.probe];

export interface Drain {
  ms: number;
  /** Tasks of the run whose delivery had fully finished when the drain ended. */
  finished: number;
  complete: boolean;
}

/** Waits (bounded) until the given tasks' deliveries are fully done; the bare server is done when it answers. */
type Drainer = (tasks: Task[], limitMs: number) => Promise<Drain>;
const DRAIN_LIMIT_MS = 30_000;
const alreadyDone: Drainer = (tasks) => Promise.resolve({ ms: 0, finished: tasks.length, complete: true });

/** The bot closes a task (drops it from the 'open' list) once its result, edits and reactions are all sent. */
function botDrainer(bot: RunningBot): Drainer {
  return async (tasks, limitMs) => {
    const start = performance.now();
    for (;;) {
      let finished = 0;
      for (const task of tasks) if ((await bot.tasks.get(task.id))?.resultMessageId) finished += 1;
      const ms = performance.now() - start;
      if (finished === tasks.length || ms >= limitMs) return { ms, finished, complete: finished === tasks.length };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
}

/** Deliveries per second counting only fully finished ones, over run + drain. */
export function sustained(side: WebhookSide): number {
  const ms = side.run.elapsedMs + side.drain.ms;
  return ms > 0 ? (side.drain.finished / ms) * 1000 : Number.NaN;
}

async function loaded(
  label: string,
  baseUrl: string,
  tasks: Task[],
  watch: RestWatch,
  options: WebhookOptions,
  timeLimitMs: number,
  drain: Drainer,
): Promise<WebhookSide> {
  watch.takeCounts();
  const seen = await observe(async () => {
    const run = await drive({ baseUrl, tasks, watch, concurrency: options.concurrency, timeLimitMs, perDeliveryTimeoutMs: 30_000 });
    return { run, drained: await drain(tasks.slice(0, run.attempted), DRAIN_LIMIT_MS) };
  });
  const { run, drained } = seen.value;
  return { label, run, drain: drained, loopP99: seen.loopP99, loopMax: seen.loopMax, cpuPct: seen.cpuPct, rest: watch.takeCounts(), notes: [] };
}

async function measure(label: string, baseUrl: string, set: TaskSet, watch: RestWatch, options: WebhookOptions, drain: Drainer): Promise<WebhookSide> {
  await drive({ baseUrl, tasks: set.warm, watch, concurrency: options.concurrency, timeLimitMs: 20_000, perDeliveryTimeoutMs: 30_000 });
  await drain(set.warm, DRAIN_LIMIT_MS);
  const side = await loaded(label, baseUrl, set.main, watch, options, options.timeLimitMs, drain);
  if (set.probe.length > 0) {
    const probe = await drive({ baseUrl, tasks: set.probe, watch, concurrency: 1, gapMs: 100, timeLimitMs: 15_000, perDeliveryTimeoutMs: 10_000 });
    side.probe = summarize(probe.latencies);
    side.probeRest = watch.takeCounts();
    await drain(set.probe, 10_000);
  }
  return side;
}

/**
 * Each receiver gets its own, identically prepared FakeDiscord (its tasks' status messages only),
 * so neither pays for the other's messages: the fake scans a channel's messages on every post.
 */
export async function runWebhookBench(options: WebhookOptions): Promise<WebhookSide[]> {
  const sides: WebhookSide[] = [];
  for (const side of [bareSide('undici'), bareSide('discord.js'), botSide]) {
    const world = await benchWorld('warn');
    try {
      const watch = new RestWatch(world.discord);
      const set = taskSet(options);
      await createStatusMessages(world, all(set));
      sides.push(...(await side(world, watch, set, options)));
    } finally {
      await within(world.close(), 5_000);
    }
  }
  return sides;
}

/** A bare receiver posting through raw undici or through discord.js REST (the client the bot uses). */
function bareSide(via: 'undici' | 'discord.js') {
  return async (world: World, watch: RestWatch, set: TaskSet, options: WebhookOptions): Promise<WebhookSide[]> => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'));
    const database = openDatabase(`sqlite://${join(dir, 'bare.sqlite')}`);
    await migrateToLatest(database);
    const keyv = openKeyv(database.db);
    const close = () => void database.close();
    for (const task of all(set)) await keyv.set(`task:${task.id}`, task);
    const server = await startBareServer(keyv, world.discord.apiUrl, BOT_TOKEN, via);
    try {
      return [await measure(via === 'undici' ? 'bare node:http' : 'bare + discord.js REST', server.url, set, watch, options, alreadyDone)];
    } finally {
      await server.close();
      close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

async function botSide(world: World, watch: RestWatch, set: TaskSet, options: WebhookOptions): Promise<WebhookSide[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bot-'));
  const bot: RunningBot = await startBotIn(world, { STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}` });
  const limited = { global: 0, route: 0 };
  bot.client.rest.on('rateLimited', (info) => (info.global ? (limited.global += 1) : (limited.route += 1)));
  const baseUrl = `http://127.0.0.1:${bot.port}`;
  try {
    const tasks = all(set);
    const created = await timed(async () => {
      for (const task of tasks) await bot.tasks.create(task, { dueAt: Date.now() + 300_000 });
    });
    const scan = await timed(() => bot.tasks.countOpen());
    const side = await measure('bot (startBot)', baseUrl, set, watch, options, botDrainer(bot));
    const notReached = set.main.length - side.run.attempted;
    side.notes.push(
      `setup: tasks.create ×${tasks.length} took ${(created.ms / 1000).toFixed(1)} s (${(created.ms / tasks.length).toFixed(2)} ms each)`,
      `tasks.countOpen() with ${String(scan.value)} open tasks: ${scan.ms.toFixed(0)} ms`,
      `discord.js client-side rate limiter waited ${limited.global}× on the global 50 req/s budget, ${limited.route}× on a route bucket (warm-up + run + probe)`,
      `${notReached} of ${set.main.length} tasks got no webhook before the ${(options.timeLimitMs / 1000).toFixed(0)} s time limit (count and time bound)`,
    );
    const sides = [side];
    const rest = set.main.slice(side.run.attempted);
    if (options.diagnosticMs > 0 && rest.length > 0) sides.push(await liftedLimiter(bot, baseUrl, rest, watch, options, limited));
    const sent = [...set.warm, ...set.main.slice(0, side.run.attempted + (sides[1]?.run.attempted ?? 0)), ...set.probe];
    await botDrainer(bot)(sent, 10_000); // let in-flight deliveries finish before stop closes the store
    return sides;
  } finally {
    await within(bot.stop(), 5_000);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Diagnostic only (not used for any verdict): the same bot with discord.js's global request budget
 * raised, to show what the bot's own code path sustains when Discord's 50 req/s is not the limit.
 */
async function liftedLimiter(
  bot: RunningBot,
  baseUrl: string,
  tasks: Task[],
  watch: RestWatch,
  options: WebhookOptions,
  limited: { global: number },
): Promise<WebhookSide> {
  const restOptions = bot.client.rest.options as { globalRequestsPerSecond: number };
  const before = limited.global;
  restOptions.globalRequestsPerSecond = 1_000_000;
  await new Promise((resolve) => setTimeout(resolve, 1_100)); // let the current 1 s budget window expire
  const side = await loaded('bot, limiter lifted*', baseUrl, tasks, watch, options, options.diagnosticMs, botDrainer(bot));
  side.notes.push(
    `*diagnostic: globalRequestsPerSecond raised at run time; real Discord enforces 50 req/s per bot, so this is not a valid production setting (global waits during it: ${limited.global - before})`,
  );
  return side;
}

// The bench's world: the test harness's FakeDiscord + FakeRunware, with the bot configured as in
// production (the harness's fast test timers removed, so the schema defaults apply).
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import { Pool } from 'undici';
import { statusContent } from '../src/discord/status-message.ts';
import type { Task } from '../src/domain/task.ts';
import { BOT_TOKEN, startWorld, type World } from '../test/support/bot-harness.ts';

const TEST_TIMERS = ['POLL_INTERVAL_SECONDS', 'POLL_MAX_INTERVAL_SECONDS', 'PROVIDER_RETRIES', 'PROVIDER_RETRY_MIN_MS'];

export async function benchWorld(logLevel = 'warn'): Promise<World> {
  const world = await startWorld();
  for (const key of TEST_TIMERS) delete world.env[key];
  world.env.LOG_LEVEL = logLevel;
  return world;
}

/**
 * Creates each task's status message in the fake (as the bot's deferred reply would have), through
 * the fake's REST API with the bot token, and records its id on the task.
 */
export async function createStatusMessages(world: World, tasks: Task[], concurrency = 16): Promise<void> {
  const api = new URL(world.discord.apiUrl);
  const pool = new Pool(api.origin, { connections: concurrency });
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let task = tasks[next++]; task; task = tasks[next++]) {
      const response = await pool.request({
        method: 'POST',
        path: `${api.pathname}/v10/channels/${task.origin.channelId}/messages`,
        headers: { authorization: `Bot ${BOT_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: statusContent(task, undefined), allowed_mentions: { parse: [] } }),
      });
      const message = (await response.body.json()) as { id?: string };
      if (!message.id) throw new Error(`status message not created (HTTP ${response.statusCode})`);
      task.origin.statusMessageId = message.id;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  await pool.close();
}

/** Event-loop delay (p99, max, ms) and CPU use (% of one core, whole process) while `work` runs. */
export async function observe<T>(work: () => Promise<T>): Promise<{ value: T; loopP99: number; loopMax: number; cpuPct: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const cpu = process.cpuUsage();
  const start = performance.now();
  histogram.enable();
  try {
    const value = await work();
    const used = process.cpuUsage(cpu);
    const cpuPct = ((used.user + used.system) / 1000 / (performance.now() - start)) * 100;
    return { value, loopP99: histogram.percentile(99) / 1e6, loopMax: histogram.max / 1e6, cpuPct };
  } finally {
    histogram.disable();
  }
}

/** Awaits `promise` but never longer than `ms` (shutdowns with queued REST calls can linger). */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = promise.then(
    () => true,
    () => true,
  );
  const finished = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return finished;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

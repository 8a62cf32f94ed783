// Closed-loop webhook driver: `concurrency` workers each POST one Runware delivery, then wait until
// the fake Discord records that task's result message, then take the next task. Bounded by the
// number of tasks and by a deadline (no new deliveries start after it).
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { Task } from '../src/domain/task.ts';
import type { RestWatch } from './rest-watch.ts';
import { webhookBody, webhookPath } from './tasks.ts';

export interface DriveOptions {
  baseUrl: string;
  tasks: Task[];
  concurrency: number;
  /** Stop starting deliveries after this long (ms). */
  timeLimitMs: number;
  /** Give up on one result message after this long (ms). */
  perDeliveryTimeoutMs: number;
  watch: RestWatch;
  /** Pause each worker this long after each delivery (paced probes; default 0). */
  gapMs?: number;
}

export interface DriveResult {
  /** Webhook POST sent → result message recorded by the fake (ms). */
  latencies: number[];
  /** Webhook POST sent → HTTP answer received (ms). */
  acks: number[];
  attempted: number;
  completed: number;
  timedOut: number;
  /** Non-200 answers by status. */
  badStatus: Map<number, number>;
  /** First send → last result recorded (ms). */
  elapsedMs: number;
  hitTimeLimit: boolean;
}

export async function drive(options: DriveOptions): Promise<DriveResult> {
  const pool = new Pool(options.baseUrl, { connections: options.concurrency, pipelining: 1 });
  const result: DriveResult = { latencies: [], acks: [], attempted: 0, completed: 0, timedOut: 0, badStatus: new Map(), elapsedMs: 0, hitTimeLimit: false };
  const bodies = options.tasks.map((task) => ({ task, path: webhookPath(task), body: webhookBody(task) }));
  let next = 0;
  const start = performance.now();
  let last = start;
  const deadline = start + options.timeLimitMs;

  const worker = async (): Promise<void> => {
    for (;;) {
      const item = bodies[next];
      if (!item) return;
      if (performance.now() >= deadline) {
        result.hitTimeLimit = true;
        return;
      }
      next += 1;
      result.attempted += 1;
      const recorded = options.watch.wait(`msg:${item.task.id}`, options.perDeliveryTimeoutMs);
      const sent = performance.now();
      let status = 0;
      try {
        const response = await pool.request({ method: 'POST', path: item.path, headers: { 'content-type': 'application/json' }, body: item.body });
        status = response.statusCode;
        await response.body.dump();
      } catch {
        status = -1;
      }
      result.acks.push(performance.now() - sent);
      if (status !== 200) {
        result.badStatus.set(status, (result.badStatus.get(status) ?? 0) + 1);
        continue;
      }
      const at = await recorded;
      if (Number.isNaN(at)) {
        result.timedOut += 1;
        continue;
      }
      result.completed += 1;
      result.latencies.push(at - sent);
      last = Math.max(last, at);
      if (options.gapMs) await new Promise((resolve) => setTimeout(resolve, options.gapMs));
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  result.elapsedMs = last - start;
  await pool.close();
  return result;
}

export function throughput(result: DriveResult): number {
  return result.elapsedMs > 0 ? (result.completed / result.elapsedMs) * 1000 : Number.NaN;
}

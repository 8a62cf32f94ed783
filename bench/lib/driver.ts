// Webhook drivers. Each delivery is Runware's POST of a finished task to the receiver; its latency runs
// from sending the POST to the fake Discord recording the task's result message. Closed loop: `concurrency`
// workers each send one and wait for its result before the next. Open loop: one every 1/rate s whatever
// happens (a slow receiver cannot slow the sender). Burst: all at once. Every loop is bounded in time.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { RestWatch } from './rest-watch.ts';
import { sleep } from './stats.ts';

export interface Delivery {
  taskId: string;
  path: string;
  /** The webhook body; made just before sending (outside the timing), so undelivered tasks stay unfinished at the provider. */
  body: () => Promise<string>;
}

export interface DriveResult {
  /** POST sent → result recorded (ms), for the results seen. */
  latencies: number[];
  /** POST sent → HTTP answer (ms). */
  acks: number[];
  sent: number;
  posted: number;
  /** Non-200 answers by status (−1: no answer). */
  badStatus: Map<number, number>;
  /** First POST → last result recorded (ms). */
  elapsedMs: number;
  /** Results that went out through the interaction token / the channel. */
  via: { interaction: number; channel: number };
}

/** Receivers to spread deliveries over (round robin), e.g. several bot processes. */
export class Receivers {
  readonly #pools: Pool[];
  #next = 0;

  constructor(baseUrls: string[], connections: number) {
    this.#pools = baseUrls.map((url) => new Pool(url, { connections, pipelining: 1 }));
  }

  async post(delivery: Delivery, body: string): Promise<number> {
    const pool = this.#pools[this.#next++ % this.#pools.length] as Pool;
    try {
      const response = await pool.request({ method: 'POST', path: delivery.path, headers: { 'content-type': 'application/json' }, body });
      await response.body.dump();
      return response.statusCode;
    } catch {
      return -1;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#pools.map((p) => p.close()));
  }
}

function emptyResult(): DriveResult {
  return { latencies: [], acks: [], sent: 0, posted: 0, badStatus: new Map(), elapsedMs: 0, via: { interaction: 0, channel: 0 } };
}

/** Sends one delivery and waits for its result; records into `result`. */
async function one(
  receivers: Receivers,
  watch: RestWatch,
  delivery: Delivery,
  result: DriveResult,
  waitMs: number,
  start: number,
  body?: string,
): Promise<void> {
  result.sent += 1;
  const text = body ?? (await delivery.body());
  const awaited = watch.result(delivery.taskId, waitMs);
  const sent = performance.now();
  const status = await receivers.post(delivery, text);
  result.acks.push(performance.now() - sent);
  if (status !== 200) result.badStatus.set(status, (result.badStatus.get(status) ?? 0) + 1);
  const posted = await awaited;
  if (!posted) return;
  result.posted += 1;
  result.via[posted.via] += 1;
  result.latencies.push(posted.at - sent);
  result.elapsedMs = Math.max(result.elapsedMs, posted.at - start);
}

export async function closedLoop(
  receivers: Receivers,
  watch: RestWatch,
  deliveries: Delivery[],
  options: { concurrency: number; timeLimitMs: number; waitMs?: number },
): Promise<DriveResult> {
  const result = emptyResult();
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    for (let d = deliveries[next++]; d && performance.now() - start < options.timeLimitMs; d = deliveries[next++]) {
      await one(receivers, watch, d, result, options.waitMs ?? 30_000, start);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return result;
}

export async function openLoop(
  receivers: Receivers,
  watch: RestWatch,
  deliveries: Delivery[],
  options: { perSecond: number; waitMs?: number },
): Promise<DriveResult> {
  const result = emptyResult();
  const start = performance.now();
  const pending: Array<Promise<void>> = [];
  for (const [i, d] of deliveries.entries()) {
    const due = start + (i * 1000) / options.perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(one(receivers, watch, d, result, options.waitMs ?? 30_000, start));
  }
  await Promise.all(pending);
  return result;
}

export async function burst(receivers: Receivers, watch: RestWatch, deliveries: Delivery[], waitMs = 30_000): Promise<DriveResult> {
  const result = emptyResult();
  const bodies = await Promise.all(deliveries.map((d) => d.body()));
  const start = performance.now();
  await Promise.all(deliveries.map((d, i) => one(receivers, watch, d, result, waitMs, start, bodies[i])));
  return result;
}

/** Results per second over the run (posted / elapsed). */
export function rate(result: DriveResult): number {
  return result.elapsedMs > 0 ? (result.posted / result.elapsedMs) * 1000 : Number.NaN;
}

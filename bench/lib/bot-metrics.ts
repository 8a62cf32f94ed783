// Reads a bot process's own view of itself from its GET /metrics (prom-client default metrics,
// https://github.com/siimon/prom-client#default-metrics): event-loop delay (its histogram is reset at
// every scrape, node_modules/prom-client/lib/metrics/eventLoopLag.js) and garbage-collection pauses.
// Used to tell a slow result caused by the bot from one caused by the machine or the fakes.
import { request } from 'undici';

export type Scrape = Array<{ name: string; labels: Record<string, string>; value: number }>;

export async function scrape(port: number): Promise<Scrape> {
  const answer = await request(`http://127.0.0.1:${port}/metrics`);
  const text = await answer.body.text();
  const samples: Scrape = [];
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (!match?.[1] || match[3] === undefined) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

const total = (s: Scrape, name: string, le?: string) =>
  s.filter((x) => x.name === name && (le === undefined || x.labels.le === le)).reduce((sum, x) => sum + x.value, 0);

export interface Pauses {
  /** Longest event-loop delay since the previous scrape (ms). */
  loopMaxMs: number;
  gcCount: number;
  gcMs: number;
  /** GC pauses longer than 10 ms. */
  gcOver10ms: number;
}

/** What happened between two scrapes (the second one's event-loop figures cover exactly that time). */
export function pausesBetween(before: Scrape, after: Scrape): Pauses {
  const gc = 'nodejs_gc_duration_seconds';
  const count = (s: Scrape) => total(s, `${gc}_count`);
  const under10 = (s: Scrape) => total(s, `${gc}_bucket`, '0.01');
  return {
    loopMaxMs: total(after, 'nodejs_eventloop_lag_max_seconds') * 1000,
    gcCount: count(after) - count(before),
    gcMs: (total(after, `${gc}_sum`) - total(before, `${gc}_sum`)) * 1000,
    gcOver10ms: count(after) - under10(after) - (count(before) - under10(before)),
  };
}

// Several bot processes on one PostgreSQL schema behind the round-robin balancer (test/support/balancer.ts):
// the world's PUBLIC_URL is the balancer, so provider webhooks reach any process; exactly one of them
// holds the Discord gateway (src/store/gateway-lease.ts) and the others stand by.
import type { ReadyReport } from '../../src/ops/health.ts';
import { startBalancer, type Balancer } from './balancer.ts';
import { spawnBot, startWorld, type BotChild, type World } from './bot-harness.ts';
import { freePort, waitUntil } from './ports.ts';
import { freshSchema } from './postgres.ts';

export type ClusterBot = BotChild & { port: number };

export interface Cluster {
  world: World;
  balancer: Balancer;
  storeUrl: string;
  ports: number[];
  bots: ClusterBot[];
  /** Starts (or restarts) the process on `ports[index]`. */
  start(index: number, env?: Record<string, string>): Promise<ClusterBot>;
  /** Starts a process again on the port of one that ended. */
  restart(ended: ClusterBot): Promise<ClusterBot>;
  /** Every process's output, each line prefixed with its name (printed when a test fails). */
  output(): string;
  close(): Promise<void>;
}

/**
 * A fresh schema, the local Discord and Runware, a balancer in front of `count` ports and a process on
 * each (started together, as a deploy does). Short leases and fast polling keep take-overs quick.
 */
export async function startCluster(count: number, env: Record<string, string> = {}): Promise<Cluster> {
  const schema = await freshSchema();
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const balancer = await startBalancer(ports);
  const world = await startWorld({
    env: {
      STORE_URL: schema.storeUrl,
      PUBLIC_URL: balancer.url,
      LOG_LEVEL: 'info',
      WORK_LEASE_SECONDS: '3',
      POLL_INTERVAL_SECONDS: '0.2',
      POLL_MAX_INTERVAL_SECONDS: '1',
      ...env,
    },
  });
  const bots: ClusterBot[] = [];
  const cluster: Cluster = {
    world,
    balancer,
    storeUrl: schema.storeUrl,
    ports,
    bots,
    async start(index, extra = {}) {
      const port = ports[index]!;
      const child = await spawnBot(world, undefined, { env: { PORT: String(port), ...extra }, name: `bot${index + 1}:${port}` });
      const bot = Object.assign(child, { port });
      bots.push(bot);
      return bot;
    },
    restart: (ended) => cluster.start(ports.indexOf(ended.port)),
    output: () => bots.map((b) => b.output.map((line) => `[${b.name}] ${line}`).join('\n')).join('\n'),
    async close() {
      for (const bot of bots) if (bot.exitCode === null && bot.signalCode === null) bot.kill('SIGKILL');
      await Promise.all(bots.map((b) => (b.exitCode === null && b.signalCode === null ? new Promise((r) => b.once('exit', r)) : undefined)));
      await balancer.close();
      await world.close();
      await schema.drop();
    },
  };
  try {
    await Promise.all(ports.map((_, i) => cluster.start(i)));
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}

export function alive(bot: BotChild): boolean {
  return bot.exitCode === null && bot.signalCode === null;
}

export async function readyz(port: number): Promise<{ status: number; report: ReadyReport }> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: response.status, report: (await response.json()) as ReadyReport };
}

/** The living processes that say (GET /readyz) they hold the gateway. */
export async function holders(bots: ClusterBot[]): Promise<ClusterBot[]> {
  const living = bots.filter(alive);
  const reports = await Promise.all(living.map((b) => readyz(b.port).catch(() => undefined)));
  return living.filter((_, i) => reports[i]?.report.gateway === 'holder');
}

/** Waits until exactly one living process holds the gateway and the fake Discord sees one session; resolves with it. */
export async function waitForOneHolder(cluster: Cluster, timeoutMs: number): Promise<ClusterBot> {
  let holder: ClusterBot | undefined;
  await waitUntil(
    async () => {
      const now = await holders(cluster.bots);
      holder = now.length === 1 && cluster.world.discord.connectedSessions === 1 ? now[0] : undefined;
      return holder !== undefined;
    },
    'exactly one gateway holder',
    timeoutMs,
  );
  return holder!;
}

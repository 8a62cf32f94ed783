import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Logger } from '../logging/log.ts';
import type { BotMetrics } from './metrics.ts';

/** What GET /readyz answers (200 when `ready`, else 503). */
export interface ReadyReport {
  ready: boolean;
  store: { reachable: boolean; error?: string };
  /** Whether this process holds the Discord gateway or stands by (src/store/gateway-lease.ts). */
  gateway: 'holder' | 'standby';
  providers: string[];
  /** Tasks not yet finished in Discord; null when the store could not say. */
  openTasks: number | null;
}

export interface ReadinessDeps {
  /** A cheap round trip to the store; `storePing(db)` is `SELECT 1`. */
  ping: () => Promise<unknown>;
  gateway: () => 'holder' | 'standby';
  /** Names of the configured providers. */
  providers: string[];
  countOpen: () => Promise<number>;
  /** How long the store may take to answer before it counts as unreachable; 2 s unless set. */
  timeoutMs?: number;
}

export function storePing<DB>(db: Kysely<DB>): () => Promise<unknown> {
  return () => sql`SELECT 1`.execute(db);
}

/** Ready = the store answers in time and at least one provider is configured; a standby process is ready too (it serves webhooks). */
export function readinessCheck(deps: ReadinessDeps): () => Promise<ReadyReport> {
  const timeoutMs = deps.timeoutMs ?? 2000;
  return async () => {
    const providers = [...deps.providers];
    const gateway = deps.gateway();
    try {
      await withTimeout(deps.ping(), timeoutMs);
    } catch (error) {
      const store = { reachable: false, error: error instanceof Error ? error.message : String(error) };
      return { ready: false, store, gateway, providers, openTasks: null };
    }
    const openTasks = await withTimeout(deps.countOpen(), timeoutMs).catch(() => null);
    return { ready: providers.length > 0, store: { reachable: true }, gateway, providers, openTasks };
  };
}

export interface HealthRouteDeps {
  ready: () => Promise<ReadyReport>;
  /** Serve GET /metrics on this listener too (leave out when METRICS_PORT gives it a listener of its own). */
  metrics?: BotMetrics;
  /** With a token, GET /metrics needs `Authorization: Bearer <token>` (METRICS_TOKEN). */
  metricsToken?: string;
}

/** GET /healthz (alive), GET /readyz (ready for work), and GET /metrics when `metrics` is given. */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthRouteDeps): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const report = await deps.ready();
    return reply.code(report.ready ? 200 : 503).send(report);
  });
  if (deps.metrics) registerMetricsRoute(app, deps.metrics, deps.metricsToken);
}

/** GET /metrics in Prometheus's text format, behind a bearer token when one is given. */
export function registerMetricsRoute(app: FastifyInstance, metrics: BotMetrics, token?: string): void {
  app.get('/metrics', async (request, reply) => {
    if (token !== undefined && !bearerMatches(request, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send({ error: 'unauthorized' });
    }
    return reply.header('content-type', metrics.contentType).send(await metrics.text());
  });
}

export interface MetricsServer {
  /** Where it listens, like http://127.0.0.1:9464. */
  url: string;
  close(): Promise<void>;
}

/** A listener of its own for GET /metrics (METRICS_PORT on METRICS_HOST), apart from the public webhooks. */
export async function startMetricsServer(options: { metrics: BotMetrics; host: string; port: number; token?: string; log?: Logger }): Promise<MetricsServer> {
  const app = Fastify({ logger: false });
  registerMetricsRoute(app, options.metrics, options.token);
  const url = await app.listen({ host: options.host, port: options.port });
  options.log?.info({ url: `${url}/metrics` }, 'metrics listening');
  return { url, close: () => app.close() };
}

/** Where the settings put /metrics: on the main listener, or on one of its own. */
export function metricsPlacement(config: { METRICS_PORT?: number; METRICS_HOST: string; METRICS_TOKEN?: string }): {
  onMainListener: boolean;
  ownListener?: { host: string; port: number };
  token?: string;
} {
  const own = config.METRICS_PORT === undefined ? undefined : { host: config.METRICS_HOST, port: config.METRICS_PORT };
  return { onMainListener: own === undefined, ...(own ? { ownListener: own } : {}), ...(config.METRICS_TOKEN ? { token: config.METRICS_TOKEN } : {}) };
}

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
  if (!given) return false;
  // Equal-length digests, so the comparison takes the same time whatever was sent.
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(token).digest());
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

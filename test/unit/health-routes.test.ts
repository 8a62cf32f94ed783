import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { metricsPlacement, readinessCheck, registerHealthRoutes, startMetricsServer, storePing, type ReadyReport } from '../../src/ops/health.ts';
import { BotMetrics } from '../../src/ops/metrics.ts';
import { openDatabase } from '../../src/store/database.ts';
import { memoryStore } from '../support/store.ts';
import { makeTask } from '../support/tasks.ts';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

function app(deps: Parameters<typeof registerHealthRoutes>[1]): FastifyInstance {
  const server = Fastify();
  registerHealthRoutes(server, deps);
  apps.push(server);
  return server;
}

const readyReport = async (): Promise<ReadyReport> => ({ ready: true, store: { reachable: true }, gateway: 'holder', providers: ['runware'], openTasks: 0 });
const TOKEN = 'a-metrics-token-of-some-length';

describe('health routes', () => {
  it('GET /healthz answers 200 {ok:true}', async () => {
    const res = await app({ ready: readyReport }).inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it('GET /readyz is 200 with the report from a real store: reachable, role, providers, open tasks', async () => {
    const store = await memoryStore();
    await store.tasks.create(makeTask({ id: 'open-1' }));
    const ready = readinessCheck({
      ping: storePing(store.database.db),
      gateway: () => 'standby',
      providers: ['runware', 'kling'],
      countOpen: () => store.tasks.countOpen(),
    });
    const res = await app({ ready }).inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: true, store: { reachable: true }, gateway: 'standby', providers: ['runware', 'kling'], openTasks: 1 });
    await store.close();
  });

  it('GET /readyz is 503 when the store is unreachable (a closed database, PostgreSQL refusing, or no answer in time)', async () => {
    const closed = await memoryStore();
    await closed.close();
    const refusing = openDatabase('postgres://nobody@127.0.0.1:1/none');
    const pings = [storePing(closed.database.db), storePing(refusing.db), () => new Promise<never>(() => undefined)];
    for (const ping of pings) {
      const ready = readinessCheck({ ping, gateway: () => 'holder', providers: ['runware'], countOpen: async () => 0, timeoutMs: 200 });
      const res = await app({ ready }).inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ ready: false, store: { reachable: false, error: expect.any(String) }, openTasks: null });
    }
    await refusing.close();
  });

  it('GET /readyz is 503 with no provider configured', async () => {
    const store = await memoryStore();
    const ready = readinessCheck({ ping: storePing(store.database.db), gateway: () => 'holder', providers: [], countOpen: async () => 0 });
    const res = await app({ ready }).inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    await store.close();
  });

  it('GET /metrics serves Prometheus text; absent when the metrics live on their own listener', async () => {
    const metrics = new BotMetrics({ defaultMetrics: false });
    metrics.resultDelivered('runware', 'linked');
    const res = await app({ ready: readyReport, metrics }).inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('kling_bot_results_delivered_total{provider="runware",how="linked"} 1');
    expect((await app({ ready: readyReport }).inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });

  it('METRICS_TOKEN: /metrics is 401 without the bearer token or with a wrong one, 200 with it', async () => {
    const server = app({ ready: readyReport, metrics: new BotMetrics({ defaultMetrics: false }), metricsToken: TOKEN });
    expect((await server.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await server.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect((await server.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Basic ${TOKEN}` } })).statusCode).toBe(401);
    const ok = await server.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('kling_bot_provider_errors_total');
    expect((await server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('METRICS_PORT: a listener of its own serves /metrics, behind the token too', async () => {
    const server = await startMetricsServer({ metrics: new BotMetrics({ defaultMetrics: false }), host: '127.0.0.1', port: 0, token: TOKEN });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# TYPE kling_bot_tasks gauge');
    } finally {
      await server.close();
    }
  });
});

describe('metrics settings', () => {
  const REQUIRED = { DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: '123456789012345678', RUNWARE_API_KEY: 'k' };

  it('default: /metrics on the main listener, unprotected; METRICS_HOST defaults to 127.0.0.1', () => {
    const config = loadConfig(REQUIRED);
    expect(config.METRICS_HOST).toBe('127.0.0.1');
    expect(metricsPlacement(config)).toEqual({ onMainListener: true });
  });

  it('METRICS_PORT and METRICS_TOKEN move and protect it', () => {
    const config = loadConfig({ ...REQUIRED, METRICS_PORT: '9464', METRICS_TOKEN: TOKEN });
    expect(metricsPlacement(config)).toEqual({ onMainListener: false, ownListener: { host: '127.0.0.1', port: 9464 }, token: TOKEN });
  });

  it('refuses a bad port, a short token (without quoting it) and METRICS_PORT equal to PORT, in friendly words', () => {
    expect(() => loadConfig({ ...REQUIRED, METRICS_PORT: 'abc', METRICS_TOKEN: 'short' })).toThrow(/METRICS_PORT must be a port number from 1 to 65535/);
    try {
      loadConfig({ ...REQUIRED, METRICS_TOKEN: 'short' });
    } catch (error) {
      expect((error as Error).message).toMatch(/METRICS_TOKEN must be a secret of at least 16 characters/);
      expect((error as Error).message).not.toContain('short"');
    }
    expect(() => loadConfig({ ...REQUIRED, PORT: '9000', METRICS_PORT: '9000' })).toThrow(/METRICS_PORT must differ from PORT/);
  });
});

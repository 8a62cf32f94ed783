import { afterEach, describe, expect, it } from 'vitest';
import { killHard, spawnBot, startWorld, type BotChild, type World } from '../support/bot-harness.ts';
import { freePort, waitUntil } from '../support/ports.ts';
import { freshSchema, postgresAvailable } from '../support/postgres.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { outcomeMessage, prompt, sendVideo } from './helpers.ts';

const TOKEN = 'metrics-token-for-the-health-test';
const available = await postgresAvailable();

let world: World | undefined;
let bot: BotChild | undefined;
let cleanup: Array<() => Promise<void>> = [];

afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && bot) console.log(bot.output.join('\n'));
  if (bot) await killHard(bot);
  bot = undefined;
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
  await world?.close();
  world = undefined;
});

const get = async (port: number, path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
};

/** Every value of one label in a metric's samples. */
const labels = (text: string, metric: string, label: string) => [...text.matchAll(new RegExp(`^${metric}\\{[^}]*${label}="([^"]*)"`, 'gm'))].map((m) => m[1]!);

describe('health and metrics of a running bot (SQLite)', () => {
  it('GET /healthz and /readyz answer 200 with the store, the gateway role and the providers', async () => {
    world = await startWorld();
    bot = await spawnBot(world);
    const port = Number(world.env.PORT);
    expect(await get(port, '/healthz')).toMatchObject({ status: 200, text: JSON.stringify({ ok: true }) });
    const ready = await get(port, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ ready: true, store: { reachable: true }, gateway: 'holder', providers: ['runware'], openTasks: 0 });
  });

  it('GET /metrics after a delivered result: Prometheus text with deliveries, webhook→post time and Discord route classes without ids or tokens; METRICS_TOKEN guards it', async () => {
    world = await startWorld({ env: { METRICS_TOKEN: TOKEN } });
    bot = await spawnBot(world);
    const port = Number(world.env.PORT);
    sendVideo(world, [prompt('measured')]);
    const request = await world.runware.waitForVideoTask();
    await waitUntil(() => world!.runware.videoTasks.has(String(request.taskUUID)), 'Runware to accept the task');
    await world.runware.completeTask(String(request.taskUUID));
    await outcomeMessage(world);
    await waitUntil(() => bot!.logs.some((l) => l.msg === 'outcome delivered'), 'the delivery recorded');

    expect((await get(port, '/metrics')).status).toBe(401);
    expect((await get(port, '/metrics', { authorization: 'Bearer not-the-token-at-all' })).status).toBe(401);
    const metrics = await get(port, '/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = metrics.text;
    expect(text).toMatch(/^kling_bot_results_delivered_total\{provider="runware",how="(attached|linked)"\} 1$/m);
    expect(Number(/^kling_bot_webhook_to_post_seconds_count (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^kling_bot_tasks\{status="succeeded",provider="runware"\} 1$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);

    const routes = labels(text, 'kling_bot_discord_requests_total', 'route');
    expect(routes).toEqual(expect.arrayContaining(['/interactions/:id/:token/callback', '/webhooks/:id/:token']));
    for (const route of routes) expect(route).toMatch(/^(\/(:id|:token|:emoji|:param|@?[a-z][a-z0-9_-]*))+$/);
    // Nothing the bot sent Discord that identifies a thing or lets one post leaks into the text.
    const secrets = world.discord.restCalls.flatMap((c) => c.path.split('/')).filter((s) => /^\d{17,20}$/.test(s) || s.startsWith('interaction-token-'));
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of new Set([...secrets, world.env.DISCORD_TOKEN!])) expect(text).not.toContain(secret);
  });

  it('METRICS_PORT serves /metrics on a listener of its own, and not on PORT', async () => {
    const metricsPort = await freePort();
    world = await startWorld({ env: { METRICS_PORT: String(metricsPort) } });
    bot = await spawnBot(world);
    const port = Number(world.env.PORT);
    expect((await get(port, '/metrics')).status).toBe(404);
    expect((await get(port, '/readyz')).status).toBe(200);
    const own = await get(metricsPort, '/metrics');
    expect(own.status).toBe(200);
    expect(own.text).toContain('# TYPE kling_bot_results_delivered_total counter');
    expect((await get(metricsPort, '/readyz')).status).toBe(404);
    expect(bot.logs.find((l) => String(l.msg).startsWith('ready'))?.metrics).toBe(`http://127.0.0.1:${metricsPort}`);
  });
});

describe.skipIf(!available)('readiness when PostgreSQL becomes unreachable', () => {
  it('GET /readyz is 503 while the connection to PostgreSQL is cut (the process stays alive), and 200 again once it is back', async () => {
    const schema = await freshSchema();
    cleanup.push(schema.drop);
    const target = new URL(schema.storeUrl);
    const proxy: TcpProxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanup.push(proxy.close);
    target.port = String(proxy.port);
    world = await startWorld({ env: { STORE_URL: target.toString() } });
    bot = await spawnBot(world);
    const port = Number(world.env.PORT);
    expect(JSON.parse((await get(port, '/readyz')).text)).toMatchObject({ ready: true, store: { reachable: true }, gateway: 'holder' });

    await proxy.cut();
    let report: Record<string, unknown> = {};
    await waitUntil(async () => {
      const ready = await get(port, '/readyz');
      report = JSON.parse(ready.text) as Record<string, unknown>;
      return ready.status === 503 && report.gateway === 'standby';
    }, '/readyz to answer 503, the gateway given up');
    // The lease's own connection broke too: this process no longer holds the gateway (another one may).
    expect(report).toMatchObject({ ready: false, store: { reachable: false, error: expect.any(String) }, gateway: 'standby', openTasks: null });
    expect((await get(port, '/healthz')).status).toBe(200);

    await proxy.restore();
    await waitUntil(async () => (await get(port, '/readyz')).status === 200, '/readyz to answer 200 again');
    await waitUntil(async () => JSON.parse((await get(port, '/readyz')).text).gateway === 'holder', 'the gateway held again', 15_000);
    expect(bot.exitCode).toBeNull();
  });
});

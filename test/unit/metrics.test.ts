import { describe, expect, it } from 'vitest';
import { BotMetrics, WEBHOOK_TO_POST_BUCKETS } from '../../src/ops/metrics.ts';
import { discordRouteClass } from '../../src/ops/discord-route.ts';
import { storeMetricSources } from '../../src/ops/store-metrics.ts';
import { SqlLedger } from '../../src/money/sql-ledger.ts';
import { memoryStore } from '../support/store.ts';
import { makeTask } from '../support/tasks.ts';
import { capture, TOKEN } from '../support/log-capture.ts';

/** Prometheus text lines `name{labels} value` (comments left out), as a map from series to value. */
function samples(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    expect(match, `a valid sample line: ${line}`).not.toBeNull();
    series.set(match![1]!, Number(match![2]));
  }
  return series;
}

describe('discordRouteClass', () => {
  it.each([
    ['/channels/123456789012345678/messages/223456789012345678', '/channels/:id/messages/:id'],
    ['https://discord.com/api/v10/channels/123456789012345678/messages?limit=50', '/channels/:id/messages'],
    [`/webhooks/100000000000000001/${TOKEN}/messages/@original`, '/webhooks/:id/:token/messages/@original'],
    [`/interactions/900000000000000009/${TOKEN}/callback`, '/interactions/:id/:token/callback'],
    ['/interactions/900000000000000009/abcdefgh/callback', '/interactions/:id/:token/callback'],
    ['/channels/1234567890123456789/messages/2234567890123456789/reactions/%F0%9F%94%81/@me', '/channels/:id/messages/:id/reactions/:emoji/@me'],
    [
      '/channels/1234567890123456789/messages/2234567890123456789/reactions/spin:987654321098765432/123456789012345678',
      '/channels/:id/messages/:id/reactions/:emoji/:id',
    ],
    ['/applications/123456789012345678/guilds/223456789012345678/commands', '/applications/:id/guilds/:id/commands'],
    ['/attachments/refresh-urls', '/attachments/refresh-urls'],
    ['/users/@me', '/users/@me'],
    ['/guilds/123456789012345678/members/Some.Strange+Thing', '/guilds/:id/members/:param'],
  ])('%s → %s', (path, route) => {
    expect(discordRouteClass(path)).toBe(route);
  });
});

describe('BotMetrics', () => {
  it('writes valid Prometheus text with every metric, its labels, and no id or token', async () => {
    const metrics = new BotMetrics({
      taskCounts: async () => [
        { status: 'succeeded', provider: 'runware', count: 3 },
        { status: 'running', provider: 'kling', count: 1 },
      ],
      spend: async () => ({ chargedMicros: 4_200_000, reservedMicros: 840_000 }),
    });
    metrics.resultDelivered('runware', 'attached');
    metrics.resultDelivered('runware', 'attached');
    metrics.resultDelivered('kling', 'dm');
    metrics.webhookToPost(0.2);
    metrics.webhookToPost(12);
    metrics.discordRequest('post', '/channels/123456789012345678/messages', 200);
    metrics.discordRequest('PATCH', `/webhooks/100000000000000001/${TOKEN}/messages/@original`, 429);
    metrics.discordRateLimited('PUT', '/channels/123456789012345678/messages/223456789012345678/reactions/%F0%9F%94%81/@me', false);
    metrics.providerError('kling', 'rate_limit');

    const text = await metrics.text();
    const s = samples(text);
    expect(s.get('kling_bot_tasks{status="succeeded",provider="runware"}')).toBe(3);
    expect(s.get('kling_bot_tasks{status="running",provider="kling"}')).toBe(1);
    expect(s.get('kling_bot_spend_usd{state="charged"}')).toBe(4.2);
    expect(s.get('kling_bot_spend_usd{state="reserved"}')).toBe(0.84);
    expect(s.get('kling_bot_results_delivered_total{provider="runware",how="attached"}')).toBe(2);
    expect(s.get('kling_bot_results_delivered_total{provider="kling",how="dm"}')).toBe(1);
    expect(s.get('kling_bot_webhook_to_post_seconds_count')).toBe(2);
    expect(s.get('kling_bot_webhook_to_post_seconds_bucket{le="0.25"}')).toBe(1);
    expect(s.get('kling_bot_webhook_to_post_seconds_bucket{le="30"}')).toBe(2);
    expect(s.get('kling_bot_discord_requests_total{method="POST",route="/channels/:id/messages",status="200"}')).toBe(1);
    expect(s.get('kling_bot_discord_requests_total{method="PATCH",route="/webhooks/:id/:token/messages/@original",status="429"}')).toBe(1);
    expect(s.get('kling_bot_discord_rate_limited_total{method="PUT",route="/channels/:id/messages/:id/reactions/:emoji/@me",scope="route"}')).toBe(1);
    expect(s.get('kling_bot_provider_errors_total{provider="kling",kind="rate_limit"}')).toBe(1);
    expect(s.has('process_cpu_user_seconds_total')).toBe(true);
    expect(text).toContain('# TYPE kling_bot_webhook_to_post_seconds histogram');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toMatch(/\d{17,20}/);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('histogram buckets run from 5 ms to 30 s', () => {
    expect(WEBHOOK_TO_POST_BUCKETS[0]).toBe(0.005);
    expect(WEBHOOK_TO_POST_BUCKETS.at(-1)).toBe(30);
  });

  it('a store read that fails is logged and leaves its gauge empty; the rest is still served', async () => {
    const { log, text: logged } = capture('debug');
    const metrics = new BotMetrics({ defaultMetrics: false, log, taskCounts: () => Promise.reject(new Error('store down')) });
    metrics.providerError('runware', 'server');
    const s = samples(await metrics.text());
    expect([...s.keys()].some((k) => k.startsWith('kling_bot_tasks{'))).toBe(false);
    expect(s.get('kling_bot_provider_errors_total{provider="runware",kind="server"}')).toBe(1);
    expect(logged()).toContain('store down');
  });

  it('reads tasks by status and provider and the charged and reserved money from a real store', async () => {
    const store = await memoryStore();
    const ledger = new SqlLedger(store.database.db, store.database.dialect);
    const who = { guildId: 'g', channelId: 'c', userId: 'u', roleIds: [] };
    const done = makeTask({ id: 'a', status: 'succeeded', cost: { usd: 1.5, estimated: false } });
    const running = makeTask({ id: 'b', status: 'generating', provider: 'kling', estimatedCost: { usd: 0.7, estimated: true } });
    const failed = makeTask({ id: 'c', status: 'failed', estimatedCost: { usd: 0.3, estimated: true } });
    for (const task of [done, running, failed]) {
      await store.tasks.create(task);
      await ledger.reserve(task, who, { maxRunning: 0 });
    }
    await ledger.settle(done);
    await ledger.settle(failed);
    const metrics = new BotMetrics({ defaultMetrics: false, ...storeMetricSources(store.database.db) });
    const s = samples(await metrics.text());
    expect(s.get('kling_bot_tasks{status="succeeded",provider="runware"}')).toBe(1);
    expect(s.get('kling_bot_tasks{status="generating",provider="kling"}')).toBe(1);
    expect(s.get('kling_bot_tasks{status="failed",provider="runware"}')).toBe(1);
    expect(s.get('kling_bot_spend_usd{state="charged"}')).toBe(1.5);
    expect(s.get('kling_bot_spend_usd{state="reserved"}')).toBe(0.7);
    await store.close();
  });
});

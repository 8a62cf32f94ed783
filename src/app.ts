import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Routes, type Client, type REST } from 'discord.js';
import type Keyv from 'keyv';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/schema.ts';
import { createDiscordClient, createInteractionRest } from './discord/discord-client.ts';
import { DiscordNotifier } from './discord/discord-notifier.ts';
import { SpendNotices } from './discord/spend-notices.ts';
import { VideoRequests } from './discord/video-requests.ts';
import { ElementLibrary } from './elements/element-library.ts';
import type { Completion } from './flow/completion.ts';
import type { Logger } from './logging/log.ts';
import type { Submissions } from './flow/submissions.ts';
import type { TaskPoller } from './flow/task-poller.ts';
import { buildFlow } from './app-flow.ts';
import { resultArchive } from './discord/archive-adapter.ts';
import { ObjectStore } from './media/object-store.ts';
import { storageSettings } from './media/storage-settings.ts';
import { VideoArchive } from './media/video-archive.ts';
import { BotMetrics } from './ops/metrics.ts';
import { storeMetricSources } from './ops/store-metrics.ts';
import { ProviderRegistry } from './flow/provider-registry.ts';
import { createLogger } from './logging/logger.ts';
import { MediaStore } from './media/media-store.ts';
import { finishWithLedger, ledgerAdmission } from './money/ledger-admission.ts';
import { spendPreviewCheck, spenderRoleCheck } from './money/spend-checks.ts';
import { createProviders } from './providers/create-providers.ts';
import type { VideoProvider } from './providers/provider.ts';
import { openDatabase, type Database } from './store/database.ts';
import { GuildSettings } from './store/guild-settings.ts';
import { migrateToLatest } from './store/migrate.ts';
import { openKeyv } from './store/sql-keyv-store.ts';
import { SqlTaskRepository } from './store/sql-task-repository.ts';
import { SqlPendingOrders } from './store/sql-pending-orders.ts';
import type { TaskRepository } from './store/task-repository.ts';
import { buildWebhookServer } from './webhook/webhook-server.ts';

/** What tests may replace when building the app. */
export interface AppOverrides {
  log?: Logger;
  now?: () => number;
  /** Provider adapters to use instead of those the settings configure. */
  providers?: VideoProvider[];
  /** Sees every store query (benchmarks). */
  onQuery?: (sql: string) => void;
}

/** Every part of the bot, built and wired but not started (nothing listens or connects yet). */
export interface App {
  config: Config;
  log: Logger;
  database: Database;
  tasks: TaskRepository;
  kv: Keyv;
  media: MediaStore;
  providers: ProviderRegistry;
  client: Client;
  server: FastifyInstance;
  completion: Completion;
  submissions: Submissions;
  poller: TaskPoller;
  elements: ElementLibrary;
  guildSettings: GuildSettings;
  video: VideoRequests;
  /** This process, as the holder of leases on shared work. */
  owner: string;
  metrics: BotMetrics;
}

/** The composition root: picks the store, providers and Discord client and wires the flow. Starting is src/start.ts. */
export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.log ?? createLogger(config);
  const now = overrides.now ?? Date.now;
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const database = openDatabase(config.STORE_URL, {
    onQuery: overrides.onQuery,
    onConnectionError: (error) => log.warn({ err: error }, 'a store connection broke; the next query opens another'),
  });
  const applied = await migrateToLatest(database);
  if (applied.length > 0) log.info({ store: database.where, migrations: applied }, 'store schema updated');
  const tasks = new SqlTaskRepository(database.db, database.dialect);
  const kv = openKeyv(database.db);
  const media = new MediaStore(database.db, now);
  const providers = new ProviderRegistry(overrides.providers ?? createProviders(config, log), {
    defaultName: config.DEFAULT_PROVIDER,
    failover: config.FAILOVER,
  });
  const metrics = new BotMetrics({ ...storeMetricSources(database.db), log });
  const client = createDiscordClient(config.DISCORD_API_URL);
  client.rest.setToken(config.DISCORD_TOKEN);
  const interactionRest = createInteractionRest(config.DISCORD_API_URL);
  for (const rest of [client.rest, interactionRest]) watchDiscordRequests(rest, metrics);
  const storage = storageSettings(config);
  const archive = new VideoArchive({
    store: storage && new ObjectStore(storage),
    rehost: config.REHOST,
    resultExpiry: (task, at) => (providers.has(task.provider) ? providers.get(task.provider).resultExpiry(task, at) : undefined),
    log,
    now,
  });
  let botUserId: Promise<string> | undefined;
  const notifier = new DiscordNotifier({
    rest: client.rest,
    interactionRest,
    providers,
    log,
    now,
    archive: resultArchive(archive),
    allowHttpLinks: config.ALLOW_HTTP_MEDIA_URLS,
    botUserId: () =>
      (botUserId ??= client.user ? Promise.resolve(client.user.id) : (client.rest.get(Routes.user()) as Promise<{ id: string }>).then((u) => u.id)),
  });
  const guildSettings = new GuildSettings(kv);
  const spendNotices = new SpendNotices(client.rest, guildSettings, log);
  const refreshUrls = async (urls: string[]) => {
    const answer = (await client.rest.post('/attachments/refresh-urls', { body: { attachment_urls: urls } })) as {
      refreshed_urls?: Array<{ original: string; refreshed: string }>;
    };
    return new Map((answer.refreshed_urls ?? []).map((r) => [r.original, r.refreshed]));
  };
  const { completion, submissions, poller } = buildFlow({
    config,
    tasks,
    kv,
    media,
    providers,
    notifier,
    archive,
    admission: ledgerAdmission({ database, settings: guildSettings, log, now, onAlerts: (guildId, alerts) => void spendNotices.postAlerts(guildId, alerts) }),
    finishWrite: finishWithLedger(database, now),
    checks: [spenderRoleCheck(guildSettings), spendPreviewCheck(database.db, guildSettings, now)],
    settings: guildSettings,
    refreshUrls,
    events: {
      delivered: (task, delivery, ms) => {
        metrics.resultDelivered(task.provider, delivery.viaDm ? 'dm' : task.results.some((r) => r.attached) ? 'attached' : 'linked');
        if (task.status === 'succeeded') metrics.webhookToPost(ms / 1000);
      },
      providerError: (provider, kind) => metrics.providerError(provider, kind),
    },
    owner,
    log,
    now,
  });
  const elements = new ElementLibrary({ kv, providers, media, log });
  const video = new VideoRequests({ submissions, elements, media, pending: new SqlPendingOrders(database.db), rest: client.rest, log, now });
  const server = buildWebhookServer({ tasks, providers, completion, log });
  return {
    config,
    log,
    database,
    tasks,
    kv,
    media,
    providers,
    client,
    server,
    completion,
    submissions,
    poller,
    elements,
    guildSettings,
    video,
    owner,
    metrics,
  };
}

/** Counts every Discord request by route class and status, and every rate limit hit, for /metrics. */
function watchDiscordRequests(rest: REST, metrics: BotMetrics): void {
  rest.on('response', (request, response) => metrics.discordRequest(request.method, request.path, response.status));
  rest.on('rateLimited', (info) => metrics.discordRateLimited(info.method, info.route, info.global));
}

import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Routes, type Client } from 'discord.js';
import type Keyv from 'keyv';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/schema.ts';
import { createDiscordClient, createInteractionRest } from './discord/discord-client.ts';
import { DiscordNotifier } from './discord/discord-notifier.ts';
import { SpendNotices } from './discord/spend-notices.ts';
import { VideoRequests } from './discord/video-requests.ts';
import { ElementLibrary } from './elements/element-library.ts';
import { Completion } from './flow/completion.ts';
import { EtaBook } from './flow/eta-book.ts';
import { PollPolicy } from './flow/poll-policy.ts';
import type { Logger } from './flow/ports.ts';
import { ProviderRegistry } from './flow/provider-registry.ts';
import { Submissions } from './flow/submissions.ts';
import { TaskPoller } from './flow/task-poller.ts';
import { TaskSubmitter } from './flow/task-submitter.ts';
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
}

/** The composition root: picks the store, providers and Discord client and wires the flow. Starting is src/start.ts. */
export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.log ?? createLogger(config);
  const now = overrides.now ?? Date.now;
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const database = openDatabase(config.STORE_URL);
  const applied = await migrateToLatest(database);
  if (applied.length > 0) log.info({ store: database.where, migrations: applied }, 'store schema updated');
  const tasks = new SqlTaskRepository(database.db, database.dialect);
  const kv = openKeyv(database.db);
  const media = new MediaStore(database.db, now);
  const providers = new ProviderRegistry(overrides.providers ?? createProviders(config, log), {
    defaultName: config.DEFAULT_PROVIDER,
    failover: config.FAILOVER,
  });
  const client = createDiscordClient(config.DISCORD_API_URL);
  client.rest.setToken(config.DISCORD_TOKEN);
  let botUserId: Promise<string> | undefined;
  const notifier = new DiscordNotifier({
    rest: client.rest,
    interactionRest: createInteractionRest(config.DISCORD_API_URL),
    providers,
    log,
    now,
    allowHttpLinks: config.ALLOW_HTTP_MEDIA_URLS,
    botUserId: () =>
      (botUserId ??= client.user ? Promise.resolve(client.user.id) : (client.rest.get(Routes.user()) as Promise<{ id: string }>).then((u) => u.id)),
  });
  const eta = new EtaBook(kv);
  const guildSettings = new GuildSettings(kv);
  const spendNotices = new SpendNotices(client.rest, guildSettings, log);
  const policy = new PollPolicy(
    {
      webhooks: config.PUBLIC_URL !== undefined,
      pollIntervalMs: config.POLL_INTERVAL_SECONDS * 1000,
      pollMaxIntervalMs: config.POLL_MAX_INTERVAL_SECONDS * 1000,
      safetyPollMs: config.SAFETY_POLL_SECONDS * 1000,
      timeoutMs: config.TASK_TIMEOUT_MINUTES * 60_000,
    },
    providers,
  );
  const leaseMs = config.WORK_LEASE_SECONDS * 1000;
  const completion = new Completion({
    tasks,
    notifier,
    eta,
    policy,
    log,
    owner,
    leaseMs,
    now,
    finishWrite: finishWithLedger(database, now),
    hooks: [
      {
        name: 'eta',
        run: async (task) => {
          if (task.status === 'succeeded' && task.submittedAt && task.completedAt)
            await eta.record(task.request.model, task.request.duration, task.completedAt - task.submittedAt);
        },
      },
    ],
  });
  const refreshUrls = async (urls: string[]) => {
    const answer = (await client.rest.post('/attachments/refresh-urls', { body: { attachment_urls: urls } })) as {
      refreshed_urls?: Array<{ original: string; refreshed: string }>;
    };
    return new Map((answer.refreshed_urls ?? []).map((r) => [r.original, r.refreshed]));
  };
  const submitter = new TaskSubmitter({
    admission: ledgerAdmission({ database, settings: guildSettings, log, now, onAlerts: (guildId, alerts) => void spendNotices.postAlerts(guildId, alerts) }),
    providers,
    completion,
    policy,
    media,
    publicUrl: config.PUBLIC_URL,
    refreshUrls,
    owner,
    leaseMs,
    log,
    now,
  });
  const submissions = new Submissions({
    providers,
    submitter,
    settings: guildSettings,
    checks: [spenderRoleCheck(guildSettings), spendPreviewCheck(database.db, guildSettings, now)],
    maxVariants: config.MAX_VARIANTS,
    log,
    now,
  });
  const elements = new ElementLibrary({ kv, providers, media, log });
  const video = new VideoRequests({ submissions, elements, media, pending: new SqlPendingOrders(database.db), rest: client.rest, log, now });
  const server = buildWebhookServer({
    tasks,
    providers,
    completion,
    log,
    routes: (app) => app.get('/healthz', async () => ({ ok: true, openTasks: await tasks.countOpen() })),
  });
  const poller = new TaskPoller(
    { tasks, providers, completion, submitter, notifier, policy, log, owner, now },
    { roundMs: config.POLL_INTERVAL_SECONDS * 1000, leaseMs, claimLimit: 500 },
  );
  return { config, log, database, tasks, kv, media, providers, client, server, completion, submissions, poller, elements, guildSettings, video, owner };
}

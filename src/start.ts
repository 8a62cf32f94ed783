import { Events, type Client } from 'discord.js';
import type { FastifyInstance } from 'fastify';
import type Keyv from 'keyv';
import type { App } from './app.ts';
import { loadCommands } from './discord/command-loader.ts';
import type { CommandContext } from './discord/command-module.ts';
import { describe } from './discord/discord-notifier.ts';
import { makeInteractionRouter } from './discord/interaction-router.ts';
import { makeReactionHandler } from './discord/reaction-handler.ts';
import { settleLeftovers } from './money/ledger-admission.ts';
import { metricsPlacement, readinessCheck, registerHealthRoutes, startMetricsServer, storePing } from './ops/health.ts';
import { GatewayLease } from './store/gateway-lease.ts';
import type { TaskRepository } from './store/task-repository.ts';
import { pruneOld } from './ops/retention.ts';
import { SqlPendingOrders } from './store/sql-pending-orders.ts';

export interface RunningBot {
  client: Client;
  server: FastifyInstance;
  /** The port the webhook listener bound (useful when PORT=0). */
  port: number;
  tasks: TaskRepository;
  kv: Keyv;
  app: App;
  /** Whether this process holds the Discord gateway now. */
  gateway(): 'holder' | 'standby';
  stop(): Promise<void>;
}

/**
 * How long a stop waits for a poll round under way (a provider slow to answer) before handing the
 * round's tasks back to the other processes, so that it still ends within the 10 s a deploy gives it.
 */
const ROUND_WAIT_MS = 3000;

/** How often finished tasks and unused images past the retention are deleted. */
const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Starts a built app: listens for webhooks (and health, metrics), takes up open work, starts the
 * poller, and — in the one process that holds the gateway lease — connects to Discord's gateway.
 * Every process posts to Discord over REST and shares work through leases in the store.
 */
export async function startApp(app: App): Promise<RunningBot> {
  const { config, log, client, server, tasks, poller } = app;
  const commands = await loadCommands();
  const context: CommandContext = {
    video: app.video,
    elements: app.elements,
    guildSettings: app.guildSettings,
    tasks,
    kv: app.kv,
    media: app.media,
    providers: app.providers,
    rest: client.rest,
    defaultModel: config.DEFAULT_MODEL,
    maxVariants: config.MAX_VARIANTS,
    log,
    database: app.database,
  };
  const route = makeInteractionRouter(commands, context, log);
  const onReaction = makeReactionHandler({ tasks, video: app.video, log, providers: app.providers });
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.MessageReactionAdd, (reaction, user) => void onReaction(reaction, user));
  client.on(Events.Error, (error) => log.error({ err: describe(error) }, 'discord client error'));

  const lease = new GatewayLease({ storeUrl: config.STORE_URL, log });
  const gateway = () => (lease.held ? 'holder' : 'standby') as 'holder' | 'standby';
  const placement = metricsPlacement(config);
  registerHealthRoutes(server, {
    ready: readinessCheck({ ping: storePing(app.database.db), gateway, providers: app.providers.names(), countOpen: () => tasks.countOpen() }),
    metrics: placement.onMainListener ? app.metrics : undefined,
    metricsToken: placement.token,
  });
  await server.listen({ port: config.PORT, host: config.HOST });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const metricsServer = placement.ownListener
    ? await startMetricsServer({ metrics: app.metrics, ...placement.ownListener, token: placement.token, log })
    : undefined;

  // With SQLite this is the only process: whatever an earlier run held is taken up now. Then every
  // open task is looked at once (a callback lost or a post unrecorded while nobody was running).
  if (app.database.dialect === 'sqlite') await tasks.releaseLeases({ dueAt: Date.now() });
  await settleLeftovers(app.database, log);
  await tasks.makeDue(Date.now());
  await poller.start();
  const retention = { retentionDays: config.RETENTION_DAYS, tasks, media: app.media, pending: new SqlPendingOrders(app.database.db), log };
  const prune = setInterval(() => void pruneOld(retention), PRUNE_EVERY_MS);
  prune.unref();
  void pruneOld(retention);

  /** Closes the gateway session; REST posting goes on (destroy() clears the token, so it is set again). */
  const leaveGateway = async () => {
    await client.destroy();
    client.rest.setToken(config.DISCORD_TOKEN);
  };
  lease.start(
    async () => {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.DISCORD_TOKEN);
      await ready;
      log.info({ user: client.user?.tag }, 'connected to the Discord gateway');
    },
    async () => {
      log.warn({}, 'gave up the Discord gateway (lease lost); this process keeps serving webhooks and work');
      await leaveGateway();
    },
  );
  await lease.settled();

  const webhooks = config.PUBLIC_URL !== undefined;
  log.info(
    {
      user: client.user?.tag,
      role: gateway(),
      providers: app.providers.names(),
      delivery: webhooks ? 'webhooks' : 'polling',
      webhookPort: port,
      store: app.database.where,
      commands: [...commands.keys()],
      metrics: metricsServer?.url ?? (placement.onMainListener ? 'GET /metrics' : undefined),
    },
    `ready (${gateway() === 'holder' ? 'holds the Discord gateway' : 'standby for the gateway; serving webhooks and shared work'}): ${
      webhooks
        ? `providers call back at ${config.PUBLIC_URL}/webhooks/…`
        : `PUBLIC_URL is not set, so results are fetched by polling every ${config.POLL_INTERVAL_SECONDS}–${config.POLL_MAX_INTERVAL_SECONDS} s (no webhooks)`
    }`,
  );

  let stopping: Promise<void> | undefined;
  return {
    client,
    server,
    port,
    tasks,
    kv: app.kv,
    app,
    gateway,
    stop: () => {
      // Hand the gateway over, stop taking work, let what is under way finish, hand back claims, then close. Once.
      stopping ??= (async () => {
        clearInterval(prune);
        // The gateway first: a standby takes it (and the interactions that follow) while this process
        // finishes its work, instead of after; the session closes before the lock is freed.
        await lease.stop(leaveGateway);
        await server.close();
        await metricsServer?.close();
        const roundDone = await Promise.race([poller.stop().then(() => true), new Promise<false>((r) => setTimeout(r, ROUND_WAIT_MS, false).unref())]);
        if (!roundDone) log.warn({}, 'a poll round is still waiting for a provider; handing its tasks back');
        await app.completion.drain();
        await tasks.releaseLeases({ owner: app.owner, dueAt: Date.now() }).catch(() => undefined);
        await client.destroy();
        await app.database.close();
      })();
      return stopping;
    },
  };
}

import { Events, type Client } from 'discord.js';
import type { FastifyInstance } from 'fastify';
import type { App } from './app.ts';
import { loadCommands } from './discord/command-loader.ts';
import type { CommandContext } from './discord/command-module.ts';
import { describe } from './discord/discord-notifier.ts';
import { makeInteractionRouter } from './discord/interaction-router.ts';
import { makeReactionHandler } from './discord/reaction-handler.ts';
import { settleLeftovers } from './money/ledger-admission.ts';
import type { TaskRepository } from './store/task-repository.ts';
import type Keyv from 'keyv';

export interface RunningBot {
  client: Client;
  server: FastifyInstance;
  /** The port the webhook listener bound (useful when PORT=0). */
  port: number;
  tasks: TaskRepository;
  kv: Keyv;
  app: App;
  stop(): Promise<void>;
}

/** How often finished tasks and unused images past the retention are deleted. */
const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;

/** Starts a built app: listens for webhooks, logs in to Discord, takes up open work, starts the poller. */
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

  await server.listen({ port: config.PORT, host: config.HOST });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.DISCORD_TOKEN);
  await ready;

  // With SQLite this is the only process: whatever an earlier run held is taken up now. Then every
  // open task is looked at once (a callback lost or a post unrecorded while nobody was running).
  if (app.database.dialect === 'sqlite') await tasks.releaseLeases({ dueAt: Date.now() });
  await tasks.makeDue(Date.now());
  await settleLeftovers(app.database, log); // a task that finished while its settlement was not written is settled once
  await poller.start();
  const prune = setInterval(() => void pruneOld(app), PRUNE_EVERY_MS);
  prune.unref();
  void pruneOld(app);

  const webhooks = config.PUBLIC_URL !== undefined;
  log.info(
    {
      user: client.user?.tag,
      providers: app.providers.names(),
      delivery: webhooks ? 'webhooks' : 'polling',
      webhookPort: port,
      store: app.database.where,
      commands: [...commands.keys()],
    },
    webhooks
      ? `ready: providers call back at ${config.PUBLIC_URL}/webhooks/…`
      : `ready: PUBLIC_URL is not set, so results are fetched by polling every ${config.POLL_INTERVAL_SECONDS}–${config.POLL_MAX_INTERVAL_SECONDS} s (no webhooks)`,
  );

  let stopping: Promise<void> | undefined;
  return {
    client,
    server,
    port,
    tasks,
    kv: app.kv,
    app,
    stop: () => {
      // Stop taking work, let what is under way finish, hand back claims, then close. Once.
      stopping ??= (async () => {
        clearInterval(prune);
        await server.close();
        await poller.stop();
        await app.completion.drain();
        await tasks.releaseLeases({ owner: app.owner, dueAt: Date.now() }).catch(() => undefined);
        await client.destroy();
        await app.database.close();
      })();
      return stopping;
    },
  };
}

/** Deletes finished tasks and unused images older than RETENTION_DAYS (spend records stay). */
async function pruneOld(app: App): Promise<void> {
  const before = Date.now() - app.config.RETENTION_DAYS * 24 * 60 * 60 * 1000;
  try {
    const tasks = await app.tasks.pruneFinished(before);
    const images = await app.media.pruneUnused(before);
    if (tasks + images > 0) app.log.info({ tasks, images, retentionDays: app.config.RETENTION_DAYS }, 'pruned old tasks and images');
  } catch (error) {
    app.log.warn({ err: error }, 'pruning old tasks failed; will try again');
  }
}

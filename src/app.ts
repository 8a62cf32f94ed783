import { Events, type Client } from 'discord.js';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/schema.ts';
import { loadCommands } from './discord/command-loader.ts';
import type { CommandContext } from './discord/command-module.ts';
import { ElementLibrary } from './elements/element-library.ts';
import { GuildSettings } from './store/guild-settings.ts';
import { createDiscordClient } from './discord/discord-client.ts';
import { DiscordNotifier, describe } from './discord/discord-notifier.ts';
import { makeInteractionRouter } from './discord/interaction-router.ts';
import { makeReactionHandler } from './discord/reaction-handler.ts';
import { VideoStarter } from './discord/video-starter.ts';
import { EtaBook } from './flow/eta-book.ts';
import type { Logger } from './flow/ports.ts';
import { ProviderRegistry } from './flow/provider-registry.ts';
import { StatusTicker } from './flow/status-ticker.ts';
import { TaskCompleter } from './flow/task-completer.ts';
import { TaskPoller } from './flow/task-poller.ts';
import { TaskSubmitter } from './flow/task-submitter.ts';
import { createLogger } from './logging/logger.ts';
import { MediaStore } from './media/media-store.ts';
import { createProviders } from './providers/create-providers.ts';
import { openKeyv } from './store/open-store.ts';
import { TaskStore } from './store/task-store.ts';
import { buildWebhookServer } from './webhook/webhook-server.ts';

export interface RunningBot {
  client: Client;
  server: FastifyInstance;
  /** The port the webhook listener bound (useful when PORT=0). */
  port: number;
  store: TaskStore;
  stop(): Promise<void>;
}

/** The composition root: picks the concrete store, providers and Discord client, and starts them. */
export async function startBot(config: Config, options: { log?: Logger } = {}): Promise<RunningBot> {
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const { keyv, close: closeStore } = openKeyv(config.STORE_URL);
  const store = new TaskStore(keyv);
  const media = new MediaStore(keyv);
  const providers = new ProviderRegistry(createProviders(config, log), { defaultName: config.DEFAULT_PROVIDER, failover: config.FAILOVER });
  const client = createDiscordClient(config.DISCORD_API_URL);
  client.rest.setToken(config.DISCORD_TOKEN);
  const eta = new EtaBook(store);
  const notifier = new DiscordNotifier(client.rest, providers, log);
  const refreshUrls = async (urls: string[]) => {
    const answer = (await client.rest.post('/attachments/refresh-urls', { body: { attachment_urls: urls } })) as {
      refreshed_urls?: Array<{ original: string; refreshed: string }>;
    };
    return new Map((answer.refreshed_urls ?? []).map((r) => [r.original, r.refreshed]));
  };
  const submitter = new TaskSubmitter({ store, providers, media, publicUrl: config.PUBLIC_URL, refreshUrls, maxVariants: config.MAX_VARIANTS, log });
  const completer = new TaskCompleter({ store, notifier, eta, log });
  const elements = new ElementLibrary({ kv: keyv, providers, media, log });
  const guildSettings = new GuildSettings(keyv);
  const video = new VideoStarter({
    rest: client.rest,
    submitter,
    completer,
    notifier,
    media,
    eta,
    elements,
    guildSettings,
    providers,
    maxVariants: config.MAX_VARIANTS,
    log,
  });
  const commands = await loadCommands();

  const server = buildWebhookServer({ store, providers, completer, log });
  await server.listen({ port: config.PORT, host: config.HOST });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  const context: CommandContext = {
    video,
    elements,
    guildSettings,
    store,
    media,
    providers,
    rest: client.rest,
    defaultModel: config.DEFAULT_MODEL,
    maxVariants: config.MAX_VARIANTS,
    log,
  };
  const route = makeInteractionRouter(commands, context, log);
  const onReaction = makeReactionHandler({ store, video, log, providers });
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.MessageReactionAdd, (reaction, user) => void onReaction(reaction, user));
  client.on(Events.Error, (error) => log.error({ err: describe(error) }, 'discord client error'));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.DISCORD_TOKEN);
  await ready;

  const webhooks = config.PUBLIC_URL !== undefined;
  const poller = new TaskPoller(
    { store, providers, completer, submitter, log },
    {
      webhooks,
      pollIntervalMs: config.POLL_INTERVAL_SECONDS * 1000,
      pollMaxIntervalMs: config.POLL_MAX_INTERVAL_SECONDS * 1000,
      safetyPollMs: config.SAFETY_POLL_SECONDS * 1000,
      timeoutMs: config.TASK_TIMEOUT_MINUTES * 60_000,
      tickMs: Math.min(1000, config.POLL_INTERVAL_SECONDS * 1000),
      batchSize: 50,
    },
  );
  const ticker = new StatusTicker({ store, notifier, eta, log }, config.STATUS_REFRESH_SECONDS * 1000);
  await poller.start();
  ticker.start();
  log.info(
    {
      user: client.user?.tag,
      providers: providers.names(),
      delivery: webhooks ? 'webhooks' : 'polling',
      webhookPort: port,
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
    store,
    stop: () => {
      // Stop taking work, let results already on their way to Discord arrive, then close. Once.
      stopping ??= (async () => {
        await ticker.stop();
        await server.close();
        await poller.stop();
        await completer.drain();
        await client.destroy();
        closeStore();
      })();
      return stopping;
    },
  };
}

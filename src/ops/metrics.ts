import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FailureKind } from '../domain/task.ts';
import type { Logger } from '../logging/log.ts';
import { MICROS_PER_USD } from '../money/micros.ts';
import { discordRouteClass } from './discord-route.ts';

/** How a result reached the requester: the video attached, a link to it, or by direct message. */
export type DeliveryHow = 'attached' | 'linked' | 'dm';

export interface TaskCount {
  status: string;
  provider: string;
  count: number;
}

export interface SpendTotals {
  /** Settled charges (charges.state = charged), in micro-dollars. */
  chargedMicros: number;
  /** Money held by running tasks (charges.state = reserved), in micro-dollars. */
  reservedMicros: number;
}

/** What the store-backed gauges read at each scrape (src/ops/store-metrics.ts reads them from the database). */
export interface MetricsSources {
  taskCounts?: () => Promise<TaskCount[]>;
  spend?: () => Promise<SpendTotals>;
}

export interface BotMetricsOptions extends MetricsSources {
  /** Process and Node.js metrics (CPU, memory, event loop lag, GC); on unless false. */
  defaultMetrics?: boolean;
  log?: Logger;
}

/** Webhook received → result posted: 5 ms to 30 s. */
export const WEBHOOK_TO_POST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const PREFIX = 'kling_bot_';

/**
 * The bot's Prometheus metrics (prom-client, https://github.com/siimon/prom-client), in a registry of
 * their own. The bot calls the small methods below where things happen; the task and spend gauges are
 * read from the store when Prometheus scrapes (a failed read is logged and leaves them empty).
 */
export class BotMetrics {
  readonly registry = new Registry();
  readonly #resultsDelivered: Counter<'provider' | 'how'>;
  readonly #webhookToPost: Histogram;
  readonly #discordRequests: Counter<'method' | 'route' | 'status'>;
  readonly #discordRateLimited: Counter<'method' | 'route' | 'scope'>;
  readonly #providerErrors: Counter<'provider' | 'kind'>;

  constructor(options: BotMetricsOptions = {}) {
    const registers = [this.registry];
    const log = options.log;
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const { taskCounts, spend } = options;
    new Gauge({
      name: `${PREFIX}tasks`,
      help: 'Tasks in the store, by status and provider',
      labelNames: ['status', 'provider'],
      registers,
      async collect() {
        this.reset();
        if (!taskCounts) return;
        const counts = await readOrLog(taskCounts, log, 'task counts');
        for (const row of counts ?? []) this.set({ status: row.status, provider: row.provider }, row.count);
      },
    });
    new Gauge({
      name: `${PREFIX}spend_usd`,
      help: 'Money in the spend ledger, in US dollars: state="charged" settled charges, state="reserved" held by running tasks',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        if (!spend) return;
        const totals = await readOrLog(spend, log, 'spend totals');
        if (!totals) return;
        this.set({ state: 'charged' }, totals.chargedMicros / MICROS_PER_USD);
        this.set({ state: 'reserved' }, totals.reservedMicros / MICROS_PER_USD);
      },
    });
    this.#resultsDelivered = new Counter({
      name: `${PREFIX}results_delivered_total`,
      help: 'Results posted to Discord, by provider and how (attached, linked, dm)',
      labelNames: ['provider', 'how'],
      registers,
    });
    this.#webhookToPost = new Histogram({
      name: `${PREFIX}webhook_to_post_seconds`,
      help: "Time from a provider's webhook arriving to the result being posted in Discord",
      buckets: WEBHOOK_TO_POST_BUCKETS,
      registers,
    });
    this.#discordRequests = new Counter({
      name: `${PREFIX}discord_requests_total`,
      help: 'Discord REST requests by method, route class (ids and tokens replaced) and HTTP status (429 = rate limited)',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.#discordRateLimited = new Counter({
      name: `${PREFIX}discord_rate_limited_total`,
      help: "Discord requests held back by a rate limit (discord.js's rateLimited event), by route class and scope (route or global)",
      labelNames: ['method', 'route', 'scope'],
      registers,
    });
    this.#providerErrors = new Counter({
      name: `${PREFIX}provider_errors_total`,
      help: 'Errors from video providers, by provider and kind',
      labelNames: ['provider', 'kind'],
      registers,
    });
  }

  resultDelivered(provider: string, how: DeliveryHow): void {
    this.#resultsDelivered.inc({ provider, how });
  }

  /** Seconds from the webhook's arrival to the result's post. */
  webhookToPost(seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) this.#webhookToPost.observe(seconds);
  }

  /** One Discord REST answer; `path` may be a raw path or URL: only its route class is kept. */
  discordRequest(method: string, path: string, status: number): void {
    this.#discordRequests.inc({ method: method.toUpperCase(), route: discordRouteClass(path), status: String(status) });
  }

  /** A request discord.js delayed for a rate limit (before sending it, or after a 429). */
  discordRateLimited(method: string, path: string, global: boolean): void {
    this.#discordRateLimited.inc({ method: method.toUpperCase(), route: discordRouteClass(path), scope: global ? 'global' : 'route' });
  }

  providerError(provider: string, kind: FailureKind | string): void {
    this.#providerErrors.inc({ provider, kind });
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

async function readOrLog<T>(read: () => Promise<T>, log: Logger | undefined, what: string): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    log?.warn({ err: error }, `metrics: could not read ${what} from the store`);
    return undefined;
  }
}

import { randomBytes, randomUUID } from 'node:crypto';
import type { ImageRef } from '../domain/request.ts';
import type { Origin, Task } from '../domain/task.ts';
import { validateRequest } from '../domain/validation.ts';
import { type RequestProblem } from '../domain/problems.ts';
import type { GuildSettings } from '../store/guild-settings.ts';
import { applyChannelDefaults } from './channel-defaults.ts';
import type { Checked, Order, OrderCheck, Placement, Quote, Started } from './orders.ts';
import type { Logger } from '../logging/log.ts';
import type { ProviderRegistry } from './provider-registry.ts';
import type { TaskSubmitter } from './task-submitter.ts';

export interface SubmissionsDeps {
  providers: ProviderRegistry;
  submitter: TaskSubmitter;
  /** Server settings (default provider, confirmation threshold) and channel defaults. */
  settings: Pick<GuildSettings, 'server' | 'channel'>;
  checks: OrderCheck[];
  maxVariants: number;
  log: Logger;
  now?: () => number;
}

/**
 * The one door every submission goes through: /video, "Make video", reruns, and (through the
 * submitter) restart recovery and failover. `check` validates once and prices; `start` stores the
 * task before anything is submitted, then submits it.
 */
export class Submissions {
  readonly #deps: SubmissionsDeps;
  readonly #now: () => number;

  constructor(deps: SubmissionsDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  async check<I>(placed: Order<I>): Promise<Checked<I>> {
    const { guildId, channelId } = placed.requester;
    const [server, channel] = await Promise.all([this.#deps.settings.server(guildId), this.#deps.settings.channel(guildId, channelId)]);
    const { order, notes } = applyChannelDefaults(placed, channel);
    const providerName = this.#providerFor(order, server.defaultProvider);
    if (!providerName.ok) return { ok: false, refusal: { kind: 'invalid', problems: [providerName.problem], notes } };
    const provider = this.#deps.providers.get(providerName.name);
    const problems = [...validateRequest(order.request, this.#deps.maxVariants), ...provider.unsupported(order.request)];
    if (problems.length > 0) return { ok: false, refusal: { kind: 'invalid', problems, notes } };
    const price = provider.estimateCost(order.request);
    const needsConfirmation = !order.confirmed && server.confirmAboveUsd > 0 && price.usd > server.confirmAboveUsd;
    const quote: Quote<I> = { order, provider, price, notes, needsConfirmation };
    for (const rule of this.#deps.checks) {
      const refusal = await rule(quote);
      if (refusal) return { ok: false, refusal };
    }
    return { ok: true, quote };
  }

  /** Stores the task (with its price reserved) and submits it. The quote's images must be kept already. */
  async start(quote: Quote<ImageRef>, placement: Placement): Promise<Started> {
    const { order } = quote;
    const origin: Origin = {
      guildId: order.requester.guildId,
      channelId: order.requester.channelId,
      userId: order.requester.userId,
      roleIds: order.requester.roleIds,
      userName: order.requester.userName,
      sourceMessageUrl: order.sourceMessageUrl,
      ...placement,
    };
    const task: Task = {
      id: randomUUID(),
      request: order.request,
      origin,
      provider: quote.provider.name,
      webhookToken: randomBytes(24).toString('base64url'),
      status: 'pending',
      results: [],
      estimatedCost: quote.price,
      createdAt: this.#now(),
      rerunOf: order.rerunOf,
    };
    return this.#deps.submitter.start(task);
  }

  /** The provider the member (or the channel) named, which must be configured; else the server's, else the bot's. */
  #providerFor(order: Order<unknown>, serverDefault: string | undefined): { ok: true; name: string } | { ok: false; problem: RequestProblem } {
    const providers = this.#deps.providers;
    if (order.provider) {
      if (providers.has(order.provider)) return { ok: true, name: order.provider };
      return {
        ok: false,
        problem: { option: 'provider', message: `\`${order.provider}\` is not configured here (available: ${providers.names().join(', ')})` },
      };
    }
    return { ok: true, name: serverDefault && providers.has(serverDefault) ? serverDefault : providers.defaultName };
  }
}
